"""Country names in running text: "the Philippines", as English says it,
wherever a heading or a sentence embeds the name; the bare name in tables
and lists."""

import json

import pytest

from civictech_kb.model import vocab

from ..conftest import write_record

PHILIPPINES = """\
id: philippines
type: country
name: Philippines
summary: Civic technology in the Philippines, in brief.
landscape: Volunteer groups map and open public data.
countries: [PH]
challenges:
  - category: funding
    summary: Groups depend on volunteers' own money.
lessons:
  - Partner with local governments early.
milestones:
  - date: 2014
    summary: A national open data portal opens.
    source: {source: fixture-notes, section: "Philippines"}
sources:
  - source: fixture-notes
    section: "Philippines"
"""


@pytest.mark.parametrize(("code", "in_text", "heading"), [
    ("PH", "the Philippines", "The Philippines"), ("NL", "the Netherlands", "The Netherlands"),
    ("US", "the United States", "The United States"), ("MV", "the Maldives", "The Maldives"),
    ("TH", "Thailand", "Thailand"), ("MM", "Myanmar", "Myanmar"),
])  # fmt: skip
def test_a_country_takes_the_article_english_gives_it(code, in_text, heading):
    assert vocab.country_in_text(code) == in_text
    assert vocab.country_heading(code) == heading
    assert vocab.country_name(code) == in_text.removeprefix("the ")  # the bare name is unchanged


def test_the_article_list_holds_iso_codes_whose_shown_name_reads_after_the():
    codes = vocab.data_file("country-articles.yaml")["the"]
    assert codes == sorted(set(codes))
    assert all(vocab.is_country_code(code) for code in codes)
    names = [vocab.country_name(code) for code in codes]
    assert not [name for name in names if "," in name or name.lower().startswith("the ")]


@pytest.fixture
def with_philippines(mini):
    write_record(mini, "countries", "philippines", PHILIPPINES)
    return mini


def test_headings_and_sentences_say_the_philippines(with_philippines, ctkb, tmp_path):
    mini = with_philippines
    assert ctkb("--records", mini, "country", "ph").stdout.startswith(
        "The Philippines (PH), South-eastern Asia"
    )
    assert ctkb("--records", mini, "country", "ph", "--format", "md").stdout.startswith(
        "# The Philippines (PH)"
    )
    for fmt in ("md", "html"):
        out = tmp_path / f"report.{fmt}"
        assert ctkb("--records", mini, "export", "--format", fmt, "--output", out).exit_code == 0
        report = out.read_text(encoding="utf-8")
        for heading in (
            "Challenges in the Philippines",
            "History of the Philippines",
            "Lessons from the Philippines",
        ):
            assert heading in report, (fmt, heading)
        assert "in Philippines" not in report and "of Philippines" not in report
    site = tmp_path / "site"
    assert ctkb("--records", mini, "site", site).exit_code == 0
    page = (site / "countries" / "ph.html").read_text(encoding="utf-8")
    assert "<h1>The Philippines</h1>" in page and "<title>The Philippines" in page


def test_tables_and_lists_keep_the_bare_name(with_philippines, ctkb):
    mini = with_philippines
    stats = json.loads(ctkb("--records", mini, "stats", "--format", "json").stdout)
    assert {"key": "PH", "label": "Philippines", "count": 1} in stats["by_country"]
    region = ctkb("--records", mini, "region", "south-eastern asia").stdout
    assert "- Philippines (PH)" in region and "the Philippines (PH)" not in region
    assert (
        "Philippines"
        in json.loads(ctkb("--records", mini, "show", "philippines", "--format", "json").stdout)[
            "country_names"
        ]
    )


def test_a_sentence_about_a_country_with_nothing_says_the(ctkb, mini):
    result = ctkb("--records", mini, "country", "netherlands")
    assert result.exit_code == 1
    assert "nothing on the Netherlands (NL) yet" in result.stderr
