"""Measure people, country and organisation extraction on CoNLL-2003, and speed on Reuters.

For PER mentions (exact span match) and country mentions (LOC spans, and MISC demonyms, that
name a country per ``newsearch.entities.canonical_country``): precision, recall, F1; plus the
document-level F1 of the canonical people set, and tokens per second; ``ours+archive`` adds
the people the archive's name registry finds when the split is read as one archive (lone
capitalised words and headline words it files as a person: ``run_archive``). ORG mentions (exact
span match; CoNLL's "Texaco Inc" against our "Texaco Inc" run) and the document-level F1 of
the organisation names (company suffixes left out of both) are printed on a line of their own.
The same figures are printed for a baseline: every span of NLTK's binary NE chunker that holds
a given name from ``names`` is a person (its spans that name a country are countries).

    python benchmarks/entities_conll.py                      # ../shared/eval/conll2003/eng.testa
    python benchmarks/entities_conll.py PATH --full-tagging  # also: tagger on whole sentences
    python benchmarks/entities_conll.py --reuters-only --limit 2000
    python benchmarks/entities_conll.py --code ../main   # the previous main, same script

CoNLL sentences come tokenized, so the pipeline runs from its token stage there; the Reuters
figure times :func:`newsearch.extract_entities` on raw bodies, tokenization included.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if "--code" in sys.argv:  # measure another checkout (the previous main) with this script
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve()))
else:
    sys.path.insert(0, str(ROOT))

from newsearch import entities  # noqa: E402
from newsearch.entities import canonical_country  # noqa: E402
from newsearch.errors import NLTKDataError  # noqa: E402
from newsearch.nltkdata import PACKAGES, ensure  # noqa: E402

Doc = list[tuple[list[str], list[str]]]  # sentences: (words, NER tags)
SpanKey = tuple[int, int, int, int]  # doc, sentence, start, end


def read_conll(path: Path) -> list[Doc]:
    docs: list[Doc] = []
    words: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if not parts:
            if words:
                docs[-1].append((words, tags)) if docs else docs.append([(words, tags)])
            words, tags = [], []
        elif parts[0] == "-DOCSTART-":
            docs.append([])
        else:
            words.append(parts[0])
            tags.append(parts[-1])
    return [doc for doc in docs if doc]


def gold_spans(tags: list[str]) -> Iterator[tuple[int, int, str]]:
    """IOB1 spans: (start, end, type)."""
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        t = tag[2:] if tag != "O" else None
        if start is not None and (t != kind or tag.startswith("B-")):
            yield start, i, kind or ""
            start, kind = None, None
        if t is not None and start is None:
            start, kind = i, t


def prf(found: set, gold: set) -> tuple[float, float, float]:
    tp = len(found & gold)
    p = tp / len(found) if found else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def doc_prf(found: list[set[str]], gold: list[set[str]]) -> tuple[float, float, float]:
    """Document-level precision, recall and F1 of name sets (micro-averaged)."""
    tp = sum(len(f & g) for f, g in zip(found, gold, strict=True))
    nf, ng = sum(map(len, found)), sum(map(len, gold))
    p, r = (tp / nf if nf else 0.0), (tp / ng if ng else 0.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def doc_f1(found: list[set[str]], gold: list[set[str]]) -> float:
    return doc_prf(found, gold)[2]


def gold_of(docs: list[Doc]) -> tuple[set[SpanKey], set[SpanKey], list[set[str]]]:
    people: set[SpanKey] = set()
    countries: set[SpanKey] = set()
    sets: list[set[str]] = []
    for d, doc in enumerate(docs):
        names = []
        for k, (words, tags) in enumerate(doc):
            for s, e, kind in gold_spans(tags):
                if kind == "PER":
                    people.add((d, k, s, e))
                    names.append(tuple(words[s:e]))
                elif kind in ("LOC", "MISC") and canonical_country(" ".join(words[s:e])):
                    countries.add((d, k, s, e))
        sets.append(set(entities.canonical_people(names)[1]) if names else set())
    return people, countries, sets


def gold_orgs(docs: list[Doc]) -> tuple[set[SpanKey], list[set[str]]]:
    from newsearch.entities.orgs import org_name

    spans: set[SpanKey] = set()
    sets: list[set[str]] = []
    for d, doc in enumerate(docs):
        names: set[str] = set()
        for k, (words, tags) in enumerate(doc):
            for s, e, kind in gold_spans(tags):
                if kind == "ORG":
                    spans.add((d, k, s, e))
                    names.add(org_name(words[s:e]) or " ".join(words[s:e]))
        sets.append(names)
    return spans, sets


ORGS: dict[str, tuple[set[SpanKey], list[set[str]]]] = {}  # run name -> our org spans, names


def _analysed(doc: Doc, full_tagging: bool) -> tuple[list[list[str]], list[bool], list, list[str]]:
    """A document's sentences, which of them are read (not headlines), and the mentions and
    canonical people :func:`newsearch.entities.analyse` finds in those, from its token stage."""
    sents = [words for words, _ in doc]
    keep = [entities.worth_reading(" ".join(w)) for w in sents]
    strict = [entities.is_table(" ".join(w)) for w in sents]
    used = [w if k else [] for w, k in zip(sents, keep, strict=True)]
    mentions, found, _ = entities.analyse(used, strict, full_tagging=full_tagging)
    return sents, keep, mentions, found


def run_ours(docs: list[Doc], full_tagging: bool) -> tuple[set, set, list[set[str]], float]:
    entities.clear_caches()
    org_spans: set[SpanKey] = set()
    org_sets: list[set[str]] = []
    people: set[SpanKey] = set()
    countries: set[SpanKey] = set()
    sets: list[set[str]] = []
    started = time.process_time()
    for d, doc in enumerate(docs):
        _, _, mentions, found = _analysed(doc, full_tagging)
        kinds = {"person": people, "country": countries, "organization": org_spans}
        for m in mentions:
            if m.kind in kinds:  # not the words kept for the archive's name map
                kinds[m.kind].add((d, m.sentence, m.start, m.end))
        sets.append(set(found))
        org_sets.append({m.name for m in mentions if m.kind == "organization"})
    ORGS["ours+fulltag" if full_tagging else "ours"] = (org_spans, org_sets)
    return people, countries, sets, time.process_time() - started


def run_archive(docs: list[Doc]) -> tuple[set, set, list[set[str]], float]:
    """``ours``, then the split read as one archive: the words each document keeps for the
    name map (:func:`newsearch.entities.extract.mention_words`: lone capitalised words, and the
    words of the lines it skips as headlines) that the registry files as a person
    (:mod:`newsearch.names.registry`, rule 4) are people of that document, under the name
    the document writes (the gold sets are per document)."""
    from newsearch.entities.extract import mention_words
    from newsearch.names import name_map

    entities.clear_caches()
    people: set[SpanKey] = set()
    countries: set[SpanKey] = set()
    sets: list[set[str]] = []
    words_of: list[dict[str, str]] = []  # folded -> as the document first writes it
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("people", "organizations")}
    counts["mentions"] = Counter()
    written: Counter[str] = Counter()
    started = time.process_time()
    for d, doc in enumerate(docs):
        sents, keep, mentions, found = _analysed(doc, False)
        for m in mentions:
            kinds = {"person": people, "country": countries}
            if m.kind in kinds:
                kinds[m.kind].add((d, m.sentence, m.start, m.end))
        orgs = [m.name for m in mentions if m.kind == "organization"]
        places = [m.name for m in mentions if m.kind == "country"]
        words = [m.name for m in mentions if m.kind == "word"]
        words += [w for w, k in zip(sents, keep, strict=True) if not k for w in w]
        kept = mention_words(words, found, [*orgs, *places])
        shown: dict[str, str] = {}
        for word in words:
            shown.setdefault(word.casefold(), word)
        words_of.append({w: shown[w] for w in kept})
        sets.append(set(found))
        counts["people"].update(set(found))
        counts["organizations"].update(set(orgs))
        counts["mentions"].update(kept)
        written.update({w.casefold() for w, k in zip(sents, keep, strict=True) if k for w in w})
    names = name_map(counts, (), lambda ws: {w: written[w] for w in ws})
    for found_set, kept_words in zip(sets, words_of, strict=True):
        for folded, word in kept_words.items():
            key = names.of("mentions", folded)
            if key is not None and key[0] == "people":
                found_set.add(word)
    return people, countries, sets, time.process_time() - started


def run_baseline(docs: list[Doc]) -> tuple[set, set, list[set[str]], float]:
    from nltk.chunk.named_entity import Maxent_NE_Chunker
    from nltk.tag.perceptron import PerceptronTagger
    from nltk.tree import Tree

    from newsearch.entities.wordlists import given_names

    tagger, chunker, given = PerceptronTagger(), Maxent_NE_Chunker(fmt="binary"), given_names()
    people: set[SpanKey] = set()
    countries: set[SpanKey] = set()
    sets: list[set[str]] = []
    started = time.process_time()
    for d, doc in enumerate(docs):
        names: set[str] = set()
        for k, (words, _) in enumerate(doc):
            tree, i = chunker.parse(tagger.tag(words)), 0
            for node in tree:
                size = len(node.leaves()) if isinstance(node, Tree) else 1
                if isinstance(node, Tree):
                    span = words[i : i + size]
                    if canonical_country(" ".join(span)):
                        countries.add((d, k, i, i + size))
                    elif any(w in given for w in span):
                        people.add((d, k, i, i + size))
                        names.add(" ".join(span))
                i += size
        sets.append(names)
    return people, countries, sets, time.process_time() - started


def reuters_speed(path: Path, limit: int | None) -> tuple[int, int, float]:
    bodies = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            body = json.loads(line).get("body") or ""
            if body:
                bodies.append(body)
            if limit and len(bodies) >= limit:
                break
    entities.nltk_models(), entities.extract_entities("Warm up, Mr Smith.")
    started = time.process_time()
    for body in bodies:
        entities.extract_entities(body)
    seconds = time.process_time() - started
    tokens = sum(len(re.findall(r"\w+(?:[-'.]\w+)*|[^\w\s]", b)) for b in bodies)
    return len(bodies), tokens, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("conll", nargs="*", type=Path, help="CoNLL-2003 files")
    parser.add_argument(
        "--reuters", type=Path, default=ROOT / "../shared/corpora/reuters21578.jsonl"
    )
    parser.add_argument("--limit", type=int, default=None, help="Reuters articles to time")
    parser.add_argument("--reuters-only", action="store_true")
    parser.add_argument("--no-reuters", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--full-tagging", action="store_true", help="also tag whole sentences")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose code to measure")
    args = parser.parse_args()
    try:
        ensure(*PACKAGES)  # the baseline uses the binary NE chunker too
    except NLTKDataError as error:
        print(f"skipped: {error}")
        return 0
    paths = [] if args.reuters_only else args.conll or [ROOT / "../shared/eval/conll2003/eng.testa"]
    for path in paths:
        if not path.exists():
            print(f"skipped: {path} not found")
            continue
        docs = read_conll(path)
        ntok = sum(len(w) for doc in docs for w, _ in doc)
        gold_p, gold_c, gold_sets = gold_of(docs)
        gold_o, gold_org_sets = gold_orgs(docs)
        print(
            f"\n{path.name}: {len(docs)} documents, {ntok} tokens, "
            f"{len(gold_p)} PER mentions, {len(gold_c)} country mentions"
        )
        print(
            f"{'system':<16} {'PER P':>6} {'R':>6} {'F1':>6}   {'CTRY P':>6} {'R':>6} {'F1':>6}"
            f"   {'docP':>6} {'docR':>6} {'docF1':>6}   {'tok/s':>8}"
        )
        runs = [("ours", False)] + ([("ours+fulltag", True)] if args.full_tagging else [])
        results = [(name, run_ours(docs, full)) for name, full in runs]
        try:
            from newsearch.entities.extract import mention_words  # noqa: F401
        except ImportError:  # a checkout (the previous main) without the mentions
            pass
        else:
            results.append(("ours+archive", run_archive(docs)))
        if not args.no_baseline:
            results.append(("baseline", run_baseline(docs)))
        for name, (people, countries, sets, seconds) in results:
            pp, pr, pf = prf(people, gold_p)
            cp, cr, cf = prf(countries, gold_c)
            dp, dr, df = doc_prf(sets, gold_sets)
            print(
                f"{name:<16} {pp:6.3f} {pr:6.3f} {pf:6.3f}   {cp:6.3f} {cr:6.3f} {cf:6.3f}"
                f"   {dp:6.3f} {dr:6.3f} {df:6.3f}   {ntok / seconds:8.0f}"
            )
        for name, (org_spans, org_sets) in ORGS.items():
            op, orr, of = prf(org_spans, gold_o)
            print(
                f"{name:<16} ORG P {op:.3f}  R {orr:.3f}  F1 {of:.3f}   "
                f"docF1 {doc_f1(org_sets, gold_org_sets):.3f}   ({len(gold_o)} ORG mentions)"
            )
    if not args.no_reuters:
        if args.reuters.exists():
            n, tokens, seconds = reuters_speed(args.reuters, args.limit)
            print(
                f"\nReuters bodies: {n} articles, {tokens} tokens, {seconds:.1f} s, "
                f"{tokens / seconds:.0f} tokens/s of CPU time (extract_entities, one process)"
            )
        else:
            print(f"skipped Reuters speed: {args.reuters} not found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
