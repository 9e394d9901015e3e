"""People and organisations of Reuters-21578 against its editors' tags, and the people facet.

Every article is read as the indexer reads it (title, then dateline and body). Figures:

* recall of the editors' ``people`` tags ("james-baker", "reagan"): per (article, tag) pair, a
  person found whose surname is the tag's last word (and given name its first, when it has
  one), after the archive's name registry (:mod:`newsearch.names`) maps lone surnames;
* recall of the editors' ``orgs`` tags ("ec", "opec", "worldbank"): an organisation found whose
  name, initials or acronym is the tag;
* the top of the people facet over the whole archive, raw and after the registry: how many of
  its names are firm-like (an organisation word, or moved to organisations by the registry),
  and how many lone surnames it lists beside a full name that ends with them.

``--code DIR`` measures another checkout (the previous main) with the same script. Measurement
only: the editors' tags are never read at index time.

    python benchmarks/names_reuters.py [--limit N] [--top 50] [--code /work/main]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_SMALL = {"of", "the", "and", "for", "&", "de"}


def text_of(story: dict[str, Any]) -> str:
    title = (story.get("title") or "").strip()
    if title and title[-1] not in ".?!:;\"'":
        title += "."
    body = story.get("body") or ""
    if story.get("dateline"):
        body = f"{story['dateline'].strip()} {body}"
    return f"{title}\n\n{body}" if body else title


def person_matches(tag: str, names: list[str]) -> bool:
    words = tag.split("-")
    for name in names:
        parts = name.casefold().split()
        if parts and parts[-1] == words[-1] and (len(words) == 1 or parts[0] == words[0]):
            return True
    return False


def org_matches(tag: str, names: list[str]) -> bool:
    code = tag.split("-")[0]
    for name in names:
        words = name.split()
        initials = "".join(w[0] for w in words if w.lower() not in _SMALL).casefold()
        flat = name.casefold().replace(" ", "").replace(".", "")
        if code in (flat, initials) or (len(words) > 1 and tag.replace("-", "") == flat):
            return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default="/work/shared/corpora/reuters21578.jsonl")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N articles")
    parser.add_argument("--top", type=int, default=50, help="size of the people facet shown")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose code to measure")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from newsearch import extract_entities
    from newsearch.entities.wordlists import ORG_WORDS

    try:
        from newsearch.names import name_map
    except ImportError:  # a checkout without the registry
        name_map = None
    stories: list[tuple[dict[str, Any], Any]] = []
    with open(args.path, encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            stories.append((story, extract_entities(text_of(story))))
            if args.limit and len(stories) >= args.limit:
                break
    counts: dict[str, Counter[str]] = {
        "people": Counter(),
        "organizations": Counter(),
        "mentions": Counter(),
    }
    written: Counter[str] = Counter()  # articles whose body has a word, in any case
    for story, found in stories:
        written.update(set(re.findall(r"[^\W\d_]+", (story.get("body") or "").casefold())))
        counts["people"].update(set(found.people))
        counts["organizations"].update(set(getattr(found, "organizations", [])))
        counts["mentions"].update(set(getattr(found, "mentions", [])))
    names = None
    if name_map is not None:
        try:
            names = name_map(counts, (), lambda words: {w: written[w] for w in words})
        except TypeError:  # a checkout whose registry takes no frequencies
            names = name_map(counts)

    def shown(found: Any) -> tuple[list[str], list[str]]:
        stored = {
            "people": found.people,
            "organizations": getattr(found, "organizations", []),
            "mentions": getattr(found, "mentions", []),
        }
        if names is None:
            return list(found.people), list(stored["organizations"])
        out = names.shown(stored)
        return out.get("people", []), out.get("organizations", [])

    pairs = Counter[str]()
    for story, found in stories:
        people, orgs = shown(found)
        for tag in story.get("people") or []:
            pairs["people"] += 1
            pairs["people hit"] += person_matches(tag, people)
        for tag in story.get("orgs") or []:
            pairs["orgs"] += 1
            pairs["orgs hit"] += org_matches(tag, orgs)
    print(f"code: {args.code}  articles: {len(stories)}  registry: {names is not None}")
    for kind in ("people", "orgs"):
        n, hit = pairs[kind], pairs[f"{kind} hit"]
        print(f"recall of the editors' {kind} tags  {hit / max(1, n):.3f}  ({hit}/{n})")
    raw = [(name, n) for name, n in counts["people"].most_common(args.top)]
    facets = [("raw", raw)]
    if names is not None:
        facets.append(("registry", [(n, c) for n, c, _ in names.top("people", args.top)]))
    for label, top in facets:
        listed = {name for name, _ in top}
        firms = [
            name
            for name, _ in top
            if any(w.lower() in ORG_WORDS for w in name.split())
            or (names is not None and names.of("people", name) == ("organizations", name))
        ]
        surnames = [n for n in listed if " " not in n and any(f.endswith(f" {n}") for f in listed)]
        print(f"\npeople facet top {args.top} ({label}): {len(firms)} firm-like {firms}")
        print(f"  lone surnames listed beside a full name: {len(surnames)} {sorted(surnames)}")
        print("  " + ", ".join(f"{name} ({n})" for name, n in top))


if __name__ == "__main__":
    main()
