"""ctkb site: the static website. Every page links only within the site
(relative links that resolve), loads nothing from another host, says the
licence, carries JSON-LD, marks text in other scripts with its language;
the same records give the same bytes. The browser tests at the end serve
the bundled site on 127.0.0.1 and drive headless Chromium."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from civictech_kb.model import licence

from ..conftest import BUNDLED, MINI, write_record

CHROMIUM = Path("/usr/bin/chromium")
DATE = "2024-05-01"


class Page(HTMLParser):
    """What a page links to and loads, its JSON-LD and the lang it marks."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []
        self.ids: set[str] = set()
        self.langs: list[tuple[str, str]] = []
        self.jsonld: list[str] = []
        self.filters: list[str] = []
        self._script = None
        self._lang = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.loads.append(a["src"])
        if tag == "link" and a.get("href"):
            self.loads.append(a["href"])
        if tag == "script" and a.get("type") == "application/ld+json":
            self._script = []
        if a.get("lang") and tag != "html":
            self._lang = a["lang"]
        if "data-pagefind-filter" in a:
            self.filters.append(a["data-pagefind-filter"])

    def handle_data(self, data):
        self.text.append(data)
        if self._script is not None:
            self._script.append(data)
        if self._lang:
            self.langs.append((self._lang, data.strip()))
            self._lang = None

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.jsonld.append("".join(self._script))
            self._script = None


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def build(ctkb, records: Path, target: Path, *args) -> Path:
    result = ctkb("site", target, "--records", records, "--date", DATE, *args)
    assert result.exit_code == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    from civictech_kb.cli import app

    target = tmp_path_factory.mktemp("site") / "public"
    result = CliRunner().invoke(
        app, ["site", str(target), "--records", str(MINI), "--date", DATE, "--no-search"]
    )
    assert result.exit_code == 0, result.output
    return target


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_a_page_per_record_country_region_topic_source_and_pair(mini_site):
    from civictech_kb.store.loader import load_collection

    collection = load_collection(MINI)
    for record in collection:
        assert (mini_site / "records" / f"{record.id}.html").exists()
    codes = {code for record in collection for code in record.countries}
    assert {p.stem for p in (mini_site / "countries").iterdir()} == {c.lower() for c in codes}
    assert {p.stem for p in (mini_site / "regions").iterdir()} == {"eastern-asia", "south-eastern-asia"}
    assert {p.stem for p in (mini_site / "topics").iterdir()} == {t for r in collection for t in r.topics}
    assert len(list((mini_site / "compare").iterdir())) == len(codes) * (len(codes) - 1) // 2
    assert list((mini_site / "sources").iterdir())
    for name in ("index", "records", "countries", "regions", "topics", "sources", "challenges",
                 "challenges-by-category", "compare", "graph", "search"):  # fmt: skip
        assert (mini_site / f"{name}.html").exists(), name


def test_every_internal_link_resolves_and_is_relative(mini_site):
    for path in pages(mini_site):
        page = parse(path)
        for link in page.links + page.loads:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https") or link == "data:,":
                continue  # a record's own website, followed only by a reader; the empty icon
            assert not parts.scheme and not parts.netloc and not link.startswith("/"), (path, link)
            target = (path.parent / parts.path).resolve() if parts.path else path
            assert target.exists(), (path, link)
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in parse(target).ids, (path, link)


def test_nothing_is_loaded_from_another_host_and_scripts_are_only_ours(mini_site):
    for path in pages(mini_site):
        text = path.read_text(encoding="utf-8")
        assert "default-src 'none'" in text and "connect-src 'self'" in text
        for load in parse(path).loads:
            assert not urlsplit(load).scheme or load == "data:,", (path, load)


def mini_attribution() -> str:
    from civictech_kb.store.loader import load_collection
    from civictech_kb.views.citations import credits

    return licence.attribution(credits(load_collection(MINI, use_cache=False)))


def test_every_page_states_the_licence_and_attribution(mini_site):
    attribution = mini_attribution()
    assert "Fixture Notes on Civic Tech" in attribution
    for path in pages(mini_site):
        text = path.read_text(encoding="utf-8")
        assert (
            attribution.replace("&", "&amp;").replace("'", "&#39;") in text
            and licence.DATA_LICENCE_URL in text
        ), path


def test_json_ld_describes_records_countries_and_the_dataset(mini_site):
    def described(path: str) -> dict:
        blocks = parse(mini_site / path).jsonld
        assert len(blocks) == 1
        return json.loads(blocks[0])

    assert described("records/cofacts.html")["@type"] == "Project"
    assert described("records/g0v.html")["@type"] == "Organization"
    event = next(
        p for p in (mini_site / "records").iterdir() if described(f"records/{p.name}")["@type"] == "Event"
    )
    assert event
    assert described("countries/tw.html") | {} == described("countries/tw.html")
    assert described("countries/tw.html")["@type"] == "Country"
    dataset = described("index.html")
    assert dataset["@type"] == "Dataset" and dataset["license"] == licence.DATA_LICENCE_URL
    downloads = {d["contentUrl"] for d in dataset["distribution"]}
    assert downloads == {"downloads/ctkb.json", "downloads/ctkb.csv", "downloads/ctkb.db",
                         "downloads/datapackage/datapackage.json"}  # fmt: skip
    assert all((mini_site / url).exists() for url in downloads)


def test_downloads_are_linked_from_the_home_page(mini_site):
    links = parse(mini_site / "index.html").links
    for target in ("downloads/ctkb.json", "downloads/ctkb.csv", "downloads/ctkb.db",
                   "downloads/datapackage/datapackage.json", "downloads/ctkb.metadata.json"):  # fmt: skip
        assert target in links


def test_text_in_other_scripts_carries_its_language_and_record_pages_their_filters(ctkb, mini, tmp_path):
    write_record(mini, "projects", "masks", "id: masks\ntype: project\nname: Mask Finder\n"
                 "names: {ko: 마스크찾아줌, zh-Hant: 口罩地圖}\nsummary: s.\ncountries: [TW]\n"
                 "topics: [public-health]\nstatus: ended\nsources:\n  - url: https://example.org/x\n")  # fmt: skip
    site = build(ctkb, mini, tmp_path / "site", "--no-search")
    page = parse(site / "records" / "masks.html")
    assert ("ko", "마스크찾아줌") in page.langs and ("zh-Hant", "口罩地圖") in page.langs
    assert {"type", "country", "region", "topic", "status"} <= set(page.filters)
    assert ("ko", "마스크찾아줌") in parse(site / "countries" / "tw.html").langs
    index = json.loads((site / "search" / "names.json").read_text(encoding="utf-8"))
    entry = next(e for e in index if e["id"] == "masks")
    assert (
        entry["names"] == {"ko": "마스크찾아줌", "zh-Hant": "口罩地圖"}
        and entry["url"] == "records/masks.html"
    )


def test_record_text_stays_text(ctkb, mini, tmp_path):
    write_record(mini, "projects", "hostile", "id: hostile\ntype: project\nname: '<script>alert(1)</script>'\n"
                 "summary: '<img src=x onerror=alert(2)>'\ncountries: [TH]\nsources:\n  - url: 'https://example.org/</script>'\n")  # fmt: skip
    site = build(ctkb, mini, tmp_path / "site", "--no-search")
    for path in pages(site):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, path
        for block in parse(path).jsonld:
            json.loads(block)


def test_a_record_page_says_more_than_as_the_source_does(ctkb, mini, tmp_path):
    write_record(mini, "projects", "bounded", "id: bounded\ntype: project\nname: Bounded\nsummary: S.\n"
                 "figures:\n  - {label: visitors, more_than: 50000}\nsources:\n  - url: https://example.org/x\n")  # fmt: skip
    site = build(ctkb, mini, tmp_path / "site", "--no-search")
    text = " ".join(parse(site / "records" / "bounded.html").text)
    assert "visitors: more than 50,000" in text and "at least" not in text


def test_same_records_give_the_same_bytes(ctkb, tmp_path):
    first = build(ctkb, MINI, tmp_path / "one", "--no-search")
    second = build(ctkb, shutil.copytree(MINI, tmp_path / "copy"), tmp_path / "two", "--no-search")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_a_folder_ctkb_did_not_build_is_kept_without_force(ctkb, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    result = ctkb("site", tmp_path / "mine", "--records", MINI, "--no-search")
    assert result.exit_code == 2 and "not a site ctkb built" in result.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"
    build(ctkb, MINI, tmp_path / "built", "--no-search")
    build(ctkb, MINI, tmp_path / "built", "--no-search")  # its own site is replaced
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_site_without_any_relation_or_challenge_still_builds(ctkb, tmp_path):
    write_record(tmp_path / "records", "organizations", "lone", "id: lone\ntype: organization\nname: Lone\n"
                 "summary: s.\nsources:\n  - url: https://example.org/x\n")  # fmt: skip
    site = build(ctkb, tmp_path / "records", tmp_path / "site", "--no-search")
    assert "The records state no relations." in (site / "graph.html").read_text(encoding="utf-8")


# In a real browser: the bundled records, served on 127.0.0.1, in headless Chromium.


def _browser_available() -> str:
    if not CHROMIUM.exists():
        return "headless Chromium is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright client is not installed (pip install playwright; no browser download needed)"
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return "Pagefind is not installed (pip install 'civictech-kb[site]')"
    return ""


browser_test = pytest.mark.skipif(bool(_browser_available()), reason=_browser_available() or "ok")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The bundled site under a sub-path (as GitHub Pages serves it), on a free port."""
    from typer.testing import CliRunner

    from civictech_kb.cli import app

    root = tmp_path_factory.mktemp("served")
    result = CliRunner().invoke(
        app, ["site", str(root / "kb"), "--records", str(BUNDLED), "--date", DATE, "--search"]
    )
    assert result.exit_code == 0, result.output
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/kb/", root / "kb"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, served):
    base, _ = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()
    assert all(url.startswith(base) or url.startswith("data:") for url in requests), requests


@pytest.mark.slow
@browser_test
def test_home_record_and_country_pages_render_on_a_phone(page, served):
    base, _ = served
    for path, heading in (("index.html", "Civic tech in East and South Asia"), ("records/cofacts.html", "Cofacts"),
                          ("countries/kr.html", "South Korea")):  # fmt: skip
        response = page.goto(base + path)
        assert response.status == 200
        assert page.inner_text("h1") == heading
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path  # no sideways scrolling
        assert page.locator("footer").inner_text().startswith(mini_attribution()[:40])
    assert page.locator('span[lang="ko"]').first.inner_text()
    assert not page.errors


@pytest.mark.slow
@browser_test
def test_every_internal_link_resolves_over_http(served):
    from urllib.error import HTTPError
    from urllib.request import urlopen

    base, site = served
    seen: set[str] = set()
    broken = []
    for path in sorted(site.rglob("*.html")):
        url = base + path.relative_to(site).as_posix()
        for link in parse(path).links:
            if urlsplit(link).scheme in ("http", "https"):
                continue
            target = urljoin(url, link).split("#")[0]
            if target not in seen:
                seen.add(target)
                try:
                    urlopen(target, timeout=10).close()
                except HTTPError as err:
                    broken.append((path.name, link, err.code))
    assert not broken and len(seen) > 100


@pytest.mark.slow
@browser_test
@pytest.mark.parametrize(("query", "found"), [("fact-checking", "records/cofacts.html"),
                                               ("마스크", "records/mask-finder.html")])  # fmt: skip
def test_search_box_finds_records(page, served, query, found):
    base, _ = served
    page.goto(base + "index.html")
    page.fill("#site-q", query)
    page.press("#site-q", "Enter")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=20000)
    page.wait_for_function("document.querySelectorAll('.pagefind-ui__result-link').length > 0")
    fulltext = [
        page.evaluate("(a) => a.href", a) for a in page.query_selector_all(".pagefind-ui__result-link")
    ]
    assert base + found in fulltext  # Pagefind's links keep the sub-path
    names = [page.evaluate("(a) => a.href", a) for a in page.query_selector_all("#names-results a")]
    if query == "마스크":
        assert names[0] == base + found  # ctkb's own name index: the name first
    assert not page.errors


@pytest.mark.slow
@browser_test
def test_challenges_filter_in_the_page(page, served):
    base, _ = served
    page.goto(base + "challenges.html")
    total = page.locator("li.challenge").count()
    page.select_option("select[name=country]", "Taiwan")
    shown = page.locator("li.challenge:not([hidden])")
    assert 0 < shown.count() < total
    assert all("Taiwan" in item.get_attribute("data-countries").split("|") for item in shown.all())
