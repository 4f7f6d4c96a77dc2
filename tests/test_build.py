"""Both outputs, as built by `make site`, and builds that must fail.

Each check reads the built files the way a browser or a reader would; the
browser itself is in test_browser.py.
"""

from __future__ import annotations

import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import (
    NOTE_IMAGES,
    OFFLINE_NAME,
    ROOT,
    SITE_URL,
    Built,
    build_output,
    copy_project,
    mkdocs_build,
)

pytestmark = pytest.mark.slow

NOTE_PAGE = {"website": "docker/index.html", "offline": "docker.html"}
TAGS_PAGE = {"website": "tags/index.html", "offline": "tags.html"}


class _Elements(HTMLParser):
    """(tag, attributes) of every start tag of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(path: Path, tag: str | None = None) -> list[dict[str, str | None]]:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return [attrs for name, attrs in parser.elements if tag in (None, name)]


def output_dir(built: Built, name: str) -> Path:
    return built.website if name == "website" else built.offline


both_outputs = pytest.mark.parametrize("name", ["website", "offline"])


# --------------------------------------------------------------------------
# The two outputs
# --------------------------------------------------------------------------


def test_make_site_builds_both_outputs_strictly_without_warnings(built):
    assert built.log.count("--strict") == 2
    assert "WARNING" not in built.log
    assert (built.website / "index.html").is_file()
    assert (built.offline / "index.html").is_file()


def test_website_has_directory_urls_sitemap_and_404(built):
    assert (built.website / "docker" / "index.html").is_file()
    sitemap = (built.website / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}docker/</loc>" in sitemap
    page_404 = built.website / "404.html"
    assert "404 - 页面不存在" in page_404.read_text(encoding="utf-8")
    # Served for any missing path, so its assets must not depend on the depth.
    stylesheets = [a["href"] for a in elements(page_404, "link") if a.get("rel") == "stylesheet"]
    assert stylesheets and all(href.startswith("/assets/") for href in stylesheets)


def test_offline_docs_link_html_files(built):
    assert (built.offline / "docker.html").is_file()
    assert (built.offline / "search" / "search_index.js").is_file()  # search from file://
    nav = [a["href"] for a in elements(built.offline / "index.html", "a")]
    assert "docker.html" in nav and "tags.html" in nav


def test_zip_unpacks_into_one_folder_with_index(built):
    with zipfile.ZipFile(built.zip) as archive:
        names = archive.namelist()
    assert {name.split("/")[0] for name in names} == {OFFLINE_NAME}
    assert f"{OFFLINE_NAME}/index.html" in names
    assert f"{OFFLINE_NAME}/docker.html" in names
    assert any(name.startswith(f"{OFFLINE_NAME}/img/") for name in names)


@both_outputs
def test_images_are_copied_but_not_their_sources(built, name):
    site = output_dir(built, name)
    for image in NOTE_IMAGES:
        assert (site / "img" / image).read_bytes() == (ROOT / "img" / image).read_bytes()
    assert not (site / "img" / "src").exists()


@pytest.mark.parametrize(("name", "prefix"), [("website", "../img/"), ("offline", "img/")])
def test_note_img_src_is_encoded_and_relative_to_the_page(built, name, prefix):
    page = output_dir(built, name) / NOTE_PAGE[name]
    imgs = [a for a in elements(page, "img") if "/img/" in f"/{a['src']}"]
    assert [a["src"] for a in imgs] == [
        prefix + "docker%E5%91%BD%E4%BB%A4.png",
        prefix + "%E5%AE%B9%E5%99%A8%26%E8%99%9A%E6%8B%9F%E6%9C%BA%E5%AF%B9%E6%AF%94%E5%9B%BE.png",
        prefix + "%E5%AE%B9%E5%99%A8%26%E8%99%9A%E6%8B%9F%E6%9C%BA%E5%AF%B9%E6%AF%94%E5%9B%BE1.png",
    ]
    for img in imgs:
        assert (page.parent / unquote(img["src"])).is_file()
        assert img["alt"].strip()


@both_outputs
def test_front_matter_is_rendered(built, name):
    site = output_dir(built, name)
    note = site / NOTE_PAGE[name]
    html = note.read_text(encoding="utf-8")
    assert "<title>Docker笔记 - 技术笔记</title>" in html
    assert "<h1>Docker笔记</h1>" in html
    assert '创建于\n    <time datetime="2019-05-23">2019年5月23日</time>' in html
    [chip] = [a for a in elements(note, "a") if "md-tag" in (a.get("class") or "")]
    target, _, fragment = chip["href"].partition("#")
    assert fragment == "tag:devops"
    tags_page = (note.parent / target).resolve()
    if tags_page.is_dir():
        tags_page /= "index.html"
    assert tags_page == (site / TAGS_PAGE[name]).resolve()
    listed = [a["href"] for a in elements(tags_page, "a")]
    assert {"website": "../docker/", "offline": "docker.html"}[name] in listed


@both_outputs
def test_home_page_lists_the_note(built, name):
    html = (output_dir(built, name) / "index.html").read_text(encoding="utf-8")
    href = {"website": "docker/", "offline": "docker.html"}[name]
    assert f'<li><a href="{href}">Docker笔记</a>（创建于 2019年5月23日）</li>' in html


def test_search_index_has_chinese_words(built):
    index = json.loads((built.website / "search" / "search_index.json").read_text(encoding="utf-8"))
    what = next(doc for doc in index["docs"] if doc["location"] == "docker/#what")
    # jieba's segments are joined by U+200B, which the search separator splits on.
    assert {"镜像", "容器", "仓库"} <= set(what["text"].split("\u200b"))
    assert "\\u200b" in index["config"]["separator"]


# A note's own links to other sites (its 参考 section): followed only when the
# reader clicks them, never loaded by the page.
READER_LINKS = {"https://weibo.com/ttarticle/p/show?id=2309404367940366520531"}


def _external_references(page: Path) -> list[str]:
    found = []
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    for tag, attrs in parser.elements:
        if tag == "a" and attrs.get("href") in READER_LINKS:
            continue
        for key in ("src", "href", "srcset", "poster", "data"):
            value = attrs.get(key) or ""
            if urlsplit(value).scheme or value.startswith("//"):
                found.append(f"{key}={value}")
    return found


def test_offline_docs_reference_nothing_outside_themselves(built):
    pages = sorted(built.offline.rglob("*.html"))
    assert len(pages) >= 4
    assert {p.name: _external_references(p) for p in pages} == {p.name: [] for p in pages}
    text = "\n".join(
        p.read_text(encoding="utf-8")
        for p in built.offline.rglob("*")
        if p.suffix in {".html", ".css", ".json"} and p.is_file()
    )
    for host in ("unpkg.com", "fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net"):
        assert host not in text


def test_website_references_no_other_host_than_its_own(built):
    for page in sorted(built.website.rglob("*.html")):
        external = [ref for ref in _external_references(page) if SITE_URL not in ref]
        assert external == [], page


# --------------------------------------------------------------------------
# Builds that must fail, and one that must pick up a new note
# --------------------------------------------------------------------------


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("offline", [False, True], ids=["website", "offline"])
def test_broken_image_fails_naming_page_and_path(tmp_path, offline):
    project = copy_project(tmp_path)
    _append(project / "docs" / "docker.md", "\n<img src='./img/不存在.png' alt='不存在的图' />\n")
    result = mkdocs_build(project, offline=offline)
    log = build_output(result)
    assert result.returncode != 0, log
    assert (
        "WARNING -  hooks/images: Doc file 'docker.md': "
        "<img src='./img/不存在.png'> points at img/不存在.png, which does not exist"
    ) in log


def test_image_without_alt_fails(tmp_path):
    project = copy_project(tmp_path)
    _append(project / "docs" / "docker.md", "\n<img src='./img/docker命令.png' />\n")
    result = mkdocs_build(project)
    log = build_output(result)
    assert result.returncode != 0, log
    assert ("WARNING -  hooks/images: Doc file 'docker.md': <img src='./img/docker命令.png'> has no alt text") in log


BAD_FRONT_MATTER = [
    ("title: [Docker笔记\nbirth: 2019-05-23\n", "'docker.md:3': front-matter is not valid YAML"),
    ("- Docker笔记\n- 2019-05-23\n", "'docker.md:2': front-matter must be a mapping of `key: value` lines, not a list"),
    ("title: Docker笔记\nbirth: 去年\n", "'docker.md:3': 'birth' must be a date written as YYYY-MM-DD"),
    (
        "title: Docker笔记\nbirth: 2019-13-23\n",
        "'docker.md': front-matter holds an impossible date: month must be in 1..12",
    ),
]


@pytest.mark.parametrize(
    ("block", "message"), BAD_FRONT_MATTER, ids=["invalid-yaml", "list", "birth-text", "birth-impossible"]
)
def test_bad_front_matter_stops_the_build_even_without_strict(tmp_path, block, message):
    project = copy_project(tmp_path)
    note = project / "docs" / "docker.md"
    body = note.read_text(encoding="utf-8").split("---\n", 2)[2]
    note.write_text(f"---\n{block}---\n{body}", encoding="utf-8")
    result = mkdocs_build(project, strict=False)
    log = build_output(result)
    assert result.returncode == 1, log
    assert f"ERROR   -  Doc file {message}" in log
    assert not (project / "site" / "docker" / "index.html").exists()


def test_new_note_appears_without_editing_the_config(tmp_path):
    project = copy_project(tmp_path)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "docs" / "k8s.md").write_text(
        "---\ntitle: Kubernetes笔记\nbirth: 2020-02-02\ncategory:\n- devops\n- k8s\n---\n\n## 前言\n\n正文。\n",
        encoding="utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, build_output(result)
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == config
    site = project / "site"
    assert (site / "k8s" / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    # Newest first in the list on the home page; index first in the navigation.
    assert home.index('<a href="k8s/">Kubernetes笔记</a>（创建于 2020年2月2日）') < home.index(
        '<a href="docker/">Docker笔记</a>（创建于 2019年5月23日）'
    )
    nav = [a["href"] for a in elements(site / "index.html", "a") if "md-nav__link" in (a.get("class") or "")]
    assert nav.index(".") < nav.index("docker/") < nav.index("k8s/")
    tags = (site / "tags" / "index.html").read_text(encoding="utf-8")
    assert 'id="tag:k8s"' in tags


def test_the_notes_hook_titles_pages_as_mkdocs_does(built, notelib):
    """One title rule: notelib.page_title (used before pages are read) gives what MkDocs shows."""
    import re

    for source in sorted((ROOT / "docs").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        meta = notelib.parse_front_matter(text)
        expected = notelib.page_title(meta, text, source.name, is_homepage=source.name == "index.md")
        page = built.website / ("index.html" if source.stem == "index" else f"{source.stem}/index.html")
        shown = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"))[1]
        assert shown == f"{expected} - 技术笔记", source.name
