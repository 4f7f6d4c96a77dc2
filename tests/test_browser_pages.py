"""Every page of both outputs, opened in Chromium, asks nothing of any other host.

test_browser.py follows a reader through the home page, the note, the tags
and the search; this opens every HTML file the build wrote (404 page, tags,
the generated cheat sheet, whatever comes next), waits until the network is
idle (the search index, fonts, images), and relies on the ``visit`` fixture,
which records every request of the context and fails on any that leaves
127.0.0.1 (website) or file:// (offline docs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _page_urls(visit, built, unpacked) -> list[str]:
    home = visit.urls("index.md")
    if visit.name == "website":
        folder = built.website
        paths = [p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*.html"))]
        return [home + path.removesuffix("index.html") for path in paths]
    folder: Path = unpacked
    return [p.as_uri() for p in sorted(folder.rglob("*.html"))]


def test_every_page_requests_nothing_from_elsewhere(visit, built, unpacked):
    urls = _page_urls(visit, built, unpacked)
    assert len(urls) >= 5, urls
    websockets: list[str] = []
    visit.page.on("websocket", lambda ws: websockets.append(ws.url))
    for url in urls:
        visit.page.goto(url)
        visit.page.wait_for_load_state("networkidle")
        assert visit.foreign_requests() == [], url
    assert websockets == []
    assert len(set(visit.requests)) > len(urls)  # the pages' own assets were seen, so recording works
