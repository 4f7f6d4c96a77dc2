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
    r'<div class="dc-use"><p class="dc-use-head">(?:<span class="dc-comment"># (?P<comment>.*?)</span>)?'
    r'<span class="dc-where">出处：(?P<places>.*?)</span></p>'
    r'<div class="highlight"><pre><code>(?P<code>.*?)</code>'
)
_PLACE = re.compile(r'<a href="(?P<href>[^"]*)">(?P<where>.*?)</a>')
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Use:
    href: str
    where: str
    code: str
    comment: str | None


def uses_in(html: str) -> list[Use]:
    """Every place linked from the page: a card written the same way in several places links to each."""
    return [
        Use(unescape(p["href"]), unescape(p["where"]), unescape(m["code"]), m["comment"] and unescape(m["comment"]))
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
        found[(src, line, use.code)] += 1
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
        assert use.where == f"Docker笔记 第 {fragment.removeprefix('__cmd-')} 行"


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
    assert entry.count('class="dc-use"') == 2  # docker ps and docker ps -a share one entry
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
    assert uses["docker volume ls"].where == "数据卷笔记 第 10 行"
    for code in ("docker volume create data", "docker volume ls", "docker ps"):
        target, fragment = resolve(page, root, uses[code].href)
        assert target == (root / "aaa-volumes" / "index.html").resolve()
        assert code in code_line_with_id(target.read_text(encoding="utf-8"), fragment)
    assert '<h3 id="cmd-volume-create"' in html
    ps = html[html.index('<h3 id="cmd-container-ls"') :]
    ps = ps[: ps.index("<h3", 1)]
    assert ps.count('class="dc-use"') == 3  # two in the Docker note, one in the new one
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
    assert pull.where == "恶意 & 笔记 第 9 行"
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
    uses = page.locator("article .dc-use")
    assert uses.count() >= 16
    # Material's copy button on each command, copying exactly the command.
    buttons = page.locator("article .dc-use button[data-md-type='copy']")
    assert buttons.count() == uses.count()
    target = buttons.first.get_attribute("data-clipboard-target")
    assert page.locator(target).inner_text() == uses.first.locator("code").inner_text()
    assert page.locator(".md-footer-meta .dc-checked").inner_text().startswith("命令已按 docker ")
    visit.screenshot("cheatsheet", full_page=True)

    use = page.locator("article .dc-use", has=page.locator("code", has_text="docker pull node:latest"))
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
        pull = page.locator("article .dc-use", has=page.locator("code", has_text="<script>"))
        assert pull.locator("code").inner_text() == "docker pull \"<script>window.__pwned='cmd'</script>\""
        assert pull.locator(".dc-comment").inner_text() == "# <img src=x onerror=\"window.__pwned='comment'\">"
        assert pull.locator(".dc-where").inner_text() == "出处：恶意 & 笔记 第 9 行"
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
