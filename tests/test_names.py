"""Names across the archive: organisations apart from people, one person under one name, and
the user's curation (merge, rename, move, ignore) seen at once by filters, facets and hits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsearch
from newsearch.cli import cli
from newsearch.errors import CurationError

ARTICLES = {
    "veto.txt": "Budget bill blocked\n\nPresident Reagan vetoed the spending bill on Tuesday.",
    "geneva.txt": "Summit in Geneva\n\nPresident Ronald Reagan met Mikhail Gorbachev in Geneva.",
    "press.txt": "Questions at the White House\n\nRonald Reagan spoke to reporters on Monday.",
    "school.txt": "A visit to a school\n\nNancy Reagan visited a school in Chicago on Friday.",
    "broker.txt": "Brokers raise forecast\n\nSmith Barney said it would raise its forecast.",
    "merger.txt": "Merger likely\n\nAn analyst at Smith Barney said the merger was likely.",
}


def _index(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    for name, text in ARTICLES.items():
        (news / name).write_text(text, encoding="utf-8")
    index = tmp_path / "index"
    newsearch.index_corpus(news, index_dir=index, workers=1)
    return index


@pytest.fixture
def index(tmp_path: Path, nltk_ready: None) -> Path:
    return _index(tmp_path)


def _facet(ix: newsearch.NewsIndex, field: str, **filters: object) -> dict[str, int]:
    results = ix.search("", facets=True, **filters)  # type: ignore[arg-type]
    return {c.value: c.count for c in results.facets[field]}


def _ids(ix: newsearch.NewsIndex, **filters: object) -> set[str]:
    return {Path(h.id).name for h in ix.search("", limit=100, **filters)}  # type: ignore[arg-type]


def test_smith_barney_is_an_organization_not_a_person(index: Path) -> None:
    with newsearch.open_index(index) as ix:
        assert "Smith Barney" not in _facet(ix, "people")
        assert _facet(ix, "organizations")["Smith Barney"] == 2
        assert _ids(ix, organizations=["Smith Barney"]) == {"broker.txt", "merger.txt"}
        hit = ix.search("forecast").hits[0]
        assert hit.organizations == ["Smith Barney"] and hit.people == []


def test_org_filter_on_the_command_line(index: Path) -> None:
    result = CliRunner().invoke(
        cli, ["query", "merger", "--org", "smith barney", "--index", str(index), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)["hits"]
    assert [Path(h["id"]).name for h in hits] == ["merger.txt"]


def test_a_lone_surname_counts_under_the_full_name_that_owns_it(index: Path) -> None:
    with newsearch.open_index(index) as ix:
        people = _facet(ix, "people")
        assert people["Ronald Reagan"] == 3  # the surname's article included
        assert "Reagan" not in people and people["Nancy Reagan"] == 1
        reagan = _ids(ix, people=["Reagan"])
        assert (
            reagan
            == _ids(ix, people=["Ronald Reagan"])
            == {
                "veto.txt",
                "geneva.txt",
                "press.txt",
            }
        )
        assert ix.get("news/veto.txt").people == ["Ronald Reagan"]


def _found(ix: newsearch.NewsIndex, query: str) -> set[str]:
    return {Path(h.id).name for h in ix.search(query, limit=100)}


def test_a_name_typed_in_the_query_means_what_the_filter_means(index: Path) -> None:
    with newsearch.open_index(index) as ix:
        reagan = {"veto.txt", "geneva.txt", "press.txt"}  # not Nancy Reagan's school visit
        assert _ids(ix, people=["Reagan"]) == _ids(ix, people=["Ronald Reagan"]) == reagan
        for query in ("people:Reagan", 'people:"Ronald Reagan"', "person:reagan"):
            assert _found(ix, query) == reagan, query
        assert _found(ix, "NOT people:Reagan") == {"school.txt", "broker.txt", "merger.txt"}
        assert _found(ix, "bill people:Reagan") == {"veto.txt"}
        # an organisation filed as a person is found as the organisation, in either field
        assert _found(ix, 'org:"smith barney"') == {"broker.txt", "merger.txt"}
        assert _found(ix, 'people:"Smith Barney"') == {"broker.txt", "merger.txt"}
        assert _found(ix, "people:putin") == set()  # a name the index lacks: its words, none
        ix.curate("merge", "people", "Nancy Reagan", "Ronald Reagan")  # seen at once
        assert _found(ix, "people:Reagan") == reagan | {"school.txt"}


def test_merge_rename_move_and_ignore_change_results_at_once(index: Path) -> None:
    with newsearch.open_index(index) as ix:
        ix.curate("merge", "people", "Nancy Reagan", "Ronald Reagan")
        assert _facet(ix, "people")["Ronald Reagan"] == 4
        assert "school.txt" in _ids(ix, people=["Ronald Reagan"])
        ix.curate("rename", "person", "Ronald Reagan", "Ronald W. Reagan")
        people = _facet(ix, "people")
        assert people["Ronald W. Reagan"] == 4 and "Ronald Reagan" not in people
        assert len(_ids(ix, people=["Ronald W. Reagan"])) == 4
        ix.curate("ignore", "people", "Mikhail Gorbachev")
        assert "Mikhail Gorbachev" not in _facet(ix, "people")
        assert ix.search("geneva").hits[0].people == ["Ronald W. Reagan"]
        ix.curate("move", "people", "Ronald W. Reagan", "organizations")
        assert _facet(ix, "organizations")["Ronald W. Reagan"] == 4
        assert ix.info()["curation"]["changes"][0] == 'merge people "Nancy Reagan" "Ronald Reagan"'


def test_curation_survives_an_incremental_index_run(tmp_path: Path, nltk_ready: None) -> None:
    index = _index(tmp_path)
    with newsearch.open_index(index) as ix:
        ix.curate("merge", "people", "Nancy Reagan", "Ronald Reagan")
    (tmp_path / "news" / "later.txt").write_text(
        "Another visit\n\nNancy Reagan opened a library in Ohio on Sunday.", encoding="utf-8"
    )
    report = newsearch.index_corpus(tmp_path / "news", index_dir=index, workers=1)
    assert report.added == 1
    with newsearch.open_index(index) as ix:
        people = _facet(ix, "people")
        assert "Nancy Reagan" not in people and people["Ronald Reagan"] == 4
        assert {"later.txt", "school.txt"} <= _ids(ix, people=["Ronald Reagan"])
        # two full names now hold "Reagan" alike: the lone surname stays as written
        assert people["Reagan"] == 1


def test_a_headline_finds_its_person_once_later_articles_name_him(
    tmp_path: Path, nltk_ready: None
) -> None:
    """The owner of a headline's surname can come with a later index run: the headline's
    article is his then, though its file is not read again."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "deal.txt").write_text("VOLCKER SAYS DOLLAR FALL IS ENOUGH\n", encoding="utf-8")
    index = tmp_path / "index"
    newsearch.index_corpus(news, index_dir=index, workers=1)
    with newsearch.open_index(index) as ix:
        assert _ids(ix, people=["Volcker"]) == set() and ix.search("dollar").hits[0].people == []
    for name in ("fed.txt", "rates.txt"):
        (news / name).write_text(
            "Fed chief speaks\n\nFederal Reserve Chairman Paul Volcker spoke on rates.",
            encoding="utf-8",
        )
    report = newsearch.index_corpus(news, index_dir=index, workers=1)
    assert (report.added, report.unchanged) == (2, 1)
    with newsearch.open_index(index) as ix:
        assert _ids(ix, people=["Volcker"]) == {"deal.txt", "fed.txt", "rates.txt"}
        assert ix.search("dollar").hits[0].people == ["Paul Volcker"]
        assert _facet(ix, "people") == {"Paul Volcker": 3}


def test_impossible_curations_are_refused_and_change_nothing(index: Path) -> None:
    with newsearch.open_index(index) as ix:
        with pytest.raises(CurationError, match="already one name"):
            ix.curate("merge", "people", "Reagan", "Ronald Reagan")  # the registry made them one
        with pytest.raises(CurationError, match="no person named 'Nobody Here'"):
            ix.curate("merge", "people", "Nancy Reagan", "Nobody Here")
        with pytest.raises(CurationError, match="is not a name field"):
            ix.curate("move", "people", "Nancy Reagan", "dates")
    assert not (index / "curation.txt").exists()


def test_a_curation_file_edited_into_nonsense_is_refused_by_line(index: Path) -> None:
    (index / "curation.txt").write_text(
        'merge people "Nancy Reagan" "Ronald Reagan"\nsplice people "Reagan"\n', encoding="utf-8"
    )
    with newsearch.open_index(index) as ix:
        assert _facet(ix, "people")["Nancy Reagan"] == 1  # still answers, file not applied
        assert "line 2: unknown curation 'splice'" in ix.info()["curation"]["error"]
        with pytest.raises(CurationError, match="line 2"):
            ix.curate("ignore", "people", "Nancy Reagan")
    result = CliRunner().invoke(cli, ["info", "--index", str(index)])
    assert result.exit_code == 0 and "line 2: unknown curation 'splice'" in result.stdout


def test_entities_commands(index: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    text = tmp_path / "a.txt"
    text.write_text("An analyst at Goldman Sachs said President Ronald Reagan would win.")
    result = runner.invoke(cli, ["entities", str(text)])
    assert result.exit_code == 0
    assert "people: Ronald Reagan" in result.stdout
    assert "organizations: Goldman Sachs" in result.stdout
    result = runner.invoke(cli, ["entities", "list", "--index", str(index)])
    assert result.exit_code == 0 and "3  Ronald Reagan  (also Reagan)" in result.stdout
    args = ["--index", str(index)]
    result = runner.invoke(cli, ["entities", "merge", "Nancy Reagan", "Ronald Reagan", *args])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(cli, ["entities", "merge", "Nancy Reagan", "Ronald Reagan", *args])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "newsearch: error: 'Nancy Reagan' and 'Ronald Reagan' are already one name"
    ]
    lines = (index / "curation.txt").read_text().splitlines()
    assert [line for line in lines if not line.startswith("#")] == [
        'merge people "Nancy Reagan" "Ronald Reagan"'
    ]


def test_the_search_page_filters_by_organisation_and_takes_curations(index: Path) -> None:
    pytest.importorskip("flask")
    from newsearch.web import create_app

    app = create_app(str(index))
    app.config["TESTING"] = True
    client = app.test_client()
    page = client.get("/?q=merger&org=Smith+Barney").get_data(as_text=True)
    assert "organisation: Smith Barney" in page and "Merger likely" in page
    answer = client.post(
        "/api/curation",
        json={"action": "merge", "field": "people", "name": "Nancy Reagan", "target": "Reagan"},
    )
    assert answer.status_code == 200, answer.get_json()
    facet = client.get("/api/search?q=&facets=1").get_json()["facets"]["people"]
    assert {"value": "Ronald Reagan", "count": 4} in facet
    again = client.post(
        "/api/curation",
        json={"action": "merge", "field": "people", "name": "Nancy Reagan", "target": "Reagan"},
    )
    assert again.status_code == 400 and "already one name" in again.get_json()["error"]
    assert client.post("/api/curation", data="merge").status_code == 400
