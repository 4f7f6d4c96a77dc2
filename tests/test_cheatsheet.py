"""The command cheat sheet (dockercheck.cheatsheet) on small documents.

Grouping, entry keys and aliases, examples and their flags, coverage, what
a page shows (bounded), escaping, relative links, the ids put on the notes'
command lines and the words explained in place, checked against HTML
rendered by Python-Markdown with the site's own highlight settings. The
whole way from notes to page is compared with golden files in
test_cheatsheet_golden.py; the built site is checked in
test_cheatsheet_site.py.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

import markdown
import pytest

from dockercheck import check_document, load_grammar
from dockercheck.cheatsheet import Explainer, PageRef, collect, layout, mark_lines, relative_url
from dockercheck.mkdocs.labels import labels
from test_cheatsheet_golden import render_page, theme_env

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


ZH = labels("zh")  # the site's words (theme.language: zh)
ENV = theme_env()


def sheet_of(pages: dict[str, str]):
    reports = {name: check_document(GRAMMAR, text, f"docs/{name}") for name, text in pages.items()}
    return collect(reports, GRAMMAR)


def page_of(sheet, pages=None, url: str = "cheatsheet/", sections=None) -> str:
    """The page's content as the hook renders it: the site's template, Material's environment."""
    return render_page(layout(sheet, pages or {}, url, sections), ENV)


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
    assert [x.text for x in sheet.unresolved] == ["docker rnu ubuntu"]
    assert sheet.uses == 10


def test_aliases_are_the_other_names_of_the_command(sheet):
    assert entry(sheet, "docker ps").aliases == ["docker container ls", "docker container list", "docker container ps"]
    assert entry(sheet, "docker attach").aliases == ["docker container attach"]
    assert entry(sheet, "docker network create").aliases == []


def test_each_use_keeps_its_line_and_each_example_the_notes_comment(sheet):
    ps = entry(sheet, "docker ps")
    assert [(u.line, u.text) for u in ps.uses] == [(9, "docker ps"), (10, "docker container ls -a")]
    assert [u.anchor for u in ps.uses] == ["__cmd-9", "__cmd-10"]
    assert [(x.text, x.comment) for x in ps.examples] == [
        ("docker ps", "列出容器"),
        ("docker container ls -a", "包括已停止的"),
    ]
    assert entry(sheet, "docker pull").examples[0].comment == "列出容器"  # same group of lines


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
    assert [(u.note, u.text) for u in sheet.entries[0].uses] == [
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


PLUGIN_NOTE = """\
# 编排

```sh
docker compose up -d
docker compose -f a.yml -p demo logs -f web
docker-compose up -d
docker buildx build --platform linux/amd64,linux/arm64 --push .
docker build -t app .
docker ps -a
```
"""


@pytest.mark.parametrize(
    ("title", "group", "uses"),
    [
        ("docker ps", "Common Commands", 1),
        ("docker compose up", "Plugin compose", 2),  # docker-compose up (v1) is checked as v2's up
        ("docker compose logs", "Plugin compose", 1),
        ("docker buildx build", "Plugin buildx", 2),  # docker build runs BuildKit's buildx build
    ],
)
def test_plugin_commands_are_grouped_under_their_plugin(title, group, uses):
    found = entry(sheet_of({"p.md": PLUGIN_NOTE}), title)
    assert (found.group, len(found.uses)) == (group, uses)
    assert found.plugin == (group.split()[1] if group.startswith("Plugin") else None)


def test_plugin_commands_are_counted_apart_from_dockers():
    sheet = sheet_of({"p.md": PLUGIN_NOTE})
    alone = sheet_of({"p.md": "```sh\ndocker ps -a\ndocker build -t app .\n```\n"})
    assert (sheet.total, sheet.covered) == (alone.total, alone.covered) == (sheet_of({}).total, 2)
    plugins = {area.plugin: area for area in sheet.plugins}
    assert list(plugins) == ["compose", "buildx"]  # in order of first use
    covered = {name: sorted(row.path for row in area.rows if row.entry) for name, area in plugins.items()}
    assert covered == {"compose": [("compose", "logs"), ("compose", "up")], "buildx": [("buildx", "build")]}
    assert len(plugins["compose"].rows) > 20 and not any(r.path == ("compose",) for r in plugins["compose"].rows)
    # docker's own build is covered by the line that wrote it, though buildx build checked it
    docker_rows = {row.path: row for area in sheet.areas if area.plugin is None for row in area.rows}
    assert docker_rows[("image", "build")].entry is entry(sheet, "docker buildx build")
    assert not [path for path in docker_rows if path[:1] in (("compose",), ("buildx",))]


def test_plugin_groups_and_counts_are_on_the_page():
    sheet = sheet_of({"p.md": PLUGIN_NOTE})
    text = re.sub(r"<[^>]+>", "", page_of(sheet))
    assert "docker compose（插件）" in text and "docker buildx（插件）" in text
    compose = sheet.plugins[0]
    assert f"docker compose 的 {len(compose.rows)} 个命令中的 2 个" in text


def test_coverage_areas_follow_docker_help():
    sheet = sheet_of({})
    names = [area.path for area in sheet.areas]
    assert names[:4] == [(), ("builder",), ("checkpoint",), ("container",)]
    assert ("swarm",) in names and ("trust",) in names
    top = sheet.areas[0]
    assert [row.path for row in top.rows] == [("login",), ("logout",), ("search",), ("version",), ("inspect",)]
    assert sheet.covered == 0 and sheet.entries == [] and sheet.unresolved == []


def test_rendered_count_and_marks(sheet):
    page = page_of(sheet)
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


def test_a_command_written_the_same_way_twice_is_one_example_with_two_places():
    other = "# 其他\n\n## 列表\n\n```console\n# 列出容器\n$ docker ps\n$ docker ps -q\n```\n"
    pages = {"note.md": PageRef("note/", "笔记"), "other.md": PageRef("other/", "其他")}
    sections = {"note.md": {9: "笔记"}, "other.md": {7: "列表"}}
    page = page_of(sheet_of({"note.md": NOTE, "other.md": other}), pages, sections=sections)
    card = re.search(r'<div class="dc-example">(?:(?!<div class="dc-example">).)*?<code>docker ps</code>', page, re.S)[
        0
    ]
    assert '出处：<a href="../note/#__cmd-9">笔记 › 笔记</a>、<a href="../other/#__cmd-7">其他 › 列表</a>' in card
    assert "第" not in card  # no source line number is shown
    assert page.count("<pre><code>docker ps</code>") == 1 and page.count("<pre><code>docker ps -q</code>") == 1


def test_page_is_html_whose_headings_make_the_table_of_contents(sheet):
    """No Markdown is read: the template's headings, with their ids, are the page's contents."""
    from dockercheck.rendered import toc_tokens

    pages = {"note.md": PageRef("note/", "笔记")}
    html = page_of(sheet, pages)
    assert html.startswith(f'<div class="dc-sheet">\n<h1 id="cheatsheet">{ZH["title"]}</h1>')  # its own styles
    (top,) = toc_tokens(html)
    assert (top["level"], top["id"], top["name"]) == (1, "cheatsheet", ZH["title"])
    assert [(t["id"], t["name"]) for t in top["children"]] == [
        ("common", "常用命令"),
        ("management", "管理命令"),
        ("swarm", "Swarm 命令"),
        ("other", "其他命令"),
        ("unresolved", "未能对照帮助的命令"),
        ("coverage", "覆盖情况"),
    ]
    assert [(t["id"], t["name"]) for t in top["children"][0]["children"]] == [
        ("cmd-container-ls", "docker ps"),
        ("cmd-image-pull", "docker pull"),
    ]
    assert '<a class="headerlink" href="#common" title="本节链接">¶</a>' in html  # as toc's permalink
    elements = parse(html)
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
    pages = {"x.md": PageRef('x/"><script>', "<b>标题</b>")}
    page = page_of(sheet, pages)
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    html = to_html(page)
    elements = parse(html)
    assert not [t for t, _ in elements.tags if t in ("script", "img", "b")]
    text = "".join(elements.text)
    assert 'docker pull "<script>window.__pwned=2</script>"' in text
    assert "docker run --name '<img src=x onerror=alert(1)>' nginx" in text
    assert '# <img src=x onerror="window.__pwned=1"> & </div>' in text
    assert "# </code></pre><b>bold</b>" in text
    assert "出处：<b>标题</b>" in text
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
    marked = mark_lines(html, invocations)
    missing = marked.missing
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
    assert line_texts(marked.html) == expected
    assert marked.html.count('class="dc-target"') == len(expected)  # one per line
    assert re.sub(r'<span class="dc-target" id="[^"]+"></span>', "", marked.html) == html  # nothing else changed


def test_pymdownx_line_ids_cannot_be_predicted_from_the_source():
    """Why the cheat sheet links to ids of its own: the __span numbers follow Python-Markdown."""
    invocations = [c.invocation for c in check_document(GRAMMAR, TRICKY, "t.md").invocations]
    marked = mark_lines(to_html(TRICKY), invocations).html
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
    marked = mark_lines(html, invocations)
    assert marked.html == html and marked.missing == invocations


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
    page = page_of(sheet)
    assert "随项目保存的 docker 帮助快照" in page and "没有正常回答，改用了快照" in page
    assert "live docker failed" not in page and "/fake/docker" not in page  # the reason stays in the build log


# --------------------------------------------------------------------------
# Examples, flags explained, and what a page shows
# --------------------------------------------------------------------------


def test_identical_lines_are_one_example_and_each_flag_word_is_explained_once():
    line = "docker run -it -e A=1 -e B=2 --memory=1g -p8080:80 x"
    text = f"```sh\n{line}\n{line}\n```\n"
    (run,) = sheet_of({"a.md": text}).entries
    (example,) = run.examples
    assert len(example.uses) == 2 and len(run.uses) == 2
    flags = {f.written: [o.display for o in f.options] for f in example.flags}
    assert flags == {
        "-it": ["-i, --interactive", "-t, --tty"],
        "-e": ["-e, --env"],  # written twice, explained once
        "--memory": ["-m, --memory"],  # the value is not part of it
        "-p": ["-p, --publish"],
    }
    memory = next(f for f in example.flags if f.written == "--memory").options[0]
    assert (memory.value_type, memory.description) == ("bytes", "Memory limit")


def test_global_flags_and_flags_docker_hides_are_explained_too():
    (entry,) = sheet_of({"a.md": "```sh\ndocker --debug run --net host x\n```\n"}).entries
    (debug, net) = entry.examples[0].flags
    assert (debug.written, debug.options[0].display) == ("--debug", "-D, --debug")
    assert net.written == "--net" and net.options[0].hidden


def test_examples_most_used_first_then_in_order():
    text = "```sh\ndocker ps\ndocker ps -a\ndocker ps -q\ndocker ps -a\n```\n"
    (entry,) = sheet_of({"a.md": text}).entries
    assert [(x.text, len(x.uses)) for x in entry.examples] == [
        ("docker ps -a", 2),
        ("docker ps", 1),
        ("docker ps -q", 1),
    ]


def generated(pages: int) -> dict[str, str]:
    """Notes that write the same few commands again and again, with names that differ."""
    return {
        f"n{i}.md": "```sh\n"
        + "".join(f"docker run -d --name web{i}-{j} nginx\ndocker ps -a\ndocker logs -f web{i}-{j}\n" for j in range(5))
        + "```\n"
        for i in range(pages)
    }


def test_the_page_grows_with_the_commands_not_with_the_uses():
    small, large = (page_of(sheet_of(generated(n))) for n in (10, 100))
    assert len(large) < 1.05 * len(small), (len(small), len(large))
    shown = layout(sheet_of(generated(100)), {}, "cheatsheet/")
    run = next(e for g in shown.groups for e in g.entries if e.entry.title == "docker run")
    assert len(run.examples) == 3 and len(run.more) == 8
    assert run.more_examples == 500 - 11 and run.more_uses == 500 - 11
    ps = next(e for g in shown.groups for e in g.entries if e.entry.title == "docker ps")
    (example,) = ps.examples
    assert example.uses == 500 and len(example.places) == 3 and example.more_places == 500 - 15
    assert "还有 489 种写法（共 489 处）未列出" in page_of(sheet_of(generated(100)))


def test_no_description_is_a_usage_line():
    """docker container cp prints a second Usage form under the first: it is not the description."""
    from dockercheck.helptext import parse_help
    from dockercheck.sources import Snapshot

    snapshot = Snapshot.load()
    for key, text in snapshot.helps.items():
        command = parse_help(tuple(key.split()), text)
        assert not command.short.startswith(("docker ", "Usage")), (key, command.short)
    cp = parse_help(("container", "cp"), snapshot.helps["container cp"])
    assert cp.short == "Copy files/folders between a container and the local filesystem"
    assert cp.usage == "docker container cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-"


# --------------------------------------------------------------------------
# The words of a note's command lines, explained where they are written
# --------------------------------------------------------------------------

PLACED = """\
# 笔记

## 运行

```console
$ docker run -it --name web --memory=1g nginx   # 启动
$ docker exec -it web sh
```

### 清理

```sh
docker rm -f $(docker ps -aq)
docker --debug container ls
docker rnu x
```
"""


def marked_of(text: str, sheet: str | None = "../cheatsheet/"):
    """The page's HTML before and after marking (the explainer is kept on the function, for its table)."""
    report = check_document(GRAMMAR, text, "t.md")
    html = to_html(text, configs=CONFIGS | {"toc": {"permalink": True}})
    marked_of.explainer = Explainer(sheet, ZH["hidden"])
    return html, mark_lines(html, report.invocations, marked_of.explainer)


def explained(html: str) -> list[tuple[str, str, str, str]]:
    """(kind, words as written, explanation, link) of every word a line's data names, in order."""
    table = json.loads(unescape(re.search(r'<div class="dc-help" hidden data-dc-help="([^"]*)"', html)[1]))
    out = []
    for line in html.split("\n"):
        found = re.search(r'<span class="dc-target"[^>]* data-dc="([^"]*)"></span>', line)
        if found:
            text = unescape(re.sub(r"<[^>]*>", "", line[found.end() :]))
            for item in found[1].split(";"):
                start, end, key = map(int, item.split(","))
                kind, explanation, href = table[key]
                out.append((kind, text[start:end], explanation, href))
    return out


def test_command_words_link_to_their_entry_and_flags_carry_dockers_description():
    html, marked = marked_of(PLACED)
    assert marked.missing == []
    page = marked.html + marked_of.explainer.markup()
    words = explained(page)
    assert [(kind, text) for kind, text, _, _ in words] == [
        ("cmd", "docker run"),
        ("flag", "-it"),
        ("flag", "--name"),
        ("flag", "--memory"),
        ("cmd", "docker exec"),
        ("flag", "-it"),
        ("cmd", "docker rm"),
        ("flag", "-f"),
        ("cmd", "docker ps"),
        ("flag", "-aq"),
        ("flag", "--debug"),
        ("cmd", "container ls"),  # a global flag between: the command's words only
    ]
    texts = {(kind, text): (explanation, href) for kind, text, explanation, href in words}
    assert texts[("cmd", "docker run")] == (
        "docker run: Create and run a new container from an image",
        "../cheatsheet/#cmd-container-run",
    )
    assert texts[("flag", "-it")] == (
        "-i, --interactive: Keep STDIN open even if not attached\n-t, --tty: Allocate a pseudo-TTY",
        "",
    )
    assert texts[("flag", "--name")][0] == "--name string: Assign a name to the container"
    assert texts[("flag", "-aq")][0].startswith("-a, --all: Show all containers (default shows just running)\n-q")
    # One entry, and each name as written, whichever of them the build met first.
    assert texts[("cmd", "docker ps")] == ("docker ps: List containers", "../cheatsheet/#cmd-container-ls")
    assert texts[("cmd", "container ls")] == ("docker container ls: List containers", "../cheatsheet/#cmd-container-ls")
    # Each explanation is in the page's table once, however often the page uses it.
    table = json.loads(unescape(re.search(r'data-dc-help="([^"]*)"', page)[1]))
    assert len(table) == len({(k, e) for k, _, e, _ in words}) == 11
    # Nothing but empty elements was added: the text is the text.
    strip = lambda h: unescape(re.sub(r"<[^>]*>", "", h))  # noqa: E731
    assert strip(marked.html) == strip(html)


def test_without_a_cheat_sheet_the_command_word_is_explained_but_links_nowhere():
    _, marked = marked_of(PLACED, sheet=None)
    words = explained(marked.html + marked_of.explainer.markup())
    assert words[0] == ("cmd", "docker run", "docker run: Create and run a new container from an image", "")


def test_each_line_is_named_by_the_heading_above_it():
    _, marked = marked_of(PLACED)
    assert marked.sections == {6: "运行", 7: "运行", 13: "清理", 14: "清理", 15: "清理"}


def test_a_line_the_renderer_changed_keeps_its_id_and_no_words():
    text = "```sh\ndocker\trun  -it x\n```\n"
    report = check_document(GRAMMAR, text, "t.md")
    html = to_html(text).replace("\t", "    ")  # as a renderer that expands tabs would
    marked = mark_lines(html, report.invocations, Explainer("cs/"))
    assert 'id="__cmd-2"' in marked.html
    assert "data-dc=" not in marked.html  # its columns are not the source's: no word is given


def test_words_on_a_continuation_line_get_a_span_of_their_own():
    text = "```console\n$ docker run -it \\\n>   --name web nginx\n```\n"
    report = check_document(GRAMMAR, text, "t.md")
    explainer = Explainer("cs/")
    marked = mark_lines(to_html(text), report.invocations, explainer)
    spans = re.findall(r'<span class="dc-target"[^>]*></span>', marked.html)
    assert spans == [
        '<span class="dc-target" id="__cmd-2" data-dc="2,12,0;13,16,1"></span>',
        '<span class="dc-target" data-dc="4,10,2"></span>',
    ]
    assert [e[1] for e in explained(marked.html + explainer.markup())] == ["docker run", "-it", "--name"]


def test_the_explanations_are_escaped():
    """Help text (a docker of another build may print anything) goes into an attribute: escaped there."""
    from dockercheck.check import CheckedInvocation
    from dockercheck.extract import extract
    from dockercheck.flags import Flag
    from dockercheck.model import Command, Option
    from dockercheck.validate import Checked

    option = Option("x", description='"><img src=x onerror=alert(1)> & more')
    command = Command(("frob",), short="<script>alert(1)</script>", options=(option,))
    inv = extract("```sh\ndocker frob --x\n```\n").invocations[0]
    flag = Flag(inv.words[2], "--x", option, (inv.words[2].start, inv.words[2].end))
    explainer = Explainer('cs/"><b>')
    explainer.words(CheckedInvocation(inv, Checked(command, command_words=[inv.words[1]], flags=[flag])))
    markup = explainer.markup()
    assert "<script" not in markup and "<img" not in markup and "<b>" not in markup
    parsed = parse(markup)
    assert [t for t, _ in parsed.tags] == ["div"]
    table = json.loads(parsed.tags[0][1]["data-dc-help"])
    assert table == [
        ["cmd", "docker frob: <script>alert(1)</script>", 'cs/"><b>#cmd-frob'],
        ["flag", '--x: "><img src=x onerror=alert(1)> & more', ""],
    ]
