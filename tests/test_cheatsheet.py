"""The command cheat sheet (dockercheck.cheatsheet) on small documents.

Grouping, entry keys and aliases, comments, coverage, escaping, relative
links, and the ids put on the notes' command lines, checked against HTML
rendered by Python-Markdown with the site's own highlight settings. The
built site is checked in test_cheatsheet_site.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest

from dockercheck import cheatsheet, check_document, load_grammar
from dockercheck.cheatsheet import PageRef, collect, mark_lines, relative_url, render

GRAMMAR = load_grammar("snapshot")

NOTE = """\
---
title: 笔记
---

# 笔记

```console
# 列出容器
$ docker ps
$ docker container ls -a    # 包括已停止的
$ docker pull nginx
$ docker image pull redis
```

```sh
docker network create backend
docker service ls
docker attach web
docker --version
docker container
docker rnu ubuntu
```
"""


def sheet_of(pages: dict[str, str]):
    reports = {name: check_document(GRAMMAR, text, f"docs/{name}") for name, text in pages.items()}
    return collect(reports, GRAMMAR)


@pytest.fixture(scope="module")
def sheet():
    return sheet_of({"note.md": NOTE})


def entry(sheet, title: str):
    found = [e for e in sheet.entries if e.title == title]
    assert len(found) == 1, [e.title for e in sheet.entries]
    return found[0]


# --------------------------------------------------------------------------
# Entries
# --------------------------------------------------------------------------


def test_entries_are_keyed_by_canonical_command_and_grouped_like_docker_help(sheet):
    got = [(e.title, e.key, e.group, [u.text for u in e.uses]) for e in sheet.entries]
    assert got == [
        ("docker ps", ("container", "ls"), "Common Commands", ["docker ps", "docker container ls -a"]),
        ("docker pull", ("image", "pull"), "Common Commands", ["docker pull nginx", "docker image pull redis"]),
        ("docker container", ("container",), "Management Commands", ["docker container"]),
        ("docker network create", ("network", "create"), "Management Commands", ["docker network create backend"]),
        ("docker service ls", ("service", "ls"), "Swarm Commands", ["docker service ls"]),
        ("docker attach", ("container", "attach"), "Commands", ["docker attach web"]),
        ("docker", (), "Commands", ["docker --version"]),
    ]
    assert [u.text for u in sheet.unresolved] == ["docker rnu ubuntu"]
    assert sheet.uses == 10


def test_aliases_are_the_other_names_of_the_command(sheet):
    assert entry(sheet, "docker ps").aliases == ["docker container ls", "docker container list", "docker container ps"]
    assert entry(sheet, "docker attach").aliases == ["docker container attach"]
    assert entry(sheet, "docker network create").aliases == []


def test_each_use_keeps_the_notes_comment_and_line(sheet):
    uses = entry(sheet, "docker ps").uses
    assert [(u.invocation.line, u.invocation.comment) for u in uses] == [(9, "列出容器"), (10, "包括已停止的")]
    assert [u.anchor for u in uses] == ["__cmd-9", "__cmd-10"]
    assert entry(sheet, "docker pull").uses[0].invocation.comment == "列出容器"  # same group of lines


def test_help_text_comes_from_docker(sheet):
    ps = entry(sheet, "docker ps")
    assert ps.command.short == "List containers"
    assert ps.command.usage == "docker ps [OPTIONS]"
    assert sheet.version == "28.2.2" and sheet.kind == "snapshot"


def test_first_use_decides_title_and_group():
    sheet = sheet_of({"a.md": "```sh\ndocker container ls\ndocker ps\n```\n"})
    (only,) = sheet.entries
    assert (only.title, only.group, len(only.uses)) == ("docker container ls", "Management Commands", 2)
    assert only.aliases == ["docker container list", "docker container ps", "docker ps"]


def test_pages_keep_their_order_and_uses_their_page():
    sheet = sheet_of({"b.md": "```sh\ndocker pull b\n```\n", "a.md": "```sh\ndocker pull a\n```\n"})
    assert [(u.src_uri, u.text) for u in sheet.entries[0].uses] == [
        ("b.md", "docker pull b"),
        ("a.md", "docker pull a"),
    ]


# --------------------------------------------------------------------------
# Coverage
# --------------------------------------------------------------------------


def test_coverage_counts_distinct_commands_under_any_name(sheet):
    rows = {row.path: row for area in sheet.areas for row in area.rows}
    assert sheet.total == len(rows) == 132  # docker 28.2.2, management commands left out
    assert ("ps",) not in rows and ("container",) not in rows
    assert rows[("container", "ls")].names == ("docker container list", "docker container ps", "docker ps")
    covered = sorted(path for path, row in rows.items() if row.entry is not None)
    assert covered == [
        ("container", "attach"),
        ("container", "ls"),
        ("image", "pull"),
        ("network", "create"),
        ("service", "ls"),
    ]
    assert sheet.covered == 5


def test_a_plugin_is_one_row_even_when_a_note_has_loaded_its_help():
    """docker compose installed: the walk lists 'compose' and does not go into its subcommands."""
    from dockercheck.grammar import Grammar
    from dockercheck.sources import Snapshot

    snapshot = Snapshot.load()
    helps = dict(snapshot.helps)
    helps[""] = helps[""].replace(
        "  builder     Manage builds\n",
        "  builder     Manage builds\n  compose*    Docker Compose (Docker Inc., v2.39.1)\n",
    )
    helps["compose"] = (
        "Usage:  docker compose [OPTIONS] COMMAND\n\nDefine and run multi-container applications with Docker\n\n"
        "Commands:\n  down        Stop and remove containers, networks\n  up          Create and start containers\n"
    )
    grammar = Grammar(Snapshot(snapshot.version, helps, snapshot.probes))
    before = [path for path, _ in grammar.walk()]
    grammar.command(("compose",))  # as a note's 'docker compose up' would
    after = [path for path, _ in grammar.walk()]
    assert ("compose",) in after and after == before
    assert not [path for path in after if path[:1] == ("compose",) and len(path) > 1]


def test_coverage_areas_follow_docker_help():
    sheet = sheet_of({})
    names = [area.path for area in sheet.areas]
    assert names[:4] == [(), ("builder",), ("checkpoint",), ("container",)]
    assert ("swarm",) in names and ("trust",) in names
    top = sheet.areas[0]
    assert [row.path for row in top.rows] == [("login",), ("logout",), ("search",), ("version",), ("inspect",)]
    assert sheet.covered == 0 and sheet.entries == [] and sheet.unresolved == []


def test_rendered_count_and_marks(sheet):
    page = render(sheet, {}, "cheatsheet/")
    assert "笔记覆盖了 docker 28.2.2 的 <strong>132</strong> 个命令中的 <strong>5</strong> 个（3%）" in page
    assert page.count('class="dc-yes"') == 5
    assert '<a class="dc-yes" href="#cmd-container-ls">' in page


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.inlinehilite",
]
# As in mkdocs.yml.
CONFIGS = {"pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span", "pygments_lang_class": True}}


def to_html(text: str, extensions=EXTENSIONS, configs=CONFIGS) -> str:
    return markdown.markdown(text, extensions=extensions, extension_configs=configs)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def test_a_command_written_the_same_way_twice_is_one_card_with_two_links():
    other = "# 其他\n\n```console\n# 列出容器\n$ docker ps\n$ docker ps -q\n```\n"
    pages = {"note.md": PageRef("note.md", "note/", "笔记"), "other.md": PageRef("other.md", "other/", "其他")}
    page = render(sheet_of({"note.md": NOTE, "other.md": other}), pages, "cheatsheet/")
    card = re.search(r'<div class="dc-use">(?:(?!<div class="dc-use">).)*?<code>docker ps</code>', page, re.S)[0]
    assert "出处：<a" in card and card.count("<a href=") == 2
    assert '<a href="../note/#__cmd-9">笔记 第 9 行</a>、<a href="../other/#__cmd-5">其他 第 5 行</a>' in card
    assert page.count("<pre><code>docker ps</code>") == 1 and page.count("<pre><code>docker ps -q</code>") == 1


def test_page_is_markdown_with_headings_and_cards(sheet):
    pages = {"note.md": PageRef("note.md", "note/", "笔记")}
    page = render(sheet, pages, "cheatsheet/")
    assert page.startswith(f"# {cheatsheet.TITLE}\n")
    assert f"---\ntitle: {cheatsheet.TITLE}\n---\n" == cheatsheet.FRONT_MATTER
    headings = re.findall(r"^(##+ .*)$", page, re.M)
    assert headings[:3] == [
        "## 常用命令 {#common}",
        "### docker ps {#cmd-container-ls}",
        "### docker pull {#cmd-image-pull}",
    ]
    assert "## 未能对照帮助的命令 {#unresolved}" in headings and headings[-1] == "## 覆盖情况 {#coverage}"
    html = to_html(page)
    elements = parse(html)
    ids = [a["id"] for t, a in elements.tags if t == "h3"]
    assert ids[:2] == ["cmd-container-ls", "cmd-image-pull"]
    links = [a["href"] for t, a in elements.tags if t == "a" and a.get("href", "").startswith("../")]
    assert links[:2] == ["../note/#__cmd-9", "../note/#__cmd-10"]
    assert len(links) == sheet.uses
    codes = re.findall(r'<div class="highlight"><pre><code>(.*?)</code>', html)
    assert codes[:2] == ["docker ps", "docker container ls -a"]
    assert "列出容器" in html and "说明取自" not in html  # comment shown; no stray text
    assert "docker 28.2.2" in html and "随项目保存的 docker 帮助快照" in html


HOSTILE = """\
```sh
# <img src=x onerror="window.__pwned=1"> & </div>
docker pull "<script>window.__pwned=2</script>"
docker run --name '<img src=x onerror=alert(1)>' nginx  # </code></pre><b>bold</b>
```
"""


def test_everything_from_notes_and_help_is_escaped():
    sheet = sheet_of({"x.md": HOSTILE})
    sheet.note = "<script>note</script>"
    pages = {"x.md": PageRef("x.md", 'x/"><script>', "<b>标题</b>")}
    page = render(sheet, pages, "cheatsheet/")
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    html = to_html(page)
    elements = parse(html)
    assert not [t for t, _ in elements.tags if t in ("script", "img", "b")]
    text = "".join(elements.text)
    assert 'docker pull "<script>window.__pwned=2</script>"' in text
    assert "docker run --name '<img src=x onerror=alert(1)>' nginx" in text
    assert '# <img src=x onerror="window.__pwned=1"> & </div>' in text
    assert "# </code></pre><b>bold</b>" in text
    assert "<b>标题</b> 第 3 行" in text
    assert ("a", {"href": '../x/"><script>#__cmd-3'}) in elements.tags


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        # website: directory URLs
        ("docker/", "cheatsheet/", "../docker/"),
        ("", "cheatsheet/", "../"),
        ("notes/k8s/", "cheatsheet/", "../notes/k8s/"),
        ("docker/", "tools/cheatsheet/", "../../docker/"),
        # offline: use_directory_urls false
        ("docker.html", "cheatsheet.html", "docker.html"),
        ("index.html", "cheatsheet.html", "index.html"),
        ("notes/k8s.html", "cheatsheet.html", "notes/k8s.html"),
        ("docker.html", "tools/cheatsheet.html", "../docker.html"),
    ],
)
def test_relative_url(target, page, expected):
    assert relative_url(target, page) == expected


# --------------------------------------------------------------------------
# Ids on the notes' command lines
# --------------------------------------------------------------------------

TRICKY = """\
# Tricky

!!! note
    ```sh
    docker images
    ```

<div markdown>
```sh
docker images
```
</div>

```sh

docker pull x
```

```sh {#named}
docker rm a; docker rm b
```

1. item

    ```console
    $ docker run -it \\
    >   ubuntu bash
    root@c0ffee:/# exit
    $ docker ps
    CONTAINER ID   docker ps
    ```

```mermaid
graph
```

```
$ docker images   # the one extracted
```
"""


def line_texts(html: str) -> dict[str, str]:
    """id -> text of the code line that holds the id."""
    out = {}
    for code in re.finditer(r"<code[^>]*>(.*?)</code>", html, re.DOTALL):
        for line in code[1].split("\n"):
            for name in re.findall(r'<span class="dc-target" id="([^"]+)"></span>', line):
                out[name] = re.sub(r"<[^>]*>", "", line).replace("&lt;", "<").replace("&gt;", ">")
    return out


@pytest.mark.parametrize("highlight", ["pymdownx", "fenced_code"])
def test_each_command_line_gets_its_id(highlight):
    if highlight == "pymdownx":
        text = TRICKY
        html = to_html(text)
    else:  # MkDocs' defaults: plain <pre><code>, no line spans, no {#id} and no fences in lists
        text = TRICKY.replace("sh {#named}", "sh")
        html = to_html(text, ["fenced_code", "admonition", "md_in_html"], {})
    report = check_document(GRAMMAR, text, "t.md")
    invocations = [c.invocation for c in report.invocations]
    assert [(i.line, i.text) for i in invocations] == [
        (5, "docker images"),
        (10, "docker images"),
        (16, "docker pull x"),
        (20, "docker rm a"),
        (20, "docker rm b"),
        (26, "docker run -it ubuntu bash"),
        (29, "docker ps"),
        (38, "docker images"),
    ]
    marked, missing = mark_lines(html, invocations)
    expected = {
        "__cmd-5": "docker images",  # inside the admonition
        "__cmd-10": "docker images",  # inside <div markdown>
        "__cmd-16": "docker pull x",
        "__cmd-20": "docker rm a; docker rm b",
        "__cmd-26": "$ docker run -it \\",
        "__cmd-29": "$ docker ps",  # not the output line that ends with "docker ps"
        "__cmd-38": "$ docker images   # the one extracted",
    }
    if highlight == "fenced_code":
        # Without superfences the admonition's and the list's fences are not code: the admonition's
        # block takes the first rendered block of the same text (the <div markdown>'s, line 10),
        # which leaves line 10 unplaced; the list's lines are reported, not guessed.
        assert [i.line for i in missing] == [10, 26, 29]
        del expected["__cmd-10"], expected["__cmd-26"], expected["__cmd-29"]
    else:
        assert missing == []
    assert line_texts(marked) == expected
    assert marked.count('class="dc-target"') == len(expected)  # one per line
    assert re.sub(r'<span class="dc-target" id="[^"]+"></span>', "", marked) == html  # nothing else changed


def test_pymdownx_line_ids_cannot_be_predicted_from_the_source():
    """Why the cheat sheet links to ids of its own: the __span numbers follow Python-Markdown."""
    invocations = [c.invocation for c in check_document(GRAMMAR, TRICKY, "t.md").invocations]
    marked, _ = mark_lines(to_html(TRICKY), invocations)
    holders = re.findall(
        r'<span id="(__span-[^"]+)"><span class="dc-target" id="(__cmd-\d+)"></span><a id="__codelineno', marked
    )
    assert holders == [
        ("__span-0-1", "__cmd-5"),
        ("__span-1-1", "__cmd-10"),
        ("__span-2-1", "__cmd-16"),
        ("__span-named-1", "__cmd-20"),
        ("__span-4-1", "__cmd-26"),
        ("__span-4-4", "__cmd-29"),
        ("__span-6-1", "__cmd-38"),
    ]
    # The extractor numbers the blocks as it meets them (the mermaid block is one too).
    assert [(i.block.index, i.line_in_block) for i in invocations][:3] == [(0, 0), (1, 0), (2, 1)]


def test_a_line_not_rendered_is_reported():
    report = check_document(GRAMMAR, "```sh\ndocker ps\n```\n", "t.md")
    invocations = [c.invocation for c in report.invocations]
    html = to_html("```sh\ndocker images\n```\n")
    marked, missing = mark_lines(html, invocations)
    assert marked == html and missing == invocations


# --------------------------------------------------------------------------
# The hook's glue
# --------------------------------------------------------------------------


def test_coverage_falls_back_to_the_snapshot_when_docker_fails():
    """The live docker answered the check, then fails on the whole tree: the page says so, not why."""
    from dockercheck.grammar import Grammar
    from dockercheck.session import DocsChecker
    from dockercheck.sources import Snapshot
    from test_session import FailingSource

    class AnsweredTheCheck(FailingSource):
        def help(self, path):
            if path in ((), ("container",), ("container", "ls")):
                return Snapshot.load().help(path)
            return super().help(path)

    checker = DocsChecker("auto", grammar=Grammar(AnsweredTheCheck()))
    reports = checker.check({"docs/n.md": "```sh\ndocker container ls\n```\n"})
    assert checker.grammar.kind == "live"
    sheet = checker.run(lambda grammar: collect({"n.md": reports[0]}, grammar))
    assert (sheet.version, sheet.kind, sheet.total) == ("28.2.2", "snapshot", 132)
    assert sheet.note.startswith("live docker failed: docker did not answer")
    page = render(sheet, {}, "cheatsheet/")
    assert "随项目保存的 docker 帮助快照" in page and "没有正常回答，改用了快照" in page
    assert "live docker failed" not in page and "/fake/docker" not in page  # the reason stays in the build log
