"""The archive's name registry: which stored names are one person (or one organisation).

Built from the counts of every stored value of the name fields (articles per value, as the
index holds them), so it is recomputed, cheaply, whenever the index changes and is never out
of step with it: incremental indexing needs no bookkeeping of its own, and no old file is read
again. Engine-neutral: the counts come from any backend's facets over every article.

Rules, in this order:

1. **Organisations filed as people.** A person's name of two words or more that the archive
   also files as an organisation, or as the start of one ("Merrill Lynch" beside "Merrill Lynch
   Capital Markets"), in at least a fifth as many articles, is an organisation.
2. **Full names with the same given name and surname are one** ("Ronald W. Reagan" ->
   "Ronald Reagan", the most frequent form); so are surnames spelled one letter apart after
   the same given name ("Mikhail Gorbachov" -> "Mikhail Gorbachev").
3. **A lone surname belongs to the full name that holds most of the full-name mentions of
   it** ("Reagan" -> "Ronald Reagan" when Nancy Reagan has fewer); when none holds most, it
   stays as written.
4. **Mentions** (:data:`newsearch.fields.MENTIONS`: a headline's words, lone capitalised
   words) are that owner's too ("REAGAN SAYS" -> Ronald Reagan), when the archive names people
   of that surname in at least as many articles as it has the word as a mention: "MAY" in a
   thousand headlines is not Theresa May's, nor "GOLD" a Mr Gold's; and in at least half as
   many as have the word in their body, in any case ("Jobs" in BBC's Title-Case headlines is
   not Steve Jobs's: bodies say "jobs" far more often than they name him). Any other mention
   is no one's. (On Reuters, shares of 0.5 to 2 find the same editors' tags, 0.941 of them; below
   1, firms' headlines go to spurious owners: "RENAULT" to *Usines Renault*.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from ..fields import MENTIONS

Key = tuple[str, str]  # (field, name)
Counts = Mapping[str, Mapping[str, int]]  # field -> value -> articles

PEOPLE, ORGS = "people", "organizations"
ORG_SHARE = 0.2  # of a name's articles that file it as an organisation make it one
#: articles naming a surname's people per article with the word as a mention, for it to be theirs
MENTION_SHARE = 1.0
#: ... and per article whose body has the word in any case ("Baker said" and "the baker")
WORD_SHARE = 0.5
Frequency = Callable[[Sequence[str]], Mapping[str, int]]


def _org_evidence(people: Mapping[str, int], orgs: Mapping[str, int]) -> dict[str, int]:
    """Articles filing each person's name as an organisation or as the start of one."""
    evidence: dict[str, int] = defaultdict(int)
    for org, count in orgs.items():
        words = org.split(" ")
        for k in range(1, len(words) + 1):
            head = " ".join(words[:k])
            if head in people and (k >= 2 or k == len(words)):
                evidence[head] += count
    return evidence


def _one_letter_apart(a: str, b: str) -> bool:
    if len(a) != len(b) or len(a) < 6 or a[:4] != b[:4]:
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _owner(holders: set[str], totals: Mapping[str, int]) -> tuple[str | None, int]:
    """The full name that holds most of the articles of ``holders`` (full names sharing a
    surname: more than half of them, two at least), None when none does; and those articles."""
    best = max(holders, key=lambda n: (totals[n], n))
    held = sum(totals[n] for n in holders)
    return (best if 2 * totals[best] > held and totals[best] >= 2 else None), held


def build(counts: Counts, frequency: Frequency | None = None) -> dict[Key, Key]:
    """(field, stored value) -> (field, canonical name), for every value that is not its own.
    ``frequency``: the articles whose body has each of some words, in any case (rule 4)."""
    people = counts.get(PEOPLE, {})
    orgs = counts.get(ORGS, {})
    found: dict[Key, Key] = {}
    evidence = _org_evidence(people, orgs)
    persons: dict[str, int] = {}
    for name, count in people.items():
        if evidence.get(name, 0) >= ORG_SHARE * count and (" " in name or name in orgs):
            found[(PEOPLE, name)] = (ORGS, name)
        else:
            persons[name] = count
    # 2. one person under several full names
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in persons:
        words = name.split(" ")
        if len(words) >= 2:
            groups[(words[0], words[-1])].append(name)
    totals: dict[str, int] = {}  # canonical full name -> articles of all its forms
    for forms in groups.values():
        best = min(forms, key=lambda n: (-persons[n], len(n), n))
        totals[best] = sum(persons[n] for n in forms)
        found.update({(PEOPLE, n): (PEOPLE, best) for n in forms if n != best})
    by_given: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in totals:
        words = name.split(" ")
        by_given[(words[0], words[-1][:4])].append(name)
    for similar in by_given.values():
        similar.sort(key=lambda n: (-totals[n], n.isascii(), n))  # "Erdoğan" over "Erdogan"
        for i, name in enumerate(similar[1:], 1):
            for major in similar[:i]:
                if major in totals and _one_letter_apart(name.split()[-1], major.split()[-1]):
                    found[(PEOPLE, name)] = (PEOPLE, major)
                    for key, target in list(found.items()):
                        if target == (PEOPLE, name):
                            found[key] = (PEOPLE, major)
                    totals[major] += totals.pop(name)
                    break
    # 3. lone surnames, of every form of a full name ("Gorbachov" -> "Mikhail Gorbachev")
    by_surname: dict[str, set[str]] = defaultdict(set)
    for name in persons:
        if " " in name:
            canonical = found.get((PEOPLE, name), (PEOPLE, name))[1]
            if canonical in totals:
                by_surname[name.rsplit(" ", 1)[-1]].add(canonical)
    for name in persons:
        if " " in name or name not in by_surname:
            continue
        owner, _ = _owner(by_surname[name], totals)
        if owner is not None:
            found[(PEOPLE, name)] = (PEOPLE, owner)
    found.update(_mentions(counts.get(MENTIONS, {}), persons, totals, by_surname, frequency))
    return found


def _mentions(
    mentions: Mapping[str, int],
    persons: Mapping[str, int],
    totals: Mapping[str, int],
    by_surname: Mapping[str, set[str]],
    frequency: Frequency | None,
) -> dict[Key, Key]:
    """Rule 4: each mention (a folded word) the owner of its surname has, if any."""
    if not mentions:
        return {}
    holders_of: dict[str, set[str]] = defaultdict(set)
    for surname, full_names in by_surname.items():
        holders_of[surname.casefold()] |= full_names
    lone: dict[str, int] = defaultdict(int)
    for name, count in persons.items():
        if " " not in name:
            lone[name.casefold()] += count
    owned: dict[str, tuple[str, int]] = {}  # word -> its owner, articles naming the surname
    for word, count in mentions.items():
        holders = holders_of.get(word)
        if not holders:
            continue
        owner, held = _owner(holders, totals)
        named = held + lone.get(word, 0)
        if owner is not None and named >= MENTION_SHARE * count:
            owned[word] = (owner, named)
    written = frequency(sorted(owned)) if frequency is not None and owned else {}
    return {
        (MENTIONS, word): (PEOPLE, owner)
        for word, (owner, named) in owned.items()
        if named >= WORD_SHARE * written.get(word, 0)  # not "jobs", "live": words of bodies
    }
