"""Sources as records: citations a reader can follow in every view and
export, the bibliography, what rests on a source, the data licence, and
the history (milestones) records carry."""

import json
import sqlite3

import pytest

from civictech_kb.model.licence import DATA_LICENCE, DATA_LICENCE_URL
from civictech_kb.store.loader import load_collection, validate_paths
from civictech_kb.views.citations import bibliography, resolve, sources_view
from civictech_kb.views.results import to_data

from ..conftest import MINI, write_record

FIXTURE = "“Fixture Notes on Civic Tech”, g0v, section “Myanmar”, https://example.org/fixture-notes"


@pytest.fixture(scope="module")
def collection():
    return load_collection(MINI, use_cache=False)


def test_a_citation_resolves_to_title_publishers_section_and_address(collection):
    cited = resolve(collection, {"source": "fixture-notes", "section": "Myanmar", "point": "b."})
    assert cited == {"source": "fixture-notes", "title": "Fixture Notes on Civic Tech", "publishers": ["g0v"],
                     "url": "https://example.org/fixture-notes", "section": "Myanmar", "point": "b.",
                     "text": FIXTURE.replace("”, https", "”, b., https")}  # fmt: skip
    assert resolve(collection, {"url": "https://example.org/page"})["text"] == "https://example.org/page"


def test_sources_are_kept_apart_from_the_records(collection):
    assert "fixture-notes" not in collection and collection.get("fixture-notes").type == "source"
    assert collection.find("Fixture Notes on Civic Tech").id == "fixture-notes"
    assert all(r.type != "source" for r in collection.records)


def test_bibliography_counts_the_records_citing_each_source(collection):
    [entry] = bibliography(collection, collection.records)
    assert (entry["id"], entry["cited_by"], entry["licence"]) == ("fixture-notes", 8, "CC BY-NC")
    assert sources_view(collection).licence["licence_url"] == DATA_LICENCE_URL


def test_sources_command_lists_the_bibliography_and_the_data_licence(ctkb):
    result = ctkb("sources", "--records", MINI)
    assert result.exit_code == 0
    assert result.stdout.startswith("- fixture-notes: “Fixture Notes on Civic Tech”, g0v, 2023,")
    assert "(cited by 8 records)" in result.stdout and DATA_LICENCE in result.stdout
    data = json.loads(ctkb("sources", "--records", MINI, "--format", "json").stdout)
    assert data == to_data(sources_view(load_collection(MINI)))


def test_show_of_a_source_lists_what_rests_on_it(ctkb):
    shown = ctkb("show", "fixture-notes", "--records", MINI).stdout
    assert "Cited by\n- cofact-thailand: Cofact Thailand (Cofact Thailand)\n" in shown
    assert "- myanmar: Myanmar (Myanmar)\n" in shown


def test_show_cites_sources_by_title_section_and_address_and_gives_the_history(ctkb):
    shown = ctkb("show", "myanmar", "--records", MINI, "--format", "md").stdout.replace("\\", "")
    assert "## History\n\n- 2021-02: A military coup. (“Fixture Notes on Civic Tech”" in shown
    assert "fixture.txt" not in shown


def test_country_view_shows_history_in_order_and_the_sources_it_quotes(ctkb):
    data = json.loads(ctkb("country", "myanmar", "--records", MINI, "--format", "json").stdout)
    assert data["history"] == [{"date": "2021-02", "summary": "A military coup.", "record": "myanmar",
                                "source": FIXTURE}]  # fmt: skip
    assert data["sources"] == {"myanmar": [FIXTURE]}


def test_an_unknown_source_is_a_dangling_source(mini):
    write_record(mini, "projects", "orphan", "id: orphan\ntype: project\nname: Orphan\nsummary: S.\n"
                 "milestones:\n  - {date: 2020, summary: S., source: {source: handbok}}\n"
                 "sources:\n  - source: cofacts\n")  # fmt: skip
    problems = [(p.code, p.line, p.column, p.message) for p in validate_paths(mini, [])]
    assert problems == [
        ("dangling-source", 6, 48, "sources: no source has the id 'handbok'"),
        ("dangling-source", 8, 13, "sources: 'cofacts' is a project record, not a source"),
    ]


@pytest.mark.parametrize(("figure", "code"), [
    ("{label: people, min: 10, max: 30, approximate: true}", None), ("{label: people, min: 30, max: 10}", "bad-value"),
    ("{label: people}", "bad-value"), ("{label: people, value: 3, min: 1}", "bad-value"),
])  # fmt: skip
def test_figures_are_a_value_or_a_range(mini, figure, code):
    write_record(mini, "projects", "ranged", "id: ranged\ntype: project\nname: Ranged\nsummary: S.\n"
                 f"figures:\n  - {figure}\nsources:\n  - source: fixture-notes\n")  # fmt: skip
    assert [p.code for p in validate_paths(mini, [])] == ([code] if code else [])


def test_exports_carry_the_data_licence_and_full_citations(ctkb, tmp_path):
    def export(fmt: str, *more: str) -> str:
        return ctkb("export", "--records", MINI, "--format", fmt, "--date", "2024-01-01", *more).stdout

    assert f"## Licence and attribution\n\nData licence: {DATA_LICENCE}" in export("md")
    assert "<h2>Licence and attribution</h2>" in export("html")
    records = json.loads(export("json"))
    assert all(r["data_licence"].startswith(DATA_LICENCE) for r in records)
    assert records[0]["citations"][0]["title"] == "Fixture Notes on Civic Tech"
    assert '"data_licence"' in export("csv").splitlines()[0]
    target = tmp_path / "kb.db"
    export("sqlite", "--output", str(target))
    db = sqlite3.connect(target)
    assert db.execute("SELECT licence FROM licence").fetchone() == (DATA_LICENCE,)
    assert db.execute("SELECT id, title, cited_by FROM bibliography").fetchall() == [
        ("fixture-notes", "Fixture Notes on Civic Tech", 8)]  # fmt: skip
    assert db.execute("SELECT citation FROM sources WHERE record_id = 'myanmar'").fetchone() == (FIXTURE,)
    assert db.execute("SELECT count(*) FROM sources WHERE source_id = 'fixture-notes'").fetchone() == (8,)
    db.close()


def test_timeline_kinds_and_years(ctkb):
    milestones = ctkb("timeline", "--records", MINI, "--kind", "milestone", "--format", "md").stdout
    assert milestones == "- **2021** █ 1\n  - 2021-02 Myanmar: A military coup. (MM)\n"
    founding = ctkb(
        "timeline", "--records", MINI, "--kind", "founding", "--since", "2016", "--format", "json"
    )
    assert [y["year"] for y in json.loads(founding.stdout)["years"]] == [2016, 2019]
    assert ctkb("timeline", "--records", MINI, "--kind", "birthday").exit_code == 2


def test_licences_are_stated_beside_the_code_and_the_data():
    from ..conftest import BUNDLED, REPO

    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    for text in (
        (BUNDLED / "LICENSE").read_text(encoding="utf-8"),
        (REPO / "README.md").read_text(encoding="utf-8"),
    ):
        assert DATA_LICENCE in text and DATA_LICENCE_URL in text and "g0v Jothon" in text
