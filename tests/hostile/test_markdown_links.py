"""Markdown never turns record text into a link or a mention. GitHub's
renderer (cmark-gfm's autolink extension) links `http://`, `https://`,
`ftp://`, `mailto:` and `xmpp:` addresses, `www.` hosts and `a@b.c` emails
found in text; GitHub then links `@user`, `@org/team`, `#12`, `GH-12`,
`owner/repo#12` and commit hashes found in text outside code. So no text
node of ctkb's Markdown (outside code spans and ctkb's own links) holds any
of those triggers, while the visible text stays what the record says
(record text that would link is shown as code). markdown-it-py with linkify
(linkify-it, which links even bare domains) finds no link either."""

import re

import pytest

from .conftest import plant, record

LINKY = [
    "https://evil.example/in-text", "http://evil.example", "ftp://files.evil.example", "www.evil.example",
    "mail admin@evil.example now", "mailto:admin@evil.example", "xmpp:admin@evil.example",
    "ping @octocat", "@github/security please", "fixes #12", "see GH-2", "octo/repo#34",
    "commit a5c3785ed8d6a35868bc169f07e40e889087fd2e", "visit evil.com today", "(https://evil.example/x).",
]  # fmt: skip
TEXT = " ".join(LINKY)
# What GitHub would act on in a text node; cmark-gfm's autolink triggers first.
TRIGGERS = re.compile(
    r"://|www\.|\b(?:mailto|xmpp):|\w@\w|(?:^|\W)@\w|#\d|\bGH-\d|\b[0-9a-f]{40}\b|\b\w+\.(?:com|example)\b",
    re.I,
)


@pytest.fixture
def linky(mini_copy):
    """The mini records and one whose every text would become a link or a mention."""
    plant(mini_copy, "projects", "linky.yaml", record(
        "linky", name="@octocat www.evil.example", aliases=["GH-2"], summary=TEXT, lessons=[TEXT],
        challenges=[{"category": "funding", "summary": TEXT, "responses": [TEXT]}], location="#12",
        relations={"inspired_by": ["cofacts"]}, founded="2020"))  # fmt: skip
    return mini_copy


COMMANDS = {
    "show": ["show", "linky"],
    "list": ["list"],
    "search": ["search", "evil"],
    "related": ["related", "cofacts"],
    "challenges": ["challenges"],
    "country": ["country", "thailand"],
    "timeline": ["timeline"],
    "export": ["export"],
}


def record_urls(ctkb, root) -> set[str]:
    """The addresses records give as links (website, links, and the addresses of the sources
    they cite): the report links to those on purpose."""
    import json

    records = json.loads(ctkb("export", "--format", "json", "--records", root).stdout)
    cited = {c.get("url") for r in records for c in r.get("citations", [])}
    return (
        {r.get("website") for r in records}
        | {link["url"] for r in records for link in r.get("links", [])}
        | cited
    )


def parse(markdown: str):
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"])
    parser.validateLink = lambda url: True
    return parser.parse(markdown)


def text_nodes(tokens) -> tuple[list[str], list[str], list[str]]:
    """(text outside code and links, text of code spans, link targets)."""
    texts, codes, hrefs = [], [], []
    for token in tokens:
        depth = 0
        for child in token.children or []:
            if child.type == "link_open":
                hrefs.append(child.attrs["href"])
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            elif child.type == "code_inline":
                codes.append(child.content)
            elif child.type == "text" and depth == 0:
                texts.append(child.content)
    return texts, codes, hrefs


@pytest.mark.parametrize("command", COMMANDS)
def test_record_text_never_links_or_mentions(ctkb, linky, command):
    args = COMMANDS[command]
    result = ctkb(*args, "--records", linky, "--format", "md")
    assert result.exit_code == 0, result.stderr
    texts, codes, hrefs = text_nodes(parse(result.stdout))
    for text in texts:
        assert not TRIGGERS.search(text), text
    assert all(href.startswith("#") or href in record_urls(ctkb, linky) for href in hrefs), hrefs
    if command in ("show", "export"):
        shown = " ".join(texts + codes)
        for phrase in ("https://evil.example/in-text", "admin@evil.example", "@octocat", "#12", "GH-2"):
            assert phrase in shown


def test_the_visible_text_is_the_records(ctkb, linky):
    """Rendered, the summary reads exactly as written: code spans hold the
    linky words, with nothing added or escaped inside them."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(ctkb("show", "linky", "--records", linky, "--format", "md").stdout)
    visible = re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").replace("&quot;", '"')
    assert TEXT in visible


def test_one_escape_function():
    from civictech_kb.render.markdown import escape

    assert escape("see https://x.example/a_b now") == "see `https://x.example/a_b` now"
    assert escape("hi @octocat, #12") == "hi `@octocat`, `#12`"  # the comma stays text
    assert escape("(www.evil.example).") == "(`www.evil.example`)."
    assert escape("a|b <i>") == "a|b \\<i>"
    assert escape("a|b <i>", in_table=True) == "a\\|b \\<i>"
