"""The bundled knowledge base: complete, valid, sourced, and holding the key
facts of the source documents."""

import re

import pytest

from civictech_kb.store.loader import load_collection
from civictech_kb.views.selection import with_derived

from ..conftest import BUNDLED, REPO

SEEDS = REPO.parent / "shared" / "seeds"

COUNTRIES = {"vietnam": "VN", "india": "IN", "myanmar": "MM", "china": "CN", "thailand": "TH",
             "malaysia": "MY", "south-korea": "KR", "japan": "JP", "taiwan": "TW", "philippines": "PH",
             "mongolia": "MN"}  # fmt: skip
EVENTS = ["digital-rights-asia-pacific-assembly-2023", "facing-the-ocean-jeju-2023",
          "public-private-collaboration-panel-2022", "ogp-asia-pacific-korea-2018", "nhk-hackathon-2022",
          "civictech-challenge-cup-u22", "social-hack-day", "civictech-live",
          "code-for-korea-meet-and-hack"]  # fmt: skip
GROUPS = ["facing-the-ocean", "g0v", "g0v-jothon", "g0v-international", "national-democratic-institute",
          "open-government-partnership", "tuva-communication", "civic-data-lab", "code-for-change-myanmar",
          "phandeeyar", "sinar-project", "code-for-korea", "nullfull", "semicolon", "parti",
          "seoul-innovation-park", "code-for-japan", "civictech-zen-chiba", "lass"]  # fmt: skip
PROJECTS = ["listening-vietnam", "sos-map", "myanmar-internet-project", "elect-in-th", "elect-live",
            "cofact-thailand", "cofacts", "public-mask", "uvirus", "mask-finder", "map-of-gazettes", "terrorless",
            "code-for-sake", "coco-makers", "tokyo-covid-19-website", "paper-map",
            "kakogawa-civic-participation-platform", "touqian-river-project", "tainan-vaccination-registration",
            "devlive", "mongolia-citizen-feedback-service", "air-box", "korea-code-fair",
            "busan-electronic-gazette"]  # fmt: skip


@pytest.fixture(scope="module")
def collection():
    return load_collection(BUNDLED, use_cache=False)


def test_every_entity_of_the_sources_has_a_record(collection):
    missing = [i for i in [*COUNTRIES, *EVENTS, *GROUPS, *PROJECTS] if collection.get(i) is None]
    assert missing == []


def test_every_type_is_present(collection):
    assert {r.type for r in collection} == {"project", "community", "organization", "event", "country"}
    assert {r.type for r in collection.sources.values()} == {"source"}


@pytest.mark.parametrize(("record_id", "code"), sorted(COUNTRIES.items()))
def test_country_profiles_carry_their_code(collection, record_id, code):
    record = collection.get(record_id)
    assert (record.type, record.countries) == ("country", [code])
    assert record.get("landscape")


def test_every_record_cites_a_source_record_or_a_web_page(collection):
    for record in collection:
        for citation in [*record.get("sources"), *(m["source"] for m in record.get("milestones", []))]:
            assert citation.get("url") or citation["source"] in collection.sources, record.id


def test_the_two_documents_are_source_records_a_reader_can_find(collection):
    handbook, notes = collection.sources["g0v-handbook-4-1"], collection.sources["ogp-korea-2018-notes"]
    assert handbook.get("website") == "https://g0v.hackmd.io/@jothon/ctpbook_en"
    assert (handbook.get("licence"), notes.get("licence")) == ("CC BY-NC", "none stated")
    assert notes.name == "OGP Korea 2018 及首爾參訪共筆" and notes.get("date") == "2018-11"
    for source in (handbook, notes):
        assert source.get("archive")["repository"] == "g0v-data/g0v-hackmd-archive"
        assert all(collection.get(p) is not None for p in source.get("publishers"))


def test_relations_resolve_both_ways(collection):
    for record in collection:
        for relation, target in record.relations():
            assert collection.get(target) is not None, (record.id, relation, target)
            reverse = with_derived(collection, collection.get(target))["related_from"]
            assert record.id in {i for ids in reverse.values() for i in ids}


def figure(collection, record_id, label_part):
    """The figure's value, or its lower bound ("more than 50,000" is more_than 50,000)."""
    found = next(f for f in collection.get(record_id).get("figures") if label_part in f["label"])
    return next(found[key] for key in ("value", "min", "more_than") if found.get(key) is not None)


MORE_THAN = r"(?:more than|over|above|upwards of|in excess of|exceeding)"


def _cited_text(collection, record) -> str:
    from civictech_kb.provenance.sections import SourceText

    texts = []
    for citation in record.get("sources", []):
        source = collection.sources.get(citation.get("source"))
        if source is not None and source.get("text_file"):
            text = SourceText((SEEDS / source.get("text_file")).read_text(encoding="utf-8"))
            texts.append((text.find(citation["section"]) if citation.get("section") else text.whole()).text)
    return " ".join(texts)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source texts (../shared/seeds) are absent")
def test_a_lower_bound_keeps_the_sources_more_than_or_at_least(collection):
    """'more than 200' is more_than: 200, never min: 200 ('at least 200'), and the other way round."""
    wrong = []
    for record in collection:
        for figure in record.get("figures", []):
            for key in ("min", "more_than"):
                if figure.get(key) is None:
                    continue
                number = re.escape(f"{figure[key]:,}").replace(",", ",?")
                said = re.search(
                    rf"{MORE_THAN}\s+(?:{number})(?![\d,%])", _cited_text(collection, record), re.I
                )
                if (key == "more_than") != bool(said):
                    wrong.append((record.id, figure["label"], key))
    assert wrong == []


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (lambda c: figure(c, "digital-rights-asia-pacific-assembly-2023", "participants"), 544),
        (lambda c: figure(c, "digital-rights-asia-pacific-assembly-2023", "countries"), 35),
        (
            lambda c: c.get("digital-rights-asia-pacific-assembly-2023").get("location"),
            "Chiang Mai University",
        ),
        (lambda c: c.get("listening-vietnam").get("founded"), "2017"),
        (lambda c: c.get("code-for-change-myanmar").status, None),
        (
            lambda c: (
                {ch["category"] for ch in c.get("myanmar").get("challenges")} >= {"safety-and-anonymity"}
            ),
            True,
        ),
        (lambda c: c.get("cofact-thailand").get("relations")["inspired_by"], ["cofacts"]),
        (lambda c: c.get("code-for-korea").get("founded"), "2020-02"),
        (lambda c: c.get("mask-finder").get("names")["ko"], "마스크찾아줌"),
        (lambda c: figure(c, "map-of-gazettes", "public messages"), 243),
        (lambda c: figure(c, "terrorless", "visitors"), 50000),
        (lambda c: figure(c, "code-for-sake", "before World War II"), 5500),
        (lambda c: figure(c, "tokyo-covid-19-website", "citizen"), 315),
        (lambda c: c.get("kakogawa-civic-participation-platform").get("founded"), "2020-10"),
        (lambda c: figure(c, "nhk-hackathon-2022", "teams"), 11),
        (lambda c: c.get("public-private-collaboration-panel-2022").get("start"), "2022-03-22"),
        (lambda c: figure(c, "tainan-vaccination-registration", "seconds"), 30),
        (lambda c: len(c.get("taiwan").get("challenges")) >= 7, True),
        (lambda c: c.get("ogp-asia-pacific-korea-2018").get("start"), "2018-11-05"),
        (lambda c: c.get("devlive").countries, ["PH"]),
    ],
)
def test_key_facts(collection, check, expected):
    assert check(collection) == expected
