"""Both outputs in Debian's Chromium, as a reader sees them.

`visit` (conftest.py) runs each test twice: on the website served from
127.0.0.1, and on the offline zip unpacked and opened from file://. Every
test ends by checking that nothing was requested from anywhere else.
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_note_shows_images_date_tags_and_copy_buttons(visit):
    page = visit.page
    visit.goto("docker.md")
    assert page.title() == "Docker笔记 - 技术笔记"
    images = page.eval_on_selector_all(
        "article img",
        "els => els.map(e => ({src: e.currentSrc, alt: e.alt, width: e.naturalWidth}))",
    )
    assert len(images) == 3
    for image in images:
        assert image["width"] > 0, image
        assert image["alt"], image
    date = page.locator("article time")
    assert date.is_visible()
    assert date.get_attribute("datetime") == "2019-05-23"
    assert page.locator("article .note-meta").inner_text() == "创建于 2019年5月23日"
    chip = page.locator("article .md-tags a.md-tag")
    assert chip.all_inner_texts() == ["devops"]
    assert chip.is_visible()
    copy = page.locator("article pre button[data-md-type='copy']")
    assert copy.count() >= 1
    assert copy.first.get_attribute("title") == "复制"
    visit.screenshot("docker", full_page=True)
    assert visit.foreign_requests() == []


def test_tag_chip_leads_to_the_category_list(visit):
    page = visit.page
    visit.goto("docker.md")
    page.locator("article a.md-tag").click()
    page.wait_for_load_state("load")
    assert page.title() == "分类 - 技术笔记"
    section = page.locator("article ul a", has_text="Docker笔记")
    assert section.is_visible()
    section.click()
    page.wait_for_load_state("load")
    assert page.title() == "Docker笔记 - 技术笔记"
    assert visit.foreign_requests() == []


def test_navigation_from_home_page(visit):
    page = visit.page
    visit.goto("index.md")
    assert page.title() == "首页 - 技术笔记"
    visit.screenshot("home")
    page.locator("article a", has_text="Docker笔记").click()
    page.wait_for_load_state("load")
    assert page.title() == "Docker笔记 - 技术笔记"
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="首页").first.click()
    page.wait_for_load_state("load")
    assert page.title() == "首页 - 技术笔记"
    assert visit.foreign_requests() == []


def test_dark_palette_toggle(visit):
    page = visit.page
    visit.goto("docker.md")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("label[title='切换到深色模式']").first.click()
    assert page.evaluate(scheme) == "slate"
    visit.screenshot("docker-dark")
    assert visit.foreign_requests() == []
