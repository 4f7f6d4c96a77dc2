"""The pure helpers behind hooks/notes.py, table by table."""

from __future__ import annotations

import datetime as dt
import time

import pytest

# --------------------------------------------------------------------------
# Front-matter
# --------------------------------------------------------------------------


def test_front_matter_of_the_seed_note(notelib):
    text = "---\ntitle: Docker笔记\nbirth: 2019-05-23\ncategory:\n- devops\n---\n\n## 前言\n"
    assert notelib.parse_front_matter(text) == {
        "title": "Docker笔记",
        "birth": dt.date(2019, 5, 23),
        "category": ["devops"],
    }


@pytest.mark.parametrize(
    "text",
    ["# 没有 front-matter\n", "---\n\n---\n正文\n", "正文\n---\na: 1\n---\n"],
    ids=["none", "empty", "not-at-start"],
)
def test_no_front_matter_is_empty(notelib, text):
    assert notelib.parse_front_matter(text) == {}


def test_datetime_birth_becomes_a_date(notelib):
    meta = notelib.parse_front_matter("---\nbirth: 2019-05-23 10:30:00\n---\n")
    assert meta["birth"] == dt.date(2019, 5, 23)
    assert type(meta["birth"]) is dt.date


@pytest.mark.parametrize(
    ("block", "message", "line"),
    [
        ("title: [未闭合\nbirth: 2019-05-23\n", "not valid YAML: expected ',' or ']'", 3),
        ("title: a: b\n", "not valid YAML: mapping values are not allowed here", 2),
        ("- devops\n- docker\n", "must be a mapping of `key: value` lines, not a list", 2),
        ("只有一行文字\n", "must be a mapping of `key: value` lines, not a text", 2),
        ("birth: 昨天\n", "'birth' must be a date written as YYYY-MM-DD without quotes, got '昨天'", 2),
        ("title: x\nbirth: '2019-05-23'\n", "'birth' must be a date written as YYYY-MM-DD", 3),
        ("birth: 2019-02-30\n", "impossible date: day is out of range for month", None),
        ("title: ''\n", "'title' must be a non-empty text", 2),
        ("title: x\n\ncategory: devops\n", "'category' must be a list of names", 4),
        ("a: &a [x, x]\ntitle: *a\n", "uses the YAML alias *a: aliases are not allowed here", 3),
        ("title: " + "[" * 30 + "]" * 30 + "\n", "nests lists or mappings more than 20 deep", 2),
        ("description: [a]\n", "'description' must be a text, got ['a']", 2),
        ("title: <script>alert(1)</script>\n", "'title' must not contain <, > or \"", 2),
        ("description: 'x\" onload=\"alert(1)'\n", "'description' must not contain <, > or \"", 2),
        ("category:\n- ok\n- <b>x</b>\n", "'category' must not contain <, > or \"", 2),
    ],
    ids=[
        "invalid-yaml",
        "invalid-yaml-mapping",
        "list",
        "scalar",
        "birth-text",
        "birth-quoted",
        "birth-impossible",
        "empty-title",
        "category-not-list",
        "alias",
        "deep",
        "description-not-text",
        "title-markup",
        "description-attribute",
        "category-markup",
    ],
)
def test_bad_front_matter_is_an_error(notelib, block, message, line):
    with pytest.raises(notelib.FrontMatterError) as caught:
        notelib.parse_front_matter(f"---\n{block}---\n正文\n")
    assert message in caught.value.message
    assert caught.value.line == line


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
title: *i
description: *i
"""


def test_a_billion_laughs_is_refused_at_once(notelib):
    started = time.perf_counter()
    with pytest.raises(notelib.FrontMatterError) as caught:
        notelib.parse_front_matter(f"---\n{BILLION_LAUGHS}---\n正文\n")
    assert time.perf_counter() - started < 0.5
    assert caught.value.line == 3 and "alias *a" in caught.value.message


def test_a_huge_front_matter_is_refused(notelib):
    block = "".join(f"k{i}: {'x' * 60}\n" for i in range(2000))
    with pytest.raises(notelib.FrontMatterError, match="longer than 64 KiB"):
        notelib.parse_front_matter(f"---\n{block}---\n")


def test_error_values_are_bounded(notelib):
    with pytest.raises(notelib.FrontMatterError) as caught:
        notelib.parse_front_matter("---\ntitle: [" + ", ".join(["x" * 1000] * 1000) + "]\n---\n")
    assert len(caught.value.message) < 300


# --------------------------------------------------------------------------
# <img> tags
# --------------------------------------------------------------------------


def test_img_tags_are_found_where_they_are(notelib):
    html = (
        "<p>一</p>\n<p><img src='./img/a.png' alt='甲' />\n"
        "<pre><code>&lt;img src='./img/code.png'&gt;</code></pre>\n"
        '  <img alt="乙" src="b.png"></p>'
    )
    tags = notelib.find_img_tags(html)
    assert [html[t.start : t.end] for t in tags] == [
        "<img src='./img/a.png' alt='甲' />",
        '<img alt="乙" src="b.png">',
    ]
    assert [(t.get("src"), t.get("alt"), t.self_closing) for t in tags] == [
        ("./img/a.png", "甲", True),
        ("b.png", "乙", False),
    ]


AMP = "%E5%AE%B9%E5%99%A8%26%E8%99%9A%E6%8B%9F%E6%9C%BA%E5%AF%B9%E6%AF%94%E5%9B%BE.png"
SITE_FILES = {
    "img/docker命令.png": "img/docker%E5%91%BD%E4%BB%A4.png",
    "img/容器&虚拟机对比图.png": f"img/{AMP}",
    "guide/img/local.png": "guide/img/local.png",
}


@pytest.mark.parametrize(
    ("src", "page_src_uri", "page_url", "expected"),
    [
        # A raw tag in a top-level note, with and without directory URLs.
        ("./img/容器&虚拟机对比图.png", "docker.md", "docker/", f"../img/{AMP}"),
        ("./img/容器&虚拟机对比图.png", "docker.md", "docker.html", f"img/{AMP}"),
        ("img/docker命令.png", "index.md", "", "img/docker%E5%91%BD%E4%BB%A4.png"),
        # Already percent-encoded by the author, with a fragment.
        ("./img/docker%E5%91%BD%E4%BB%A4.png#x", "a.md", "a/", "../img/docker%E5%91%BD%E4%BB%A4.png#x"),
        # A note in a sub-folder reaches the top-level img/ with ../
        ("../img/docker命令.png", "guide/a.md", "guide/a/", "../../img/docker%E5%91%BD%E4%BB%A4.png"),
        ("img/local.png", "guide/a.md", "guide/a.html", "img/local.png"),
        # What MkDocs already wrote for a Markdown image stays as it is.
        ("../img/docker%E5%91%BD%E4%BB%A4.png", "docker.md", "docker/", "../img/docker%E5%91%BD%E4%BB%A4.png"),
        ("../../img/docker%E5%91%BD%E4%BB%A4.png", "guide/a.md", "guide/a/", "../../img/docker%E5%91%BD%E4%BB%A4.png"),
        # Not ours: other hosts, absolute paths, data.
        ("https://example.org/x.png", "docker.md", "docker/", "https://example.org/x.png"),
        ("/img/x.png", "docker.md", "docker/", "/img/x.png"),
        ("data:image/png;base64,AAAA", "docker.md", "docker/", "data:image/png;base64,AAAA"),
    ],
)
def test_img_src_points_at_the_file_from_the_page(notelib, src, page_src_uri, page_url, expected):
    html = f"<p>前<img alt='图' src='{src}'>后</p>"
    new, problems = notelib.rewrite_images(html, page_src_uri=page_src_uri, page_url=page_url, urls=SITE_FILES)
    assert problems == []
    [tag] = notelib.find_img_tags(new)
    assert tag.get("src") == expected
    if expected == src:
        assert new == html  # untouched, byte for byte
    else:
        assert new == f'<p>前<img alt="图" src="{expected}">后</p>'


def test_rewrite_keeps_everything_else(notelib):
    html = "<p><img src='./img/docker命令.png' alt='它&#39;s &quot;图&quot;' width=300 hidden /></p>"
    new, _ = notelib.rewrite_images(html, page_src_uri="docker.md", page_url="docker/", urls=SITE_FILES)
    assert new == (
        '<p><img src="../img/docker%E5%91%BD%E4%BB%A4.png" alt="它&#x27;s &quot;图&quot;" width="300" hidden /></p>'
    )


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("<img src='./img/不存在.png' alt='图'>", "points at img/不存在.png, which does not exist"),
        ("<img src='../x.png' alt='图'>", "points at ../x.png, which does not exist"),
        ("<img src='./img/docker命令.png'>", "has no alt text"),
        ("<img src='./img/docker命令.png' alt='  '>", "has no alt text"),
        ("<img alt='图'>", "has no src"),
    ],
)
def test_image_problems_are_reported(notelib, tag, message):
    _, problems = notelib.rewrite_images(tag, page_src_uri="docker.md", page_url="docker/", urls=SITE_FILES)
    assert [p.message for p in problems] == [message]


# --------------------------------------------------------------------------
# List of notes
# --------------------------------------------------------------------------


def test_notes_are_listed_newest_first_relative_to_the_page(notelib):
    notes = [
        notelib.Note("docker.md", "Docker笔记", dt.date(2019, 5, 23)),
        notelib.Note("k8s/intro.md", "Kubernetes 入门", dt.date(2020, 1, 2)),
    ]
    assert notelib.notes_list(notes, from_src_uri="index.md") == (
        "- [Kubernetes 入门](k8s/intro.md)（创建于 2020年1月2日）\n- [Docker笔记](docker.md)（创建于 2019年5月23日）"
    )
    assert "](../docker.md)" in notelib.notes_list(notes, from_src_uri="k8s/index.md")


def test_no_notes_says_so(notelib):
    assert notelib.notes_list([], from_src_uri="index.md") == "（还没有笔记）"


@pytest.mark.parametrize(
    ("page", "replaced"),
    [
        ("# 首页\n\n<!-- notes-list -->\n\n尾\n", True),
        ("<!-- notes-list -->\n", True),
        ("```html\n<!-- notes-list -->\n```\n", False),  # shown as code: left as written
        ("    <!-- notes-list -->\n", False),  # an indented code block
        ("文字 `<!-- notes-list -->` 文字\n", False),  # a code span in a paragraph
        ("文字 <!-- notes-list --> 文字\n", False),  # inside a paragraph
    ],
)
def test_only_a_marker_block_of_its_own_is_replaced(notelib, page, replaced):
    out = notelib.insert_notes_list(page, "LIST")
    assert ("LIST" in out) is replaced
    assert ("notes-list" in out) is not replaced


def test_dates_are_written_one_way(notelib):
    assert notelib.format_date(dt.date(2019, 5, 23)) == "2019年5月23日"
    assert notelib.format_date(dt.date(2020, 12, 1)) == "2020年12月1日"


# --------------------------------------------------------------------------
# Order of the navigation
# --------------------------------------------------------------------------


def test_navigation_puts_home_notes_generated_pages_then_the_rest(notelib):
    names = ["cheatsheet.md", "docker.md", "index.md", None, "k8s.md", "tags.md", "aaa.md"]
    rank = lambda name: notelib.nav_rank(  # noqa: E731
        name, home="index.md", notes={"docker.md", "k8s.md"}, generated={"cheatsheet.md"}
    )
    assert sorted(names, key=rank) == ["index.md", "docker.md", "k8s.md", "cheatsheet.md", None, "tags.md", "aaa.md"]
