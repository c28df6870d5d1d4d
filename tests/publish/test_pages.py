"""The site's pages as data: a comparison page shows the comparison `ctkb
compare` makes (views/compare.py), not a summary of its own."""

from __future__ import annotations

from itertools import combinations

import pytest

from civictech_kb.publish.page import compare_path, country_codes
from civictech_kb.publish.pages import compare_pages
from civictech_kb.store.loader import load_collection
from civictech_kb.views.compare import compare

from ..conftest import MINI


@pytest.fixture(scope="module")
def collection():
    return load_collection(MINI)


def pair_pages(collection):
    return {page.path: page for page in compare_pages(collection) if page.path.startswith("compare/")}


def test_a_page_per_pair_of_countries(collection):
    codes = country_codes(collection)
    assert set(pair_pages(collection)) == {compare_path(a, b) for a, b in combinations(codes, 2)}


def test_each_pair_page_shows_what_ctkb_compare_says(collection):
    topics = collection.vocabulary.topics
    for path, page in pair_pages(collection).items():
        first, second = path.removeprefix("compare/").removesuffix(".html").upper().split("-")
        view = compare(collection, [first, second])
        context = page.context
        assert [c["name"] for c in context["countries"]] == [p.name for p in view.places]
        assert context["shared_topics"] == sorted(topics[t].label for t in view.differences.shared_topics)
        for shown, place in zip(context["countries"], view.places, strict=True):
            assert shown["counts"] == {kind: len(ids) for kind, ids in place.records.items()}
            assert shown["lessons"] == len(place.lessons)
            only = {topics[t].label for t in place.topics} - set(context["shared_topics"])
            assert shown["only_topics"] == sorted(only)
            assert {r["id"] for g in shown["groups"] for r in g["records"]} == {
                rid for ids in place.records.values() for rid in ids
            }
        met = [cid for cid in view.category_labels if any(p.challenges[cid] for p in view.places)]
        assert [row["label"] for row in context["rows"]] == [view.category_labels[cid] for cid in met]
        assert [row["counts"] for row in context["rows"]] == [
            [len(p.challenges[cid]) for p in view.places] for cid in met
        ]
