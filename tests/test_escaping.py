"""Snippet text, placeholders and docker's help text are escaped on every page built.

The site is built with notes whose commands, placeholders, comments, console
output and inline code carry HTML that would run script if it reached a page
as markup, and with a live docker (another version, its help parses) whose
help text carries such HTML too: in a command's description, usage line,
aliases, options and in the root's command list. A second build uses a
docker that prints such HTML as its version: it is unusable, the snapshot is
used, and the cheat sheet says so without the reason (which quotes the
docker and names its path: it stays in the build log).

Every generated HTML page (whatever pages the hooks generate: the cheat
sheet today) and the search index are read back: no element or attribute
came from the payloads, and the payload text is there, escaped. In Chromium,
every page of the build is opened and searched: nothing ran, no payload
element exists in the DOM.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fakedocker import make_docker, make_site, other_version_help, python_fake, run_build

pytestmark = pytest.mark.slow

# Each payload would create an element named dcx-... or run window.__dcx=... if it were markup.
HELP_PAYLOAD = "<img src=x onerror=\"window.__dcx='help'\"><dcx-help>&amp;\"'"
PAGES = {
    "payloads.md": """\
# Payloads

```sh
# <img src=x onerror="window.__dcx='comment'"><dcx-comment>
docker run --name "<script>window.__dcx='name'</script>" <dcx-placeholder> img
docker exec -it <img/src=x/onerror=window.__dcx=1> sh
docker ps --format '{{.Names}}<dcx-braces>' {{<dcx-braces2>}}
docker frobnicate -l 3 --style '"><dcx-attr onmouseover=window.__dcx=2>' web  # </code></pre><dcx-close>
docker pull 'x" onmouseover="window.__dcx=3'
```

```console
$ docker images <dcx-console>
<dcx-output> <img src=x onerror="window.__dcx=4">
```

Inline: `docker run <dcx-inline> <img src=x onerror=window.__dcx=5>`.

    docker run <dcx-indented> img
""",
}
MARKERS = (
    "dcx-comment",
    "dcx-placeholder",
    "dcx-braces",
    "dcx-attr",
    "dcx-close",
    "dcx-console",
    "dcx-output",
    "dcx-inline",
    "dcx-indented",
    "dcx-help",
    "window.__dcx",
)


class _Page(HTMLParser):
    """Elements, attributes and text of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def _payload_markup(path: Path) -> list[str]:
    """What in a page is markup made from a payload (should be nothing)."""
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    found = []
    for tag, attrs in page.tags:
        if tag.startswith("dcx") or (tag == "img" and dict(attrs).get("src") == "x"):
            found.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            if "dcx" in name or (name.startswith("on") and "__dcx" in (value or "")):
                found.append(f"<{tag} {name}={value!r}>")
    found += [f"<script>{s[:60]}" for s in page.scripts if "__dcx" in s]
    return found


def _text(path: Path) -> str:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return "".join(page.text)


def _hostile_docker(folder: Path) -> Path:
    helps = other_version_help(HELP_PAYLOAD)
    helps["frobnicate"] = (
        helps["frobnicate"]
        .replace("\nOptions:", f"\nAliases:\n  docker frobnicate, docker frob{HELP_PAYLOAD.split(' ')[0]}\n\nOptions:")
        .replace("CONTAINER\n", "CONTAINER<dcx-help-usage>\n", 1)
    )
    return make_docker(folder, python_fake(version="99.0.0", extra=helps))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Output folders: website and offline with the hostile docker, and website with a docker printing HTML."""
    root = tmp_path_factory.mktemp("escaping")
    docker = str(_hostile_docker(root / "bin"))
    outputs = {}
    for name, extra in (("website", {}), ("offline", {"OFFLINE": "true", "SITE_URL": ""})):
        site = make_site(root / name, PAGES)
        run = run_build(site, path=docker, cache=root / f"cache-{name}", strict=False, **extra)
        assert run.returncode == 0 and "Traceback" not in run.output, run.output
        assert "docker 99.0.0 help from docker 99.0.0" in run.output  # the hostile help was used
        outputs[name] = site / "site"
    garbage = make_docker(root / "garbage", "#!/bin/sh\necho '<img src=x onerror=\"window.__dcx=9\"><dcx-version>'\n")
    site = make_site(root / "fallback", PAGES)
    run = run_build(site, path=str(garbage), cache=root / "cache-fallback", strict=False)
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    assert "live docker unusable: 'docker --version' answered '<img" in run.output
    outputs["fallback"] = site / "site"
    return outputs


@pytest.mark.parametrize("name", ["website", "offline", "fallback"])
def test_no_page_holds_payload_markup(built, name):
    pages = sorted(built[name].rglob("*.html"))
    assert len(pages) >= 4
    assert {p.relative_to(built[name]).as_posix(): _payload_markup(p) for p in pages} == {
        p.relative_to(built[name]).as_posix(): [] for p in pages
    }


def _sheet(folder: Path) -> Path:
    found = [
        p
        for p in folder.rglob("*.html")
        if p.stem in ("cheatsheet", "index") and "cheatsheet" in p.relative_to(folder).as_posix()
    ]
    assert found, f"no generated cheat sheet in {folder}"
    return found[0]


@pytest.mark.parametrize("name", ["website", "offline"])
def test_payloads_are_shown_as_text(built, name):
    note = next(p for p in built[name].rglob("*.html") if "payloads" in p.as_posix())
    text = _text(note)
    for marker in MARKERS[:-2]:
        assert f"<{marker}" in text, marker  # in the note: as written, as text
    assert "<img/src=x/onerror=window.__dcx=1>" in text
    text = _text(_sheet(built[name]))
    assert "Frobnicate a container <img src=x onerror=\"window.__dcx='help'\"><dcx-help>&amp;\"'" in text
    assert "docker frobnicate [OPTIONS] CONTAINER<dcx-help-usage>" in text
    assert "docker frob<img" in text
    assert "docker run --name \"<script>window.__dcx='name'</script>\" <dcx-placeholder> img" in text
    assert "<img src=x onerror=\"window.__dcx='comment'\"><dcx-comment>" in text


def test_the_unusable_dockers_words_and_path_are_not_published(built):
    published = [p.read_text(encoding="utf-8") for p in built["fallback"].rglob("*") if p.suffix in (".html", ".json")]
    assert any("构建时本机的 docker 没有正常回答，改用了快照" in text for text in published)
    for text in published:
        assert "dcx-version" not in text and "garbage" not in text


@pytest.mark.parametrize("name", ["website", "offline"])
def test_search_index_holds_no_markup_from_payloads(built, name):
    index = built[name] / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    assert any("dcx-placeholder" in doc["text"] for doc in docs)
    for doc in docs:
        for field in ("text", "title"):
            assert "<dcx" not in doc[field] and "<img" not in doc[field] and "<script" not in doc[field], doc


@pytest.mark.browser
@pytest.mark.parametrize("name", ["website", "offline"])
def test_nothing_runs_in_chromium_on_any_page(browser, built, name):
    """Every page opened (from file://; the website's directory pages by their index.html), then searched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        pages = sorted(built[name].rglob("*.html"))
        for path in pages:
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(100)  # let an injected onerror fire
            assert page.evaluate("typeof window.__dcx") == "undefined", path
            assert (
                page.evaluate("[...document.querySelectorAll('*')].filter(e => e.tagName.startsWith('DCX')).length")
                == 0
            )
        if name == "offline":  # search works from file:// only in the offline build
            page.goto((built[name] / "index.html").as_uri())
            page.locator("input.md-search__input").click()
            page.keyboard.type("docker")  # results from the payloads note and the cheat sheet
            page.keyboard.press("ArrowRight")
            page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
            page.wait_for_timeout(300)
            assert "<dcx-" in page.locator(".md-search-result").inner_text()  # payloads shown, as text
            assert page.evaluate("typeof window.__dcx") == "undefined"
            assert (
                page.evaluate("[...document.querySelectorAll('*')].filter(e => e.tagName.startsWith('DCX')).length")
                == 0
            )
        assert dialogs == []
    finally:
        context.close()
