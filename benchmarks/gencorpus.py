"""A deterministic corpus of any size for scale tests, made from the shared news corpora.

    python benchmarks/gencorpus.py OUT.jsonl --articles 100000 [--seed 1]

Article ``i`` of seed ``s`` is always the same, whatever the size asked for (its random
generator is seeded by ``(s, i)``): 2 to 6 paragraphs drawn from Reuters-21578 and BBC News
bodies, a title from either, a date shifted over 1985-2024, one of a few sources, and, in most
articles, a sentence naming a person (first names from NLTK's names corpus, surnames made of
syllables, so the vocabulary of names keeps growing with the corpus as real news does) and a
country. The texts stay in ``../shared``; only the generated file is written.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
REUTERS = SHARED / "corpora" / "reuters21578.jsonl"
BBC = SHARED / "corpora" / "bbc"
NAMES = SHARED / "nltk_data" / "corpora" / "names.zip"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")
COUNTRIES = [
    "Brazil",
    "Japan",
    "France",
    "Germany",
    "Iran",
    "Iraq",
    "Kenya",
    "Nigeria",
    "Canada",
    "Mexico",
    "China",
    "India",
    "Russia",
    "Turkey",
    "Egypt",
    "Spain",
    "Italy",
    "Poland",
    "Sweden",
    "Norway",
    "Chile",
    "Peru",
    "Argentina",
    "Australia",
    "Indonesia",
    "Pakistan",
    "Israel",
    "Jordan",
    "Greece",
    "Portugal",
    "Vietnam",
    "Thailand",
    "Malaysia",
    "Ghana",
    "Ethiopia",
    "Ukraine",
]
ROLES = ("minister", "spokesman", "chief executive", "analyst", "president", "governor")
SOURCES = ("Reuters", "BBC News", "Wire", "Financial Desk", "World Desk")
SYLLABLES = [
    "ka",
    "lo",
    "ver",
    "man",
    "sen",
    "dor",
    "ri",
    "ta",
    "bel",
    "hau",
    "mor",
    "gan",
    "vic",
    "stein",
    "ko",
    "ne",
    "lu",
    "sar",
]
FIRST_DAY, DAYS = date(1985, 1, 1), (date(2024, 12, 31) - date(1985, 1, 1)).days


@cache
def pools() -> tuple[list[str], list[str], list[str]]:
    """(paragraphs, titles, first names) of the shared corpora, read once."""
    paragraphs: list[str] = []
    titles: list[str] = []
    with REUTERS.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            body = " ".join((rec.get("body") or "").split())
            if rec.get("title"):
                titles.append(str(rec["title"]).title())
            sentences = SENTENCE_END.split(body)
            for k in range(0, len(sentences), 3):
                chunk = " ".join(sentences[k : k + 3]).strip()
                if len(chunk) > 60:
                    paragraphs.append(chunk)
    for path in sorted(BBC.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        title, _, body = text.partition("\n")
        titles.append(title.strip())
        paragraphs += [" ".join(p.split()) for p in body.split("\n\n") if len(p.strip()) > 60]
    first: list[str] = []
    if NAMES.exists():
        with zipfile.ZipFile(NAMES) as zf:
            for name in sorted(n for n in zf.namelist() if n.endswith(".txt")):
                first += [w.strip() for w in zf.read(name).decode("utf-8").splitlines()]
    first = sorted({w for w in first if w.isalpha()}) or ["John", "Mary", "Ahmed", "Li"]
    return paragraphs, titles, first


def _surname(rng: random.Random, i: int) -> str:
    # the pool of surnames grows with the article number: realistic growth of the vocabulary
    n = rng.randrange(2, 4)
    k = rng.randrange(max(50, i // 4))
    parts = []
    for _ in range(n):
        parts.append(SYLLABLES[k % len(SYLLABLES)])
        k //= len(SYLLABLES)
    return "".join(parts).capitalize()


def article(i: int, seed: int = 1) -> dict[str, str]:
    """Article number ``i`` of the corpus of ``seed``."""
    paragraphs, titles, first = pools()
    rng = random.Random(f"{seed}:{i}")
    body = [rng.choice(paragraphs) for _ in range(rng.randint(2, 6))]
    if rng.random() < 0.7:
        person = f"{rng.choice(first)} {_surname(rng, i)}"
        country = rng.choice(COUNTRIES)
        said = f"{person}, {rng.choice(ROLES)} in {country}, said the figures were in line."
        body.insert(rng.randrange(len(body) + 1), said)
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    return {
        "id": f"gen-{seed}-{i}",
        "title": rng.choice(titles),
        "body": "\n\n".join(body),
        "date": day.isoformat(),
        "source": rng.choice(SOURCES),
    }


def generate(articles: int, seed: int = 1) -> Iterator[dict[str, str]]:
    for i in range(articles):
        yield article(i, seed)


def write(out: Path, articles: int, seed: int = 1) -> int:
    with out.open("w", encoding="utf-8") as fh:
        for doc in generate(articles, seed):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return articles


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--articles", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    if not REUTERS.exists() or not BBC.is_dir():
        raise SystemExit(f"the shared corpora are not in {SHARED}")
    write(args.out, args.articles, args.seed)
    print(f"{args.articles:,} articles in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
