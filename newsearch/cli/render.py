"""Rendering: how results look on a terminal, in a pipe, and as JSON.

The CLI prints data on stdout (through these functions) and progress and diagnostics on stderr.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..escape import shown, shown_path
from ..models import Article, Entities, IndexReport, SearchResults

if TYPE_CHECKING:
    from ..query import SearchRequest
    from ..watch import Watch, WatchNews

BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _style(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{RESET}" if color and text else text


def results_text(results: SearchResults, *, color: bool, show_facets: bool = False) -> str:
    """Plain or coloured listing of one page of results."""
    from ..snippets import html_to_terminal

    lines: list[str] = []
    first = (results.page - 1) * results.limit
    showing = f"{first + 1}-{first + len(results.hits)}" if results.hits else "none"
    what = f" for {results.query!r}" if results.query else ""
    count = f"{results.total} {'match' if results.total == 1 else 'matches'}{what}"
    if results.ranked and not results.hits and results.page > results.pages:
        lines.append(f"{count}; page {results.page} of {results.pages}: past the last page")
    else:
        lines.append(f"{count} (showing {showing}, page {results.page} of {results.pages})")
    for note in results.ignored:
        lines.append(f"note: {shown(note)}")
    if results.partial:
        lines.append("note: no article has all the words; showing the best partial matches")
    if results.others:
        some = "article has" if results.others == 1 else "articles have"
        relevance = results.sort == "relevance"
        after = "ranked after these; --any counts them" if relevance else "--any shows them"
        lines.append(f"note: {results.others} more {some} some of the words ({after})")
    if results.undated_left_out:
        n = results.undated_left_out
        some = "undated article matches but is" if n == 1 else "undated articles match but are"
        lines.append(f"note: {n} {some} left out by --since/--until")
    if results.suggestion:
        lines.append(f"did you mean: {shown(results.suggestion)}")
    for rank, hit in enumerate(results.hits, first + 1):
        lines.append("")
        head = f"{rank}. {_style(shown(hit.title or hit.id), BOLD, color)}"
        where = "/".join(x for x in (hit.source, hit.section) if x)
        meta = "  ".join(x for x in (hit.date or "", shown(where), f"score {hit.score:.2f}") if x)
        lines.append(f"{head}  {_style(meta, DIM, color)}")
        lines.append(
            f"   {shown(shown_path(hit.path))}"
            + (f"  [{shown(hit.id)}]" if hit.id != hit.path else "")
        )
        if hit.copies:
            lines.append(f"   {shown(copies_note(hit.copies))}")
        if hit.copy_of:
            lines.append(f"   copy of {shown(hit.copy_of)}")
        if hit.people:
            lines.append(f"   people: {shown(', '.join(hit.people))}")
        if hit.countries:
            lines.append(f"   countries: {shown(', '.join(hit.countries))}")
        if hit.organizations:
            lines.append(f"   organizations: {shown(', '.join(hit.organizations))}")
        if hit.snippet:
            lines.append(f"   {html_to_terminal(hit.snippet, color=color)}")
        if hit.explain is not None:
            lines.append(_style(f"   score: {explain_text(hit.explain)}", DIM, color))
    if show_facets and results.facets:
        for name, counts in results.facets.items():
            lines.append("")
            lines.append(f"{name}:")
            lines.extend(f"  {c.count:6d}  {shown(c.value)}" for c in counts)
    if results.timeline or results.undated:
        lines.append("")
        lines.append(timeline_text(results))
    return "\n".join(lines)


def explain_text(parts: list[dict[str, Any]]) -> str:
    """``title:oil 3.10 + body:"oil price"~5 0.82 (proximity), x101 (all words)``."""
    added, factors = [], []
    for part in parts:
        if part["kind"] == "all words":
            factors.append(f"x{part['score']:g} (all words)")
            continue
        note = f" ({part['kind']})" if part["kind"] not in ("term", "phrase") else ""
        added.append(f"{part['field']}:{part['text']} {part['score']:.2f}{note}")
    return ", ".join([" + ".join(added) or "constant", *factors])


def copies_note(copies: list[str], shown: int = 5) -> str:
    """``+2 copies: a, b`` (the first ``shown`` ids)."""
    ids = ", ".join(copies[:shown]) + (", ..." if len(copies) > shown else "")
    return f"+{len(copies)} {'copy' if len(copies) == 1 else 'copies'}: {ids}"


def timeline_text(results: SearchResults, width: int = 40) -> str:
    """A compact text histogram of matches per period."""
    peak = max((b.count for b in results.timeline), default=0) or 1
    rows = ["timeline:"]
    for bucket in results.timeline:
        bar = "#" * max(1 if bucket.count else 0, round(bucket.count / peak * width))
        rows.append(f"  {bucket.period:<10} {bucket.count:6d} {bar}")
    if results.undated is not None:
        rows.append(f"  undated: {results.undated}")
    return "\n".join(rows)


def article_text(article: Article, *, color: bool) -> str:
    lines = [_style(shown(article.title), BOLD, color)]
    meta = [article.date or "undated", shown_path(article.path)]
    if article.source:
        meta.append("/".join(x for x in (article.source, article.section) if x))
    if article.url:
        meta.append(article.url)
    lines.append(_style(shown("  ".join(meta)), DIM, color))
    lines.append(f"id: {shown(article.id)}")
    if article.copy_of:
        lines.append(f"copy of: {shown(article.copy_of)}")
    if article.copies:
        lines.append(shown(copies_note(article.copies)))
    if article.author:
        lines.append(f"author: {shown(article.author)}")
    lines.append(f"people: {shown(', '.join(article.people)) or '-'}")
    lines.append(f"countries: {shown(', '.join(article.countries)) or '-'}")
    lines.append(f"organizations: {shown(', '.join(article.organizations)) or '-'}")
    lines.append("")
    lines.append(shown(article.body, lines=True))
    return "\n".join(lines)


def entities_text(entities: Entities) -> str:
    return (
        f"people: {shown(', '.join(entities.people)) or '-'}\n"
        f"countries: {shown(', '.join(entities.countries)) or '-'}\n"
        f"organizations: {shown(', '.join(entities.organizations)) or '-'}"
    )


def report_text(report: IndexReport) -> str:
    problems = len(report.problems)
    return (
        f"{shown(str(report.index_dir))}: {report.added} added, {report.updated} updated, "
        f"{report.removed} removed, {report.unchanged} unchanged, {report.skipped} skipped, "
        f"{report.ignored} ignored"
        + (
            f", {problems} {'problem' if problems == 1 else 'problems'} (listed above)"
            if problems
            else ""
        )
        + f" ({report.seconds:.1f} s)"
    )


def info_text(info: dict[str, Any]) -> str:
    lines = [f"{key}: {shown(str(value))}" for key, value in info.items() if key != "curation"]
    curation = info.get("curation") or {}
    changes = curation.get("changes", [])
    lines.append(f"curation: {len(changes)} change{'s' if len(changes) != 1 else ''}")
    lines += [f"  {shown(line)}" for line in changes]
    if curation.get("error"):
        lines.append(f"  not applied: {curation['error']}")
    lines += [f"  skipped: {line}" for line in curation.get("skipped", [])]
    return "\n".join(lines)


def _search_text(request: SearchRequest) -> str:
    """A saved search as one short line: its query and filters."""
    parts = [repr(request.query)] if request.query else ["(every article)"]
    parts += [f"person:{v}" for v in request.people]
    parts += [f"country:{v}" for v in request.countries]
    parts += [f"source:{v}" for v in request.sources]
    if request.since or request.until:
        parts.append(f"{request.since or '…'}..{request.until or '…'}")
    return " ".join(parts)


def watch_line(watch: Watch) -> str:
    when = f"shown {watch.shown}" if watch.shown else f"added {watch.added}, never shown"
    return (
        f"{watch.name}  {shown(_search_text(watch.request))}  "
        f"{watch.new:,} new of {watch.total:,} ({when})"
    )


def watch_news_text(news: WatchNews, *, color: bool) -> str:
    watch = news.watch
    head = f"{watch.name}: {shown(_search_text(watch.request))}"
    if not news.articles:
        return f"{head}\nnothing new since {news.since}"
    n = len(news.articles)
    lines = [head, f"{n:,} new {'article' if n == 1 else 'articles'} since {news.since}:"]
    for article in news.articles:
        lines.append("")
        meta = _style(article.date or "undated", DIM, color)
        lines.append(f"{_style(shown(article.title or article.id), BOLD, color)}  {meta}")
        lines.append(
            f"   {shown(article.path)}"
            + (f"  [{shown(article.id)}]" if article.id != article.path else "")
        )
    return "\n".join(lines)


def watch_summary(watches: list[Watch]) -> str:
    """After an indexing run: the new matches of each saved search."""
    return "\n".join(
        f"watch {w.name}: {w.new:,} new" + (f" (newsearch watch show {w.name})" if w.new else "")
        for w in watches
    )
