"""How well the site's two searches find records by their names in other
scripts: Pagefind's full-text index and ctkb's own name index
(search/names.json, searched in the page). Builds the bundled site, serves
it on 127.0.0.1 and asks the real search page in headless Chromium.

For each record's names in other scripts (and aliases) it asks for the
whole name, its first two characters, its last two and a middle part, and
counts how often the record is in each search's results (and first).

    python benchmarks/site_search.py   # needs chromium, playwright, pagefind
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def queries(collection) -> list[tuple[str, str, str]]:
    """(kind, query, record id) for every name in another script and alias."""
    asked = []
    for record in collection:
        for name in [*record.get("names", {}).values(), *record.get("aliases", [])]:
            asked.append(("whole", name, record.id))
            if len(name) >= 4:
                asked += [("start", name[:2], record.id), ("end", name[-2:], record.id),
                          ("middle", name[len(name) // 2 - 1 : len(name) // 2 + 1], record.id)]  # fmt: skip
    return asked


def main() -> None:
    from playwright.sync_api import sync_playwright

    from civictech_kb.publish.site import build_site
    from civictech_kb.render.export import generation_date
    from civictech_kb.store.loader import load_collection

    collection = load_collection(REPO / "records")
    folder = Path(tempfile.mkdtemp()) / "site"
    build_site(collection, folder, generated=generation_date("2024-05-01"), title="ctkb", pagefind=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=folder,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    tally: dict[tuple[str, str], list[int]] = {}
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            for kind, query, record_id in queries(collection):
                page.goto(f"http://127.0.0.1:{port}/search.html?q={quote(query)}")
                page.wait_for_selector(".pagefind-ui__results, .pagefind-ui__message:has-text('No results')",
                                       timeout=20000)  # fmt: skip
                page.wait_for_timeout(150)
                target = f"/records/{record_id}.html"
                for engine, selector in (
                    ("pagefind", ".pagefind-ui__result-link"),
                    ("names", "#names-results a"),
                ):
                    links = [a.get_attribute("href") or "" for a in page.query_selector_all(selector)]
                    links = [link.replace(f"http://127.0.0.1:{port}", "") for link in links]
                    links = ["/" + link.lstrip("/") for link in links]
                    row = tally.setdefault((engine, kind), [0, 0, 0])
                    row[0] += 1
                    row[1] += target in links
                    row[2] += bool(links) and links[0] == target
            browser.close()
    finally:
        server.terminate()
        server.wait()
    print(f"{'search':10} {'query':8} {'asked':>6} {'found':>6} {'first':>6}")
    for (engine, kind), (asked, found, first) in sorted(tally.items()):
        print(f"{engine:10} {kind:8} {asked:6} {found:6} {first:6}")


if __name__ == "__main__":
    main()
