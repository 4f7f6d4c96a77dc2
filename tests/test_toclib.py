"""hooks/toclib.py: which sections of a rendered page are empty (no build)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from conftest import load_hook_module


@pytest.fixture(scope="module")
def toclib():
    return load_hook_module("toclib")


def h(level: int, ident: str) -> str:
    return f'<h{level} id="{ident}">{ident}<a class="headerlink" href="#{ident}">&para;</a></h{level}>\n'


def test_a_heading_with_nothing_under_it_is_empty(toclib):
    html = h(2, "a") + "<p>text</p>\n" + h(2, "小结") + "\n" + h(2, "参考") + "<p>x</p>"
    assert toclib.empty_sections(html) == {"小结"}


def test_the_last_heading_is_empty_when_the_page_ends(toclib):
    assert toclib.empty_sections(h(2, "a") + "<p>x</p>" + h(2, "end") + "  \n") == {"end"}


def test_a_section_whose_subsections_have_content_is_not_empty(toclib):
    html = h(2, "how") + h(3, "work") + "<p>x</p>" + h(3, "todo") + h(2, "next") + "<p>y</p>"
    assert toclib.empty_sections(html) == {"todo"}


def test_a_section_whose_subsections_are_all_empty_is_empty(toclib):
    html = h(2, "how") + h(3, "a") + h(3, "b") + h(2, "next") + "<p>y</p>"
    assert toclib.empty_sections(html) == {"how", "a", "b"}


def test_an_image_or_any_element_is_content(toclib):
    assert toclib.empty_sections(h(2, "a") + '<p><img src="x.png" alt="x"></p>') == set()


@dataclass
class Item:
    id: str
    children: list = field(default_factory=list)


def test_prune_removes_items_at_every_depth(toclib):
    items = [Item("a", [Item("b"), Item("c")]), Item("d")]
    toclib.prune(items, {"c", "d"})
    assert [(i.id, [c.id for c in i.children]) for i in items] == [("a", ["b"])]


def test_empty_headings_are_excluded_from_search(toclib):
    html = h(2, "a") + "<p>x</p>" + h(2, "小结")
    out = toclib.exclude_from_search(html, {"小结"})
    assert '<h2 data-search-exclude id="小结">' in out
    assert '<h2 id="a">' in out
