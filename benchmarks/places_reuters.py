"""Recall (and precision) of the countries newsearch finds in Reuters-21578, against editors' tags.

Only articles with ``places`` tags are read. Each tag is mapped to a newsearch canonical country
with :func:`newsearch.entities.canonical_country` after "-" becomes " " ("west-germany" -> West
Germany -> Germany, "usa" -> United States); :data:`TAGS` holds the few codes that rule misses.
Tags that name no country (Hong Kong, territories) are left out of both figures.

* recall: per tag, the share of articles so tagged whose extracted countries include it;
  overall, micro-averaged over (article, tag) pairs;
* precision: of the countries found, the share that the article's tags name (the editors tag
  the places a story is about, not every country it mentions, so this is a lower bound).

The text is what the indexer reads: the title as a sentence of its own, then the body with the
story's dateline in front, as wire copy has it and as the JSON reader keeps it
(``--no-dateline``: the body alone, as the reader gave it before).

    python benchmarks/places_reuters.py [--limit N] [--top 15] [--no-dateline]

Measurement only: the editors' tags are never read at index time.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsearch import extract_entities  # noqa: E402
from newsearch.entities import canonical_country  # noqa: E402

#: Reuters place codes the generic rule does not map (code -> canonical country)
TAGS = {
    "uae": "United Arab Emirates",
    "ussr": "Soviet Union",
    "east-germany": "Germany",
    "west-germany": "Germany",
    "ivory-coast": "Ivory Coast",
    "zaire": "Democratic Republic of Congo",
    "burma": "Myanmar",
}


def country_of(tag: str) -> str | None:
    return TAGS.get(tag) or canonical_country(tag.replace("-", " "))


def text_of(story: dict[str, str], dateline: bool) -> str:
    title = (story.get("title") or "").strip()
    if title and title[-1] not in ".?!:;\"'":
        title += "."
    body = story.get("body") or ""
    if dateline and story.get("dateline"):
        body = f"{story['dateline'].strip()} {body}"
    return f"{title}\n\n{body}" if body else title


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default="/work/shared/corpora/reuters21578.jsonl")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N tagged")
    parser.add_argument("--top", type=int, default=15, help="tags to show recall for")
    parser.add_argument("--no-dateline", action="store_true", help="leave the dateline out")
    args = parser.parse_args()
    tagged, hits, found_total, found_right = Counter[str](), Counter[str](), 0, 0
    articles = 0
    with open(args.path, encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            gold = {c for c in map(country_of, story.get("places") or []) if c}
            if not gold:
                continue
            articles += 1
            found = set(extract_entities(text_of(story, not args.no_dateline)).countries)
            tagged.update(gold)
            hits.update(gold & found)
            found_total += len(found)
            found_right += len(found & gold)
            if args.limit and articles >= args.limit:
                break
    pairs, right = sum(tagged.values()), sum(hits.values())
    print(f"articles with country tags: {articles}  (article, country) pairs: {pairs}")
    print(f"recall    {right / max(1, pairs):.3f}  ({right}/{pairs})")
    print(f"precision {found_right / max(1, found_total):.3f}  ({found_right}/{found_total})")
    print("per tag (most tagged first):")
    for country, n in tagged.most_common(args.top):
        print(f"  {country:<24} {hits[country] / n:.3f}  ({hits[country]}/{n})")


if __name__ == "__main__":
    main()
