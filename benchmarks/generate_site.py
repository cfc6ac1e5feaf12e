"""A deterministic synthetic site of N articles for the benchmarks
(python generate_site.py N DIR [--shape four|single]).

Two shapes of article, both of about 1,200 Danish words with front matter, headings, lists, a
table, citations into a shared bibliography of 300 entries and a tip box:
- `four` (the default): an index.md and three section files, 4–12 citations per file, a care card;
- `single`: one index.md per article folder with 3–6 citations and one image (a small PNG beside it).
The same N and shape always give the same files.
"""

from __future__ import annotations

import argparse
import random
import struct
import zlib
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = (
    "smerter ryggen benet nerven træning hverdagen bevægelse forskning behandling undersøgelse lægen "
    "fysioterapeut søvn gåtur arbejde familie styrke balance kroppen muskler led disken hvirvlen "
    "scanning billede resultat bedring uger måneder forløb aktivitet belastning pause hvile mål plan "
    "og i at det en til på er som med for af der ikke har kan du vi de man om efter over under mellem "
    "ofte sjældent gradvist langsomt hurtigt roligt trygt vigtigt almindeligt normalt forskelligt "
    "forventninger bekymring viden erfaring spørgsmål svar råd hjælp støtte samtale forklaring "
    "genoptræning øvelser udstrækning cykling svømning yoga styrketræning løb dans havearbejde "
    "iskiassmerter lænderygsmerter diskusprolaps spinalstenose føleforstyrrelser kraftnedsættelse"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(7, 17))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(rng: random.Random, keys: list[str], sentences: int = 5, cites: int = 1) -> str:
    text = " ".join(sentence(rng) for _ in range(sentences))
    if not cites:
        return text + "\n"
    cited = rng.sample(keys, rng.randint(1, 3))
    return text[:-1] + " [" + "; ".join(f"@{k}" for k in cited) + "]."


def section(rng: random.Random, keys: list[str], n: int, title: str) -> str:
    parts = [f"## {title} {n}", "", paragraph(rng, keys), "", f"### Mere om {title.lower()} {n}", ""]
    parts += [paragraph(rng, keys), "", "- " + sentence(rng), "- " + sentence(rng), "- " + sentence(rng), ""]
    parts += [paragraph(rng, keys), "", "::: tip Prøv selv", sentence(rng), ":::", "", paragraph(rng, keys), ""]
    parts += ["| Alder | Andel |", "| --- | --- |"] + [f"| {a} | {rng.randint(1, 99)} % |" for a in (20, 40, 60)]
    parts += ["", paragraph(rng, keys, 6), ""]
    return "\n".join(parts)


def article(rng: random.Random, keys: list[str], n: int) -> dict[str, str]:
    index = (
        f"---\ntitle: Artikel {n}\ndescription: En syntetisk artikel til måling af byggetiden.\n"
        "author: Redaktionen\npublished: 2026-01-01\nlast_reviewed: 2026-06-01\nnext_review: 2099-01-01\n---\n\n"
        f"::: summary\n- {sentence(rng)}\n- {sentence(rng)}\n:::\n\n{paragraph(rng, keys)}\n"
    )
    card = "\n::: card urgent\n- har feber\n- har smerter, der bliver værre\n:::\n"
    return {
        "index.md": index,
        "01-baggrund.md": section(rng, keys, n, "Baggrund"),
        "02-behandling.md": section(rng, keys, n, "Behandling") + card,
        "03-hverdag.md": section(rng, keys, n, "Hverdag"),
    }


def single_article(rng: random.Random, keys: list[str], n: int) -> dict[str, str]:
    """One index.md of about 1,200 words with 3–6 citations and one image."""
    cited = set(rng.sample(range(19), rng.randint(3, 6)))  # which of the 19 paragraphs cite
    paragraphs = iter(range(19))

    def text() -> str:
        number = next(paragraphs)
        return paragraph(rng, keys, 5, cites=1 if number in cited else 0)

    parts = [f"---\ntitle: Artikel {n}\ndescription: En syntetisk artikel til måling af byggetiden.\n"
             "author: Redaktionen\npublished: 2026-01-01\nlast_reviewed: 2026-06-01\nnext_review: 2099-01-01\n---\n",
             f"::: summary\n- {sentence(rng)}\n- {sentence(rng)}\n:::\n", text(),
             f"![Tegning til artikel {n}.](figur.png)\n"]
    for title in ("Baggrund", "Behandling", "Hverdag"):
        parts += [f"## {title}\n", text(), text(), f"### Mere om {title.lower()}\n", text(),
                  "- " + sentence(rng) + "\n- " + sentence(rng) + "\n- " + sentence(rng) + "\n", text(),
                  f"::: tip Prøv selv\n{sentence(rng)}\n:::\n", text(), text()]
    parts += ["| Alder | Andel |\n| --- | --- |\n" + "\n".join(f"| {a} | {rng.randint(1, 99)} % |" for a in (20, 40, 60))]
    assert next(paragraphs, None) is None
    return {"index.md": "\n".join(parts) + "\n"}


def png(width: int, height: int, shade: int) -> bytes:
    """A small grey PNG, written by hand so the generator needs no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes([shade]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def bibliography(keys: list[str]) -> str:
    return "\n".join(
        f"@article{{{key},\n  author = {{Hansen, A and Kjær, P}},\n  title = {{Studie nummer {i}}},\n"
        f"  journal = {{Tidsskrift for Test}},\n  year = {{{2000 + i % 25}}},\n  volume = {{{i}}},\n"
        f"  pages = {{1--{i + 1}}},\n  doi = {{10.9999/test.{i}}},\n}}\n"
        for i, key in enumerate(keys)
    )


SHAPES = ("four", "single")
HANDOUTS = ("html", "pdf", "none")  # site.yml's `handouts`; the benchmarks' default is html (see README)


def generate(count: int, root: Path, shape: str = "four", handouts: str = "html") -> Path:
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(count)
    keys = [f"studie{i:03d}" for i in range(300)]
    for n in range(count):
        files = article(rng, keys, n) if shape == "four" else single_article(rng, keys, n)
        folder = root / "content" / f"artikel-{n:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        if shape == "single":
            (folder / "figur.png").write_bytes(png(64, 40, n % 256))
    (root / "references.bib").write_text(bibliography(keys), encoding="utf-8")
    site = (REPO / "site.yml").read_text(encoding="utf-8")
    site = site.replace("lix_max: 40", "lix_max: 99")
    # each article's handout page; a PDF per article (WeasyPrint, 0.1-0.4 s of CPU each) only when asked
    site += f"\nhandouts: {handouts}\n"
    (root / "site.yml").write_text(site, encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--shape", choices=SHAPES, default="four")
    parser.add_argument("--handouts", choices=HANDOUTS, default="html",
                        help="each article's handout: page only (the default), page and PDF, or none")
    arguments = parser.parse_args()
    generate(arguments.count, arguments.folder, arguments.shape, arguments.handouts)
