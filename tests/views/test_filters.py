import pytest

from civictech_kb.model import vocab
from civictech_kb.model.problems import NotFound, UsageError
from civictech_kb.store.loader import load_collection
from civictech_kb.views.selection import build_filter, select, with_derived

from ..conftest import MINI


@pytest.fixture(scope="module")
def collection():
    return load_collection(MINI)


def ids(collection, **options):
    return [r.id for r in select(collection, build_filter(**options))]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"types": ["project"]}, ["cofact-thailand", "cofacts"]),
        ({"types": ["project", "event"]}, ["cofact-thailand", "cofacts", "drapa-2023"]),
        ({"countries": ["thailand"], "types": ["project"]}, ["cofact-thailand"]),
        ({"countries": ["Burma"]}, ["myanmar", "phandeeyar"]),
        ({"countries": ["TH", "TW"]}, []),  # repeated options AND together
        ({"regions": ["south-eastern asia"], "types": ["project"]}, ["cofact-thailand"]),
        ({"regions": ["Asia"], "types": ["community"]}, ["g0v"]),
        ({"topics": ["fake news"]}, ["cofact-thailand", "cofacts"]),
        ({"topics": ["fact-checking", "journalism"]}, ["cofact-thailand"]),
        ({"statuses": ["active"]}, ["cofacts", "phandeeyar"]),
        ({"since": 2016, "until": 2019}, ["cofact-thailand", "cofacts"]),
        ({"since": 2020}, ["drapa-2023"]),
    ],
)
def test_filters(collection, options, expected):
    assert ids(collection, **options) == expected


def test_unknown_filter_values_explain_themselves():
    with pytest.raises(UsageError, match="--country 'Atlantis': matches no country"):
        build_filter(countries=["Atlantis"])
    with pytest.raises(UsageError, match="--topic 'knitting': unknown topic 'knitting'; see `ctkb topics`"):
        build_filter(topics=["knitting"])
    with pytest.raises(UsageError, match="--since 2025 is after --until 2020"):
        build_filter(since=2025, until=2020)


def test_derived_fields(collection):
    data = with_derived(collection, collection.get("cofacts"))
    assert data["regions"] == [{"region": "Asia", "subregion": "Eastern Asia"}]
    assert data["country_names"] == ["Taiwan"]
    assert data["related_from"] == {"inspired": ["cofact-thailand"], "partner_of": ["drapa-2023"]}


def test_find_by_name_alias_and_other_script(collection):
    assert collection.find("Cofact").id == "cofact-thailand"
    assert collection.find("零時政府").id == "g0v"
    assert collection.find("DRAPA 2023").id == "drapa-2023"
    with pytest.raises(NotFound, match=r"did you mean .*cofacts"):
        collection.find("cofactz")


@pytest.mark.parametrize(
    ("text", "code"),
    [("myanmar", "MM"), ("Burma", "MM"), ("myanmr", "MM"), ("MMR", "MM"), ("mm", "MM"), ("ROK", "KR"),
     ("South Korea", "KR"), ("대한민국", "KR"), ("Korean", "KR"), ("台灣", "TW"), ("日本", "JP"),
     ("ประเทศไทย", "TH"), ("phillipines", "PH"), ("Viet Nam", "VN")],
)  # fmt: skip
def test_resolve_country(text, code):
    assert vocab.resolve_country(text) == code


def test_regions_derive_from_m49():
    assert vocab.region_of("VN").name == "South-eastern Asia"
    assert vocab.region_of("IN").name == "Southern Asia"
    assert vocab.region_of("TW").name == "Eastern Asia"
    assert all(vocab.region_of(code) for code in vocab._pycountry_codes())


def test_undated_records_are_counted_only_under_a_year_filter(collection):
    from civictech_kb.views.filters import undated_left_out

    assert undated_left_out(collection, build_filter(types=["project"])) == (0, 0)
    # phandeeyar has no founding date; the 3 country profiles have none to give
    assert undated_left_out(collection, build_filter(since=2000)) == (1, 3)
