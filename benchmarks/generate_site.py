"""A deterministic synthetic site of N articles for the benchmarks (python generate_site.py N DIR).

Each article has about 1,200 Danish words in three sections, with front matter, headings, lists,
a table, citations into a shared bibliography of 300 entries, callouts and a care card, so every
step of the pipeline is exercised. The same N always gives the same files.
"""

from __future__ import annotations

import random
import shutil
import sys
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


def paragraph(rng: random.Random, keys: list[str], sentences: int = 5) -> str:
    text = " ".join(sentence(rng) for _ in range(sentences))
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


def bibliography(keys: list[str]) -> str:
    return "\n".join(
        f"@article{{{key},\n  author = {{Hansen, A and Kjær, P}},\n  title = {{Studie nummer {i}}},\n"
        f"  journal = {{Tidsskrift for Test}},\n  year = {{{2000 + i % 25}}},\n  volume = {{{i}}},\n"
        f"  pages = {{1--{i + 1}}},\n  doi = {{10.9999/test.{i}}},\n}}\n"
        for i, key in enumerate(keys)
    )


def generate(count: int, root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(count)
    keys = [f"studie{i:03d}" for i in range(300)]
    for n in range(count):
        for name, text in article(rng, keys, n).items():
            path = root / "content" / f"artikel-{n:05d}" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    (root / "references.bib").write_text(bibliography(keys), encoding="utf-8")
    site = (REPO / "site.yml").read_text(encoding="utf-8")
    (root / "site.yml").write_text(site.replace("lix_max: 40", "lix_max: 99"), encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    return root


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
