"""Every built page passes the Nu HTML Checker (vnu.jar, the W3C validator) with zero errors.

Three sites are built into temporary folders and every HTML page of each is validated in one run
of the checker (`java -jar vnu.jar --errors-only --format json …`):

- the repository's own site, as published;
- a variant that takes every other branch of the templates: superscript citations, a filled-in
  reviewer and contact, several articles (a folder article and a one-file article), every callout
  and care-card type, a chart, a table, an image, a code block, citations with locators;
- one article per kind of tricky input the build accepts (inline tags left open or misnested,
  headings that spell an id the page itself uses, citations and links in headings, …): whatever
  the build accepts must still give a valid page.

On failure each error is printed as `page:line:column: message` with the HTML around it.

Needs java (the machine's, on PATH or /usr/bin/java) and vnu.jar: the environment variable
VNU_JAR, else /opt/vnu/node_modules/vnu-jar/build/dist/vnu.jar (`npm install --prefix /opt/vnu
vnu-jar`). Without them the tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import skip_or_fail, BIB, INDEX, SITE_YML, write_files

from iskias_site.pipeline.site import build_site

pytestmark = pytest.mark.slow  # starts a server or Java: not for the inner loop

REPO = Path(__file__).resolve().parent.parent
DEFAULT_JAR = Path("/opt/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
SITE_FILES = ("content", "templates", "static", "references.bib", "site.yml", "published-anchors.txt")


@dataclass(frozen=True)
class Validator:
    java: str
    jar: Path


def _find_java() -> str | None:
    found = shutil.which("java")
    if found:
        return found
    return "/usr/bin/java" if os.access("/usr/bin/java", os.X_OK) else None


def _require_validator() -> Validator:
    """Skip without java or vnu.jar, but fail under CI=true (a CI run must not silently skip these)."""
    java = _find_java()
    jar = Path(os.environ.get("VNU_JAR") or DEFAULT_JAR)
    missing = [what for what, ok in (("java", java is not None), (f"vnu.jar at {jar}", jar.is_file())) if not ok]
    if missing:
        skip_or_fail(f"{' and '.join(missing)} not found; the HTML validator tests cannot run",
                     "install a JDK and `npm install --prefix /opt/vnu vnu-jar`, or set VNU_JAR")
    return Validator(java, jar)  # type: ignore[arg-type]


def test_validator_is_available():
    """One plain test that FAILS (not errors) under CI=true when java or vnu.jar is missing."""
    _require_validator()


@pytest.fixture(scope="module")
def validator() -> Validator:
    return _require_validator()


# --- running the checker -----------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    page: str  # relative to the site folder
    line: int
    column: int
    message: str
    extract: str

    def format(self) -> str:
        extract = " ".join(self.extract.split())
        return f"{self.page}:{self.line}:{self.column}: {self.message}\n    {extract}"


def validate(validator: Validator, site: Path) -> dict[str, list[Problem]]:
    """Every HTML page under `site`, checked in one run: its errors by page (every page listed)."""
    pages = sorted(site.rglob("*.html"))
    assert pages, f"no HTML pages in {site}"
    run = subprocess.run([validator.java, "-jar", str(validator.jar), "--errors-only", "--format", "json",
                          *map(str, pages)], capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(run.stderr or run.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar gave no JSON (exit {run.returncode}):\n{run.stderr[-3000:]}", pytrace=False)
    found: dict[str, list[Problem]] = {p.relative_to(site).as_posix(): [] for p in pages}
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        path = Path(url.removeprefix("file:")) if url.startswith("file:") else None
        page = path.relative_to(site).as_posix() if path and path.is_relative_to(site) else url or "?"
        found.setdefault(page, []).append(Problem(page, message.get("lastLine", 0), message.get("lastColumn", 0),
                                                  message.get("message", ""), message.get("extract", "")))
    if run.returncode != 0 and not any(found.values()):
        pytest.fail(f"vnu.jar failed (exit {run.returncode}) without naming an error:\n{run.stderr[-3000:]}",
                    pytrace=False)
    return found


def assert_valid(found: dict[str, list[Problem]], label: str, only: list[str] | None = None,
                 source: str = "") -> None:
    problems = [p for page, items in sorted(found.items()) if only is None or page in only for p in items]
    if problems:
        written = f"\nbuilt from this Markdown:\n{source}" if source else ""
        pytest.fail(f"{len(problems)} HTML error(s) in {label}:\n" + "\n".join(p.format() for p in problems)
                    + written, pytrace=False)


def build(root: Path, out: Path) -> Path:
    result = build_site(root, out, use_cache=False)
    problems = "\n".join(d.format() for d in result.diagnostics.sorted())
    assert result.ok, f"the site in {root} did not build:\n{problems}"
    return out


def copy_templates(root: Path) -> None:
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")


# --- the repository's site ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def repo_report(validator: Validator, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Problem]]:
    base = tmp_path_factory.mktemp("vnu-repo")
    for name in SITE_FILES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, base / "site" / name)
        elif path.is_file():
            (base / "site").mkdir(exist_ok=True)
            shutil.copy2(path, base / "site" / name)
    return validate(validator, build(base / "site", base / "out"))


def test_repository_site_pages_are_valid(repo_report):
    assert {"index.html", "404.html", "iskiassmerter/index.html"} <= set(repo_report), sorted(repo_report)
    assert_valid(repo_report, "the repository's site")


# --- every other branch of the templates -------------------------------------------------------

def tiny_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


VARIANT_SECTION = """\
## Første afsnit med <b>fed</b> & "citater"

::: summary
- Kort fortalt [@alpha2020].
- Mere.
:::

Tekst [@alpha2020, s. 12] og flere [@alpha2020; @beta2021; @gamma2022]. Et [link](https://example.org/a?b=1&c=2).

::: info Godt at vide
Et afsnit med **fed** og *kursiv* [@beta2021].
:::

::: tip Prøv selv
1. Et
2. To
:::

::: important
Vigtigt.
:::

::: quote
Et citat.
:::

### Underoverskrift {#eget-anker}

| Alder | Andel |
| --- | ---: |
| 20 | 30 % |

![En rød firkant](billede.png "Titel")

```
kode [@alpha2020]
```

Slut med `kode`.
"""

VARIANT_CARDS = """\
## Hvornår skal du søge læge?

::: card emergency
- har lammelser
- kan ikke tisse
:::

::: card urgent
- har feber
:::

::: card non-urgent
- har ondt
:::

::: chart fund.csv
Andel med fund [@gamma2022].
:::
"""


@pytest.fixture(scope="module")
def variant_report(validator: Validator, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Problem]]:
    base = tmp_path_factory.mktemp("vnu-variant")
    root = base / "site"
    root.mkdir()
    copy_templates(root)
    site = SITE_YML.replace("citation_style: parenthetical", "citation_style: superscript").replace(
        "contact_email: redaktion@test.example\n",
        'contact_email: redaktion@test.example\ndescription: Et testsite med <særlige> tegn & "citater".\n')
    index = INDEX.replace("author: Redaktionen\n", "author: Redaktionen\nauthor_credentials: sygeplejerske\n"
                          "reviewer: Dr. Hansen\nreviewer_credentials: overlæge\nreviewed: 2026-01-02\n"
                          'based_on: "Forskning & erfaring"\n')
    single = INDEX.replace("title: Testartikel", "title: Enkel artikel").replace(
        "Indledning [@beta2021].", "Indledning uden kilder.\n\n## Et afsnit\n\nTekst.\n")
    write_files(root, {
        "site.yml": site, "references.bib": BIB, "content/test/index.md": index,
        "content/test/01-foerste.md": VARIANT_SECTION, "content/test/02-kort.md": VARIANT_CARDS,
        "content/test/fund.csv": "fund,20,30\nEt fund,10,20\nEt andet,30,40.5\n",
        "content/enkel.md": single,
    })
    (root / "content/test/billede.png").write_bytes(tiny_png(4, 3))
    return validate(validator, build(root, base / "out"))


def test_template_variants_are_valid(variant_report):
    assert {"index.html", "404.html", "test/index.html", "enkel/index.html"} <= set(variant_report)
    assert_valid(variant_report, "the variant site (superscript, reviewer, every block type, two articles)")


# --- tricky input the build accepts ------------------------------------------------------------

TRICKY = {
    "unclosed-inline-tag": "Tekst med <b>fed, der aldrig lukkes [@alpha2020].\n\n## Næste afsnit\n\nMere tekst.\n",
    "unclosed-tag-in-callout": "- punkt\n\n::: tip Tip med <b>fed</b>\nTekst <i>ulukket\n:::\n\n## Afsnit\n\nTekst.\n",
    "inline-tag-across-paragraphs": "Tekst <i>kursiv\n\nfortsat</i> her.\n\n## Afsnit\n\nTekst.\n",
    "misnested-inline-tags": "Tekst <b><i>begge</b> kun kursiv</i> [@alpha2020].\n\n## Afsnit\n\nTekst.\n",
    "stray-closing-tags": "Tekst </b> og </span> her.\n\n## Afsnit\n\nTekst.\n",
    "heading-kilder": "Tekst [@alpha2020].\n\n## Kilder\n\nOm kilderne.\n",
    "heading-om-siden": "Tekst.\n\n## Om siden\n\nTekst.\n",
    "heading-indhold": "Tekst.\n\n## Indhold\n\nTekst.\n\n### Indhold overskrift\n\nTekst.\n",
    "anchor-like-citation-ids": "Tekst [@alpha2020].\n\n## Afsnit {#cite-1}\n\nTekst.\n\n## Andet {#ref-alpha2020}\n\nTekst.\n",
    "citation-in-heading": "Tekst.\n\n## Om studiet [@alpha2020]\n\nTekst [@beta2021].\n",
    "link-and-tags-in-heading": "Tekst.\n\n## Se <abbr title=\"Sundhedsstyrelsen\">SST</abbr> og [her](https://sst.dk)\n\n"
                                "Tekst.\n",
    "html-characters-in-heading": "Tekst.\n\n## Ryg & ben: \"1 < 2\"?\n\nTekst.\n",
    "tags-in-table-and-lists": "| A | B |\n| --- | --- |\n| <b>x</b><br>y | <sup>2</sup> [@alpha2020] |\n\n"
                               "- <span lang=\"en\">pain</span>\n  - <kbd>Ctrl</kbd>\n\n## Afsnit\n\nTekst.\n",
    "many-citations": "Tekst [@alpha2020; @beta2021; @gamma2022, s. 3] og [@gamma2022, s. 4–5].\n\n## Afsnit\n\n"
                      + " ".join("Sætning [@alpha2020]." for _ in range(30)) + "\n",
    "empty-looking-heading": "Tekst.\n\n## <i></i>\n\nTekst.\n",
}


@dataclass(frozen=True)
class TrickyBuild:
    report: dict[str, list[Problem]]
    refused: dict[str, list[str]]  # case -> the errors the build gave for it (refusing is fine too)


@pytest.fixture(scope="module")
def tricky(validator: Validator, tmp_path_factory: pytest.TempPathFactory) -> TrickyBuild:
    """One site with an article per case. A case the build refuses (an error naming its file) is
    set aside and the rest built again: refusing bad input is as good as rendering it validly."""
    base = tmp_path_factory.mktemp("vnu-tricky")
    root = base / "site"
    root.mkdir()
    copy_templates(root)
    head = INDEX.split("---\n\n")[0] + "---\n\n"  # the front matter alone
    files = {"site.yml": SITE_YML, "references.bib": BIB}
    for name, body in TRICKY.items():
        files[f"content/{name}.md"] = head.replace("title: Testartikel", f"title: {name}") + body
    write_files(root, files)
    refused: dict[str, list[str]] = {}
    for _ in range(2):
        result = build_site(root, base / "out", use_cache=False)
        if result.ok:
            break
        for diagnostic in result.diagnostics.errors:
            case = diagnostic.path.removeprefix("content/").removesuffix(".md")
            assert case in TRICKY, f"an error outside the tricky articles: {diagnostic.format()}"
            refused.setdefault(case, []).append(diagnostic.format())
        for case in refused:
            (root / "content" / f"{case}.md").unlink(missing_ok=True)
    else:
        problems = "\n".join(d.format() for d in result.diagnostics.sorted())
        pytest.fail(f"the tricky site did not build:\n{problems}", pytrace=False)
    return TrickyBuild(validate(validator, base / "out"), refused)


@pytest.mark.parametrize("case", list(TRICKY))
def test_tricky_input_gives_a_valid_page(tricky, case):
    if case in tricky.refused:
        assert all(":" in line.split(": error: ")[0] for line in tricky.refused[case]), tricky.refused[case]
        return  # refused with a diagnostic naming the line: nothing reaches a reader
    page = f"{case}/index.html"
    assert page in tricky.report, f"{page} was not built"
    assert_valid(tricky.report, page, only=[page], source=TRICKY[case])


def test_tricky_site_front_page_is_valid(tricky):
    assert_valid(tricky.report, "the front page listing the tricky articles", only=["index.html", "404.html"])
