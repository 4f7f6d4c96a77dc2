"""hooks/searchlib.py: page entries of the search index (no build)."""

from __future__ import annotations

import pytest

from conftest import load_hook_module


@pytest.fixture(scope="module")
def searchlib():
    return load_hook_module("searchlib")


def index():
    return {
        "config": {"lang": ["en"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [
            {"location": "", "title": "首页", "text": "<p>intro</p>"},
            {"location": "docker/", "title": "Docker笔记", "text": ""},
            {"location": "docker/#what", "title": "What", "text": "<p>镜像</p>"},
            {"location": "docker/#instruction", "title": "Instruction", "text": "<pre>docker run</pre>"},
            {"location": "boosted/", "title": "B", "text": "", "boost": 2},
        ],
    }


def test_a_page_entry_holds_its_sections_and_counts_its_title_like_a_word_of_text(searchlib):
    out = searchlib.rebalance(index())
    docs = {d["location"]: d for d in out["docs"]}
    assert docs["docker/"]["body"] == "What <p>镜像</p> Instruction <pre>docker run</pre>"
    assert docs["docker/"]["boost"] == pytest.approx(1e-3)
    assert docs["boosted/"]["boost"] == pytest.approx(2e-3)  # a page's own search.boost is kept
    assert docs[""]["body"] == "<p>intro</p>"
    assert out["config"]["fields"]["body"] == {"boost": 1}
    assert out["config"]["fields"]["title"]["boost"] * docs["docker/"]["boost"] == pytest.approx(1)


def test_sections_are_unchanged(searchlib):
    before = [d for d in index()["docs"] if "#" in d["location"]]
    after = [d for d in searchlib.rebalance(index())["docs"] if "#" in d["location"]]
    assert after == before
