"""The command cheat sheet in the built site (both outputs) and in the browser.

The page's entries are compared one for one with the commands extracted
from docs/*.md; each link is followed to its id in the built note, whose
code line must hold the command. Builds of temp copies check that a new
note's commands appear with no other change, and that hostile commands stay
text. Unit tests of the generator are in test_cheatsheet.py.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ARTIFACTS, ROOT, Built, build_output, copy_project, mkdocs_build
from dockercheck import extract
from dockercheck.check import markdown_files, read_markdown

pytestmark = pytest.mark.slow

SHEET = {"website": "cheatsheet/index.html", "offline": "cheatsheet.html"}
both_outputs = pytest.mark.parametrize("name", ["website", "offline"])

_USE = re.compile(
    r'<div class="dc-example">\s*<p class="dc-use-head">(?:<span class="dc-comment"># (?P<comment>.*?)</span>)?'
    r'<span class="dc-where">出处：(?P<places>.*?)</span></p>\s*'
    r'<div class="highlight"><pre><code>(?P<code>.*?)</code>'
)
_PLACE = re.compile(r'<a href="(?P<href>[^"]*)">(?P<where>.*?)</a>(?:（(?P<count>\d+) 处）)?')
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Use:
    href: str
    where: str  # "note › section"
    code: str
    comment: str | None
    count: int = 1  # the same line, this many times in that section (the link goes to the first)


def uses_in(html: str) -> list[Use]:
    """Every place linked from the page: an example written the same way in several places links to each."""
    return [
        Use(
            unescape(p["href"]),
            unescape(p["where"]),
            unescape(m["code"]),
            m["comment"] and unescape(m["comment"]),
            int(p["count"] or 1),
        )
        for m in _USE.finditer(html)
        for p in _PLACE.finditer(m["places"])
    ]


def docs_invocations(docs: Path) -> list[tuple[str, int, str]]:
    """(src_uri, line, command) of every docker command in the Markdown under docs/."""
    out = []
    for path in markdown_files([docs]):
        src_uri = path.relative_to(docs).as_posix()
        out += [(src_uri, inv.line, inv.text) for inv in extract(read_markdown(path)).invocations]
    return out


def output_dir(built: Built, name: str) -> Path:
    return built.website if name == "website" else built.offline


def resolve(page: Path, root: Path, href: str) -> tuple[Path, str]:
    """The built file and the fragment a relative link of `page` points at."""
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc, href
    target = (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    assert target.is_relative_to(root.resolve()), href
    return target, parts.fragment


def heading_above(html: str, anchor: str) -> str:
    """The text of the last heading before the element with this id."""
    at = html.index(f'id="{anchor}"')
    headings = list(re.finditer(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html[:at], re.S))
    inner = re.sub(r'<a class="headerlink".*?</a>', "", headings[-1][1])
    return unescape(_TAG.sub("", inner)).strip()


def code_line_with_id(html: str, anchor: str) -> str | None:
    """Text of the code line that holds the element with this id."""
    for code in re.finditer(r"<code[^>]*>(.*?)</code>", html, re.DOTALL):
        for line in code[1].split("\n"):
            if f'id="{anchor}"' in line:
                return unescape(_TAG.sub("", line))
    return None


def src_uri_and_line(href: str, name: str) -> tuple[str, int]:
    path, _, fragment = href.partition("#")
    path = posixpath.normpath(posixpath.join("cheatsheet/" if name == "website" else "", path))
    src = "index.md" if path in (".", "index.html") else path.removesuffix(".html").removesuffix("/") + ".md"
    return src, int(fragment.removeprefix("__cmd-"))


def nav_links(html: str) -> list[tuple[str, str]]:
    """(href, title) of the primary navigation's page links."""
    links = re.findall(
        r'<a href="([^"#]*)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', html
    )
    return list(dict.fromkeys(links))


def checked_version(log: str) -> str:
    return re.search(r"dockercheck: using docker (\S+) help from", log)[1]


# --------------------------------------------------------------------------
# The built outputs
# --------------------------------------------------------------------------


@both_outputs
def test_entries_match_the_notes_commands_one_for_one(built, name):
    html = (output_dir(built, name) / SHEET[name]).read_text(encoding="utf-8")
    found = Counter()
    for use in uses_in(html):
        src, line = src_uri_and_line(use.href, name)
        found[(src, line, use.code)] += use.count
    expected = Counter(docs_invocations(ROOT / "docs"))
    assert found == expected  # none missing, none invented
    assert len(expected) >= 16
    # Every use sits in exactly one entry, and the summary counts them.
    assert f"笔记中共有 <strong>{sum(expected.values())}</strong> 处 docker 命令" in html


@both_outputs
def test_every_link_lands_on_the_line_of_its_command(built, name):
    root = output_dir(built, name)
    page = root / SHEET[name]
    uses = uses_in(page.read_text(encoding="utf-8"))
    assert uses
    expected_prefix = "../docker/#__cmd-" if name == "website" else "docker.html#__cmd-"
    for use in uses:
        assert use.href.startswith(expected_prefix), use.href
        target, fragment = resolve(page, root, use.href)
        line = code_line_with_id(target.read_text(encoding="utf-8"), fragment)
        assert line is not None, use.href
        assert use.code in line, (use.href, line)
        # Named by the note and the nearest heading above the line, not by a line number.
        assert use.where == f"Docker笔记 › {heading_above(target.read_text(encoding='utf-8'), fragment)}"
        assert use.where == "Docker笔记 › Instruction"


def test_comments_usage_and_aliases_of_the_real_note(built):
    html = (built.website / SHEET["website"]).read_text(encoding="utf-8")
    uses = {u.code: u for u in uses_in(html)}
    assert uses["docker pull node:latest"].comment == "拉取镜像（默认远端仓库地址）"
    assert uses["docker ps -a"].comment == "包括已停止的容器"
    entry = html[html.index('<h3 id="cmd-container-ls"') : html.index('<h3 id="cmd-image-pull"')]
    assert "<dd>List containers</dd>" in entry
    assert "<dt>用法</dt><dd><code>docker ps [OPTIONS]</code></dd>" in entry
    assert (
        "<code>docker container ls</code> <code>docker container list</code> <code>docker container ps</code>" in entry
    )
    assert entry.count('class="dc-example"') == 2  # docker ps and docker ps -a share one entry
    assert "-a, --all：Show all containers" in _TAG.sub("", entry)  # the flag the note uses, explained
    version = checked_version(built.log)
    assert re.search(
        rf"笔记覆盖了 docker {re.escape(version)} 的 <strong>\d+</strong> 个命令中的 <strong>12</strong> 个", html
    )


@both_outputs
def test_every_page_names_the_docker_version_in_its_footer(built, name):
    version = checked_version(built.log)
    pages = sorted(output_dir(built, name).rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        footer = page.read_text(encoding="utf-8").split('<footer class="md-footer">', 1)[1]
        assert f"命令已按 docker {version} 的帮助检查" in footer, page


def test_cheat_sheet_is_in_navigation_search_and_sitemap(built):
    for name, href in (("website", "cheatsheet/"), ("offline", "cheatsheet.html")):
        home = (output_dir(built, name) / "index.html").read_text(encoding="utf-8")
        nav = nav_links(home)
        # Home, the notes, the generated pages, the rest (hooks/notes.py orders them).
        assert [title for _, title in nav] == ["首页", "Docker笔记", "Docker 命令速查", "分类"], nav
        assert nav[2][0] == href
    index = json.loads((built.website / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert {"cheatsheet/", "cheatsheet/#cmd-image-pull", "cheatsheet/#coverage"} <= locations
    offline_index = (built.offline / "search" / "search_index.js").read_text(encoding="utf-8")
    assert "cheatsheet.html#cmd-image-pull" in offline_index
    assert "<loc>https://notes.example.org/cheatsheet/</loc>" in (built.website / "sitemap.xml").read_text(
        encoding="utf-8"
    )
    assert not (ROOT / "docs" / "cheatsheet.md").exists()  # generated in memory only


# --------------------------------------------------------------------------
# Temp copies of the project
# --------------------------------------------------------------------------

NEW_NOTE = """\
---
title: 数据卷笔记
---

## 数据卷

```bash
# 新建数据卷
docker volume create data
docker volume ls    # 列出数据卷
docker ps
```
"""


def test_a_new_note_appears_in_the_cheat_sheet_on_the_next_build(tmp_path):
    project = copy_project(tmp_path)
    before = mkdocs_build(project)
    assert before.returncode == 0, build_output(before)
    old = (project / "site" / SHEET["website"]).read_text(encoding="utf-8")
    covered = int(re.search(r"个命令中的 <strong>(\d+)</strong> 个", old)[1])
    assert "volume" not in "".join(u.code for u in uses_in(old))

    # "aaa" sorts before "cheatsheet", but a page without `birth` is no note: it
    # comes after the notes and the generated pages.
    (project / "docs" / "aaa-volumes.md").write_text(NEW_NOTE, encoding="utf-8")
    after = mkdocs_build(project)
    assert after.returncode == 0, build_output(after)
    root = project / "site"
    page = root / SHEET["website"]
    html = page.read_text(encoding="utf-8")
    assert covered + 2 == int(re.search(r"个命令中的 <strong>(\d+)</strong> 个", html)[1])
    uses = {u.code: u for u in uses_in(html) if "aaa-volumes" in u.href}
    assert uses["docker volume create data"].comment == "新建数据卷"
    assert uses["docker volume ls"].comment == "列出数据卷"
    assert uses["docker volume ls"].where == "数据卷笔记 › 数据卷"
    for code in ("docker volume create data", "docker volume ls", "docker ps"):
        target, fragment = resolve(page, root, uses[code].href)
        assert target == (root / "aaa-volumes" / "index.html").resolve()
        assert code in code_line_with_id(target.read_text(encoding="utf-8"), fragment)
    assert '<h3 id="cmd-volume-create"' in html
    ps = html[html.index('<h3 id="cmd-container-ls"') :]
    ps = ps[: ps.index("<h3", 1)]
    # docker ps in both notes is one example with two places; docker ps -a another.
    assert ps.count('class="dc-example"') == 2
    assert sum(u.count for u in uses_in(ps)) == 3
    nav = nav_links((root / "index.html").read_text(encoding="utf-8"))
    assert [href for href, _ in nav] == [".", "docker/", "cheatsheet/", "aaa-volumes/", "tags/"], nav


HOSTILE = """\
---
title: 恶意 & 笔记
---

# 恶意命令

```sh
# <img src=x onerror="window.__pwned='comment'">
docker pull "<script>window.__pwned='cmd'</script>"
docker run --name '<img src=x onerror=window.__pwned=1>' nginx  # </code></pre><script>window.__pwned=3</script>
```
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The offline build of a copy of the project with a note of hostile commands."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (project / "docs" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    result = mkdocs_build(project, offline=True, strict=False)
    assert result.returncode == 0, build_output(result)
    return project / "site-offline"


def test_hostile_commands_are_escaped_in_the_built_page(hostile_site):
    html = (hostile_site / "cheatsheet.html").read_text(encoding="utf-8")
    assert "<script>window" not in html and "<img src=x" not in html
    # (A title with markup is refused by the notes hook: the theme would write it as HTML.)
    assert "恶意 &amp; 笔记" in html
    uses = {u.code: u for u in uses_in(html)}
    pull = uses["docker pull \"<script>window.__pwned='cmd'</script>\""]
    assert pull.comment == "<img src=x onerror=\"window.__pwned='comment'\">"
    assert pull.where == "恶意 & 笔记 › 恶意命令"
    run = uses["docker run --name '<img src=x onerror=window.__pwned=1>' nginx"]
    assert run.comment == "</code></pre><script>window.__pwned=3</script>"


# --------------------------------------------------------------------------
# In the browser
# --------------------------------------------------------------------------


@pytest.mark.browser
def test_cheat_sheet_in_the_browser_links_to_the_line(visit):
    page = visit.page
    visit.goto("cheatsheet.md")
    assert page.title() == "Docker 命令速查 - 技术笔记"
    uses = page.locator("article .dc-example")
    assert uses.count() >= 16
    # Material's copy button on each command, copying exactly the command.
    buttons = page.locator("article .dc-example button[data-md-type='copy']")
    assert buttons.count() == uses.count()
    target = buttons.first.get_attribute("data-clipboard-target")
    assert page.locator(target).inner_text() == uses.first.locator("pre code").inner_text()
    assert page.locator(".md-footer-meta .dc-checked").inner_text().startswith("命令已按 docker ")
    visit.screenshot("cheatsheet", full_page=True)

    use = page.locator("article .dc-example", has=page.locator("code", has_text="docker pull node:latest"))
    use.locator(".dc-where a").click()
    page.wait_for_load_state("load")
    assert page.title() == "Docker笔记 - 技术笔记"
    fragment = page.evaluate("location.hash")
    assert re.fullmatch(r"#__cmd-\d+", fragment)
    line = page.locator(f"[id='{fragment[1:]}']").locator("xpath=..")
    assert "docker pull node:latest" in line.inner_text()
    box = line.bounding_box()
    header = page.locator("header.md-header").bounding_box()
    viewport = page.viewport_size
    assert header["height"] <= box["y"] and box["y"] + box["height"] <= viewport["height"], (box, header)
    # The line is marked (its background differs from the code block's).
    background = line.evaluate("e => getComputedStyle(e).backgroundColor")
    block = line.evaluate("e => getComputedStyle(e.closest('pre')).backgroundColor")
    assert background != block
    visit.screenshot("cheatsheet-link-target")
    assert visit.foreign_requests() == []


@pytest.mark.browser
def test_hostile_commands_show_as_text_and_run_nothing(browser, hostile_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for name in ("cheatsheet.html", "hostile.html"):
            page.goto((hostile_site / name).as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)  # let any injected onerror fire
            assert page.evaluate("typeof window.__pwned") == "undefined", name
        page.goto((hostile_site / "cheatsheet.html").as_uri())
        page.wait_for_load_state("load")
        pull = page.locator("article .dc-example", has=page.locator("code", has_text="<script>"))
        assert pull.locator("pre code").inner_text() == "docker pull \"<script>window.__pwned='cmd'</script>\""
        assert pull.locator(".dc-comment").inner_text() == "# <img src=x onerror=\"window.__pwned='comment'\">"
        assert pull.locator(".dc-where").inner_text() == "出处：恶意 & 笔记 › 恶意命令"
        assert pull.is_visible()
        assert page.locator("article script, article img[src='x']").count() == 0
        pull.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "offline-cheatsheet-hostile.png"))
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert dialogs == []
    finally:
        context.close()


PHONE = {"width": 390, "height": 844}
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const parts = '.dc-summary, .dc-entry, .dc-entry *, .dc-coverage, .dc-coverage *';
  return [...document.querySelectorAll(parts.split(', ').map(p => 'article ' + p).join(', '))]
    .filter(e => e.getClientRects().length)
    .filter(e => e.getBoundingClientRect().right > width + 0.5
      || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'))
    .map(e => `${e.tagName}.${e.className}: ${e.textContent.slice(0, 50)}`);
}"""


@pytest.mark.browser
def test_the_cheat_sheet_and_the_note_fit_a_phone(visit):
    """390 px: the page never scrolls sideways; on the cheat sheet nothing is cut off or scrolls inside."""
    page = visit.page
    page.set_viewport_size(PHONE)
    for name in ("cheatsheet.md", "docker.md"):
        visit.goto(name)
        page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, (name, scroll, client)
    visit.goto("cheatsheet.md")
    page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
    assert page.evaluate(OVERFLOW) == []
    entry = page.locator("article .dc-entry", has=page.locator("code", has_text="docker run -it --name"))
    entry.scroll_into_view_if_needed()
    visit.screenshot("cheatsheet-390")
    page.locator("#coverage").scroll_into_view_if_needed()
    visit.screenshot("cheatsheet-coverage-390")


def tooltip_box(page) -> dict:
    tip = page.locator(".dc-tooltip")
    tip.wait_for(state="visible")
    return tip.bounding_box()


@pytest.mark.browser
def test_a_notes_command_words_and_flags_explain_themselves(visit):
    """Hover, keyboard focus: docker's description; a click on the command word opens its entry."""
    page = visit.page
    visit.goto("docker.md")
    tip = page.locator(".dc-tooltip")
    flag = page.locator("article .dc-flag", has_text="-it").first
    flag.hover()
    tooltip_box(page)
    assert (
        tip.inner_text() == "-i, --interactive: Keep STDIN open even if not attached\n-t, --tty: Allocate a pseudo-TTY"
    )
    assert flag.get_attribute("aria-describedby") == "dc-tooltip"
    assert flag.get_attribute("title") is None  # no native tooltip beside it
    visit.screenshot("note-tooltip-hover")
    page.mouse.move(5, 5)
    tip.wait_for(state="hidden")

    run = page.locator("article a.dc-cmd", has_text="run").first
    run.focus()
    tooltip_box(page)
    assert tip.inner_text() == "docker run: Create and run a new container from an image"
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the command word is a link to its entry
    assert page.title() == "Docker 命令速查 - 技术笔记"
    assert page.evaluate("location.hash") == "#cmd-container-run"
    heading = page.locator("h3#cmd-container-run").bounding_box()
    assert 0 <= heading["y"] < page.viewport_size["height"]


@pytest.mark.browser
def test_on_a_touch_screen_a_tap_explains_and_a_second_tap_follows(visit, browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="zh-CN")
    errors: list[str] = []
    context.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page = context.new_page()
    try:
        page.goto(visit.urls("docker.md"))
        page.wait_for_load_state("load")
        flag = page.locator("article .dc-flag", has_text="--name").first
        flag.scroll_into_view_if_needed()
        flag.tap()
        box = tooltip_box(page)
        assert page.locator(".dc-tooltip").inner_text() == "--name string: Assign a name to the container"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # inside the screen
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{visit.name}-note-tooltip-tap-390.png"))

        run = page.locator("article a.dc-cmd", has_text="run").first
        before = page.url
        run.tap()  # first tap: the explanation, not the link
        tooltip_box(page)
        assert page.locator(".dc-tooltip").inner_text().startswith("docker run: Create and run")
        page.wait_for_timeout(300)
        assert page.url == before
        run.tap()  # second tap: the link
        page.wait_for_url(re.compile(r".*cheatsheet.*#cmd-container-run$"))
        assert page.title() == "Docker 命令速查 - 技术笔记"
        assert errors == []
    finally:
        context.close()
