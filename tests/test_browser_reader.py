"""The reader's experience, in Chromium, in both outputs (the website and the offline docs).

One test per point of the reader-experience issue: diagrams (lightbox, phone
layout, dark mode), console blocks (highlighting, what the copy button puts on
the clipboard, the button never over a command), the offline 404 page, order
and consistency (navigation, dates, tags text, table of contents, links,
editor's note), search, and inline code that does not break at a hyphen.
Each saves screenshots at 1280 and 390 px, light and dark, in test-artifacts/
(`<output>-reader-<point>-<width>-<scheme>.png`). The `visit` fixture fails a
test on any request that leaves the site and on any console error.
"""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")]


def show(visit, width: int, scheme: str) -> None:
    """The page at this width, in this colour scheme, picked with the palette
    toggle as a reader does (Material lays the page out again by itself)."""
    page = visit.page
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    expected = {"light": "default", "dark": "slate"}[scheme]
    if page.evaluate("document.body.dataset.mdColorScheme") != expected:
        toggle = {"light": "切换到浅色模式", "dark": "切换到深色模式"}[scheme]
        page.locator(f"label[title='{toggle}']").first.click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{expected}'")
    page.evaluate("document.fonts.ready.then(() => true)")


def screenshots(visit, point: str) -> None:
    for width, scheme in SIZES:
        show(visit, width, scheme)
        visit.screenshot(f"reader-{point}-{width}-{scheme}", full_page=True)


def brightness(png: bytes) -> float:
    from PIL import Image, ImageStat

    with Image.open(io.BytesIO(png)) as image:
        return ImageStat.Stat(image.convert("L")).mean[0]


# --------------------------------------------------------------------------
# 1. Diagrams
# --------------------------------------------------------------------------

SMALLEST_LABEL = {"wide": 14, "narrow": 13}  # CSS px in the sources (img/src/*.html)


def test_diagrams_open_full_size_fit_a_phone_and_do_not_glare(visit):
    page = visit.page
    visit.goto("docker.md")
    show(visit, 1280, "light")
    links = page.locator("article a.glightbox.diagram")
    assert links.count() == 3
    # The lightbox: GLightbox (served by the site), the full-size image, zoomable.
    links.first.click()
    slide = page.locator(".glightbox-container .gslide.current .gslide-image img")
    slide.wait_for(state="visible")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=slide.element_handle())
    assert unquote(slide.evaluate("img => img.currentSrc")).endswith("/img/docker命令.png")
    assert slide.evaluate("img => img.naturalWidth") >= 2000
    page.locator(".glightbox-container .gslide.current.loaded").wait_for()
    page.wait_for_timeout(600)  # the opening animation
    visit.screenshot("reader-diagrams-lightbox-1280-light")
    # A click zooms to the image's own size: 2080 px wide, its 14 px labels at 28 px.
    slide.click()
    page.locator(".glightbox-container .gslide.current.zoomed").wait_for()
    zoomed = slide.evaluate("img => img.getBoundingClientRect().width")
    assert SMALLEST_LABEL["wide"] * zoomed / 1040 >= 20, zoomed
    visit.screenshot("reader-diagrams-lightbox-zoomed-1280-light")
    page.keyboard.press("Escape")
    page.locator(".glightbox-container").wait_for(state="detached")

    # On a phone: the portrait layout, shown about 1:1, so labels stay >= 12 px.
    show(visit, 390, "light")
    page.wait_for_function(
        """() => [...document.querySelectorAll('article a.diagram img')]
            .every(img => img.complete && img.currentSrc.includes('-narrow'))"""
    )
    sizes = page.eval_on_selector_all(
        "article a.diagram img",
        "els => els.map(e => ({src: decodeURIComponent(e.currentSrc), shown: e.clientWidth, natural: e.naturalWidth}))",
    )
    assert len(sizes) == 3
    for size in sizes:
        assert size["src"].endswith("-narrow.png"), size
        label = SMALLEST_LABEL["narrow"] * size["shown"] / (size["natural"] / 2)
        assert label >= 12, (size, label)

    # Dark mode: a dark rendering, not a white card.
    first = page.locator("article a.diagram img").first
    light = brightness(first.screenshot())
    show(visit, 390, "dark")
    dark = brightness(first.screenshot())
    assert light > 200 and dark < 80, (light, dark)
    screenshots(visit, "diagrams")


# --------------------------------------------------------------------------
# 2. Console blocks
# --------------------------------------------------------------------------

NOTE_COMMANDS = """\
docker pull registry.hub.docker.com/node:latest
docker pull node:latest
docker push <username/repository:tag>
docker images
docker ps
docker ps -a
docker attach <container_id>
docker commit -m " " -a <username> <container_id> <username/repository:tag>
docker run -it --name <container_name> <repository:tag>
docker run -it <repository:tag> /bin/bash
docker exec -it <container_name||container_id> bash
docker attach <container_name||container_id>
docker rm container_id
docker rmi image_id
docker top <container_name>
docker inspect <container_name>"""

NO_OVERLAP = """() => [...document.querySelectorAll('pre > code')].flatMap(code => {
  const button = code.parentElement.querySelector('.md-code__button');
  if (!button || !code.offsetParent) return [];
  const text = code.getBoundingClientRect().right - parseFloat(getComputedStyle(code).borderRightWidth);
  const left = button.getBoundingClientRect().left;
  return left >= text - 0.5 ? [] : [code.innerText.split('\\n')[0] + ' ' + left + ' < ' + text];
})"""


def test_console_blocks_are_highlighted_and_copy_runnable_commands(visit):
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visit.goto("docker.md")
    block = page.locator("article div.language-console").first
    assert block.locator(".gp").count() == 16  # one `$ ` prompt per command
    comments = block.locator(".c1")
    assert comments.first.inner_text() == "# 拉取镜像"
    colour = "el => getComputedStyle(el).color"
    assert comments.first.evaluate(colour) != block.locator("code").evaluate(colour)

    block.locator("button.md-code__button").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == NOTE_COMMANDS
    assert "$" not in copied and "#" not in copied

    # The copy button has a strip of its own: no line runs under it.
    for name in ("docker.md", "cheatsheet.md"):
        visit.goto(name)
        for width in (1280, 390):
            show(visit, width, "light")
            assert page.evaluate(NO_OVERLAP) == [], (name, width)
    screenshots(visit, "console")


# --------------------------------------------------------------------------
# 3. The 404 page
# --------------------------------------------------------------------------


def test_the_404_page_is_styled_and_leads_home(visit):
    page = visit.page
    # The website's server shows 404.html for a missing page; opened here directly.
    page.goto(visit.urls("index.md") + "404.html" if visit.name == "website" else visit.urls("404.md"))
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "404 - 页面不存在"
    header = page.locator("header.md-header")
    assert header.evaluate("el => getComputedStyle(el).position") == "sticky"  # Material's CSS is loaded
    assert page.locator("header .md-logo svg").bounding_box()["height"] < 60  # no giant icons
    screenshots(visit, "404")
    page.locator("article a", has_text="返回首页").click()
    page.wait_for_load_state("load")
    assert page.title() == "首页 - 技术笔记"


# --------------------------------------------------------------------------
# 4. Order and consistency
# --------------------------------------------------------------------------


def test_order_dates_tags_text_contents_and_links(visit):
    page = visit.page
    visit.goto("index.md")
    nav = page.locator("nav.md-nav--primary > ul > li > a.md-nav__link").all_inner_texts()
    assert [t.strip() for t in nav] == ["首页", "Docker笔记", "Docker 命令速查", "分类"]
    assert page.locator("a.md-footer__link--next .md-ellipsis").inner_text().strip() == "Docker笔记"
    home_date = page.locator("article li", has_text="Docker笔记").inner_text()
    assert "（创建于 2019年5月23日）" in home_date
    screenshots(visit, "home")

    show(visit, 1280, "light")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_load_state("load")
    assert page.title() == "Docker笔记 - 技术笔记"
    assert page.locator("article .note-meta").inner_text() == "创建于 2019年5月23日"
    toc = page.locator("nav.md-nav--secondary a.md-nav__link").all_inner_texts()
    assert "参考" in toc and "小结" not in toc
    assert page.locator("article h2", has_text="小结").count() == 1  # the author's heading stays
    link = page.locator("article a[href^='https://weibo.com/']")
    assert link.inner_text() == link.get_attribute("href")
    editor = page.locator("article .admonition.editor")
    assert editor.locator(".admonition-title").inner_text() == "编者注"
    assert "可写层" in editor.inner_text()
    author = page.locator("article p", has_text="容器 = 镜像 + 可读层").inner_text()
    assert author == "容器 = 镜像 + 可读层。并且容器的定义并没有提及是否要运行容器。"
    assert page.locator("a.md-footer__link--next .md-ellipsis").inner_text().strip() == "Docker 命令速查"
    # (The note's screenshots are the diagrams test's.)

    visit.goto("tags.md")
    text = page.locator("article p").first.inner_text()
    assert "category" not in text and "笔记" in text
    screenshots(visit, "tags")


# --------------------------------------------------------------------------
# 5. Search
# --------------------------------------------------------------------------

RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')].map(item =>
  [...item.querySelectorAll('a.md-search-result__link')].map(a => ({
    href: decodeURIComponent(a.href),
    title: (a.querySelector('h1, h2') || {}).innerText || '',
    missing: (a.querySelector('.md-search-result__terms') || {}).innerText || '',
    folded: !!a.closest('details'),
  })))"""


@pytest.mark.parametrize(
    ("query", "first", "note_section"),
    [
        ("镜像", "docker#what", "#what"),
        ("容器", "docker#容器与虚拟机的关系", "#容器与虚拟机的关系"),
        ("仓库", "docker#what", "#what"),
        ("docker run", "cheatsheet#cmd-container-run", "#instruction"),
        ("exec", "cheatsheet#cmd-container-exec", "#instruction"),
        ("attach", "cheatsheet#cmd-container-attach", "#instruction"),
    ],
)
def test_search_lands_on_the_right_section(visit, query, first, note_section):
    page = visit.page
    visit.goto("index.md")
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    page.keyboard.press("ArrowRight")  # Material waits for a key event after IME-like input
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.wait_for_timeout(200)
    groups = page.evaluate(RESULTS)
    links = [link for group in groups for link in group]
    # Every result carries the query's terms for highlighting (no empty ?h=).
    for link in links:
        assert parse_qs(urlsplit(link["href"]).query).get("h"), link
    # The best hit: the first section shown (not folded away), in the first result.
    page_name, anchor = first.split("#")
    best = next(link for link in groups[0] if "#" in link["href"] and not link["folded"])
    assert re.search(rf"/{page_name}(/|\.html)\?h=.*#{re.escape(anchor)}$", best["href"]), groups[0]
    note = next(group for group in groups if re.search(r"/docker(/|\.html)\?", group[0]["href"]))
    assert note[0]["missing"] == "", note[0]  # the note is not "缺少" a word it has
    shown = [link for link in note[1:] if not link["folded"]]
    assert shown and shown[0]["href"].endswith(note_section), note
    visit.screenshot(f"reader-search-{query.replace(' ', '_')}-1280-light")
    # Opening the section highlights the query on the page.
    # (The cheat sheet's hits name the note's sections too: the note's own link is the one ending so.)
    index = page.evaluate(
        """([section, title]) => [...document.querySelectorAll('.md-search-result__link')].findIndex(a =>
          decodeURIComponent(a.href).endsWith(section) && a.offsetParent !== null && a.innerText.includes(title))""",
        [note_section, shown[0]["title"]],
    )
    page.locator(".md-search-result__link").nth(index).click()
    page.wait_for_url(re.compile(r"/docker(/|\.html)\?h="))
    page.wait_for_load_state("load")
    assert page.title() == "Docker笔记 - 技术笔记"
    # Material marks the terms from a script that may run after "load": wait for it, do not sample.
    page.locator("article mark").first.wait_for(timeout=10_000)
    if query == "docker run":
        for width, scheme in SIZES:
            visit.page.set_viewport_size({"width": width, "height": 900})
            visit.page.emulate_media(color_scheme=scheme)
            visit.screenshot(f"reader-search-hit-{width}-{scheme}")


# --------------------------------------------------------------------------
# 6. Inline code
# --------------------------------------------------------------------------


def test_inline_code_is_not_broken_at_a_hyphen(visit):
    page = visit.page
    visit.goto("index.md")
    code = page.locator("article code", has_text="--help")
    for width in (320, 360, 390, 414, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        lines = code.locator(".nowrap").evaluate("el => el.getClientRects().length")
        assert lines == 1, width
        assert "--help" in code.inner_text()
    screenshots(visit, "inline-code")
