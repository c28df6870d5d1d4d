"""`ctkb site OUTDIR`: the knowledge base as a static website.

Pages (publish.pages) are rendered with the templates in
render/templates/site/, the downloads are the exports (JSON, CSV, SQLite
with its Datasette metadata, the data package), and search works without a
server: ctkb's own index of names (search/names.json, every name in every
script, aliases, topics and their synonyms) always, and Pagefind's full-text
index when the `site` extra is installed.

The site is built in a temporary folder beside OUTDIR and moved into place
only when complete. Links are relative, so it works from any sub-path
(GitHub Pages) and from the file system; nothing is requested from another
host (each page's Content Security Policy says so). The same records and
date give the same bytes, except Pagefind's filter files, which Pagefind
1.5 writes in a varying order.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from civictech_kb.model import licence, vocab
from civictech_kb.model.data import JsonObject
from civictech_kb.model.problems import CtkbError, OutputExists, UsageError
from civictech_kb.model.record import Collection
from civictech_kb.publish.page import Page, record_path
from civictech_kb.render.jinja_env import TEMPLATES, render_template
from civictech_kb.views.citations import credits

MARKER = ".ctkb-site"  # names a folder ctkb built, which a new build may replace
ASSETS = ("site.css", "site.js", "search.js")
DOWNLOAD_FORMATS = (
    ("json", "ctkb.json"),
    ("csv", "ctkb.csv"),
    ("sqlite", "ctkb.db"),
    ("datapackage", "datapackage"),
)
NAV = (("index.html", "Home"), ("records.html", "Records"), ("countries.html", "Countries"),
       ("regions.html", "Regions"), ("topics.html", "Topics"), ("challenges.html", "Challenges"),
       ("compare.html", "Compare"), ("graph.html", "Relations"), ("sources.html", "Sources"))  # fmt: skip


class SearchIndexFailed(CtkbError):
    """Pagefind, which indexes the site for search, failed."""


@dataclass(frozen=True)
class SiteSummary:
    """What was built: how many pages, and whether Pagefind indexed them."""

    path: Path
    pages: int
    pagefind: bool


def build_site(collection: Collection, outdir: Path, *, generated: date, title: str, force: bool = False,
               pagefind: bool | None = None) -> SiteSummary:  # fmt: skip
    """Build the site into outdir. outdir must be missing, empty, a site ctkb
    built before, or force must be given (OutputExists otherwise). pagefind:
    True requires it, False skips it, None uses it when installed."""
    from civictech_kb.publish.pages import all_pages

    _check_target(outdir, force)
    use_pagefind = pagefind_available() if pagefind is None else pagefind
    pages = all_pages(collection, title, generated.isoformat())
    credit = licence.attribution(credits(collection))
    outdir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))
    try:
        for page in pages:
            _write(
                work / page.path, render_page(page, title, generated, use_pagefind, credit).encode("utf-8")
            )
        for asset in ASSETS:
            _write(work / "assets" / asset, (TEMPLATES / "site" / "assets" / asset).read_bytes())
        _write(work / "search" / "names.json", names_index(collection))
        _write_downloads(collection, work / "downloads", generated, title)
        _write(work / MARKER, b"built by ctkb site\n")
        if use_pagefind:
            run_pagefind(work)
        _replace(work, outdir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return SiteSummary(outdir, len(pages), use_pagefind)


def render_page(page: Page, site_title: str, generated: date, pagefind: bool, attribution: str) -> str:
    from civictech_kb.publish import jsonld

    return render_template(
        page.template, page=page, root=page.root, site_title=site_title, generated=generated.isoformat(),
        nav=NAV, licence=licence, attribution=attribution, pagefind=pagefind, jsonld=jsonld.script(page.jsonld) if page.jsonld else "",
        **page.context,
    )  # fmt: skip


def names_index(collection: Collection) -> bytes:
    """ctkb's own small index for the search page: each record's names in
    every script (with their language), aliases, type, countries and topics
    with their synonyms. The page matches any part of any of them."""
    topics = collection.vocabulary.topics
    entries: list[JsonObject] = [
        {"id": r.id, "url": record_path(r.id), "name": r.name, "type": r.type,
         "names": r.get("names", {}), "aliases": r.get("aliases", []),
         "countries": [vocab.country_name(c) for c in r.countries],
         "topics": [[topics[t].label, *topics[t].synonyms] for t in r.topics if t in topics],
         "summary": r.summary[:200]}
        for r in collection
    ]  # fmt: skip
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def pagefind_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("pagefind") is not None


def run_pagefind(folder: Path) -> None:
    """Index folder's pages with Pagefind into folder/pagefind/."""
    if not pagefind_available():
        raise SearchIndexFailed("the site's search needs Pagefind: pip install 'civictech-kb[site]'")
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", "pagefind",
               "--force-language", "en", "--silent"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        raise SearchIndexFailed(f"Pagefind failed: {reason[-1] if reason else result.returncode}")


def _write_downloads(collection: Collection, folder: Path, generated: date, title: str) -> None:
    from civictech_kb.render.export import ExportRequest, export_files

    request = ExportRequest(collection, list(collection), generated, title)
    for fmt, name in DOWNLOAD_FORMATS:
        for path, data in export_files(request, fmt, folder / name).items():
            _write(path, data)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _check_target(outdir: Path, force: bool) -> None:
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir} is a file; give a folder for the site")
    if outdir.is_dir() and any(outdir.iterdir()) and not (outdir / MARKER).exists() and not force:
        raise OutputExists(f"{outdir} is not empty and not a site ctkb built; use --force to replace it")


def _replace(built: Path, outdir: Path) -> None:
    """Move the finished site to outdir, replacing what was there."""
    built.chmod(0o755)
    if not outdir.exists():
        built.rename(outdir)
        return
    old = outdir.with_name(f".{outdir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    outdir.rename(old)
    built.rename(outdir)
    shutil.rmtree(old, ignore_errors=True)
