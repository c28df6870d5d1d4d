"""The attribution credits every source record from what the source record
says, and says of a source stating no licence that ctkb takes only facts
from it, in its own words; `ctkb sources` flags such a source."""

import json

from civictech_kb.model import licence
from civictech_kb.store.loader import load_collection
from civictech_kb.views.citations import credits

from ..conftest import write_record

LICENSED = """id: guide
type: source
name: A Field Guide
work: The Big Book
summary: A guide.
publishers: [makers]
languages: [en]
website: https://example.org/guide
licence: CC BY 4.0
"""
UNLICENSED = """id: minutes
type: source
name: Meeting Minutes
summary: Minutes.
publishers: [makers]
languages: [en]
licence: none stated
"""
MAKERS = """id: makers
type: community
name: The Makers
summary: A group.
sources:
  - source: guide
  - source: minutes
"""


def collection(tmp_path):
    write_record(tmp_path, "sources", "guide", LICENSED)
    write_record(tmp_path, "sources", "minutes", UNLICENSED)
    write_record(tmp_path, "communities", "makers", MAKERS)
    return load_collection(tmp_path, use_cache=False)


def test_the_attribution_credits_every_source_from_its_record(tmp_path):
    text = licence.attribution(credits(collection(tmp_path)))
    assert (
        "“A Field Guide”, in The Big Book, by The Makers (https://example.org/guide), licensed CC BY 4.0"
        in text
    )
    assert "“Meeting Minutes”, by The Makers, which states no licence: ctkb takes only facts from it" in text
    assert text.endswith(f"the data is licensed {licence.DATA_LICENCE}.")
    assert "g0v" not in text  # nothing hand-typed about the bundled sources


def test_a_licence_is_stated_unless_the_record_says_none():
    assert licence.states_licence("CC BY-NC")
    assert not any(licence.states_licence(v) for v in ("none stated", "None stated ", "", None))


def test_exports_carry_the_attribution_of_their_collection(ctkb, tmp_path):
    collection(tmp_path)
    rows = json.loads(ctkb("export", "--format", "json", "--records", tmp_path).stdout)
    assert all("Meeting Minutes" in row["data_licence"] for row in rows)
    report = ctkb("export", "--format", "md", "--records", tmp_path).stdout
    assert "“A Field Guide”" in report and "ctkb takes only facts from it" in report


def test_sources_flags_a_source_without_a_licence(ctkb, tmp_path):
    collection(tmp_path)
    listed = ctkb("sources", "--records", tmp_path).stdout.split("\n- ")
    assert [("states no licence" in " ".join(entry.split())) for entry in listed[:2]] == [False, True]
    markdown = ctkb("sources", "--format", "md", "--records", tmp_path).stdout
    assert "**minutes**" in markdown and "states no licence" in markdown.split("**minutes**")[1]
