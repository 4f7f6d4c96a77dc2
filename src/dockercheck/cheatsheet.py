"""A cheat sheet of the docker commands the notes use, from the notes and docker's help.

Pure functions, no MkDocs: :func:`collect` turns the check reports (Markdown
page -> :class:`~dockercheck.check.FileReport`) and the grammar into a
:class:`CheatSheet`; :func:`render` writes it as one Markdown page (raw HTML
blocks under Markdown headings, every piece of note or help text through
:func:`html.escape`); :func:`mark_lines` gives each command line of a
rendered note the id the cheat sheet links to. ``hooks/check_commands.py``
is the MkDocs glue.

Entry key
    An entry is one docker *command*, keyed by its canonical path
    (:attr:`Command.canonical`, the first path of docker's ``Aliases:``
    line): ``docker ps`` and ``docker container ls`` run the same code, share
    one help text and one entry, and list each written form with its own
    link. The entry is titled and grouped by the path of its first use in
    the notes (``docker ps`` -> "Common Commands", like ``docker --help``).

Covered
    A command of docker's help tree (every row of :meth:`Grammar.walk`,
    management commands themselves left out: they only dispatch) is covered
    when the notes run it under any of its names: an invocation resolved to
    a command with the same canonical path. So ``docker ps`` covers ``docker
    container ls``, and the count is over distinct commands, not over
    names. A CLI plugin listed by the root (``compose*``) counts as one
    command, covered by any use of it. Hidden commands (``docker
    completion``) get an entry when used, but are not in the count.

Anchors
    pymdownx.highlight's line ids (``__span-<block>-<line>``) number blocks
    as Python-Markdown meets them: fences inside admonitions or ``<div
    markdown>`` count, custom fences do not and ``{#id}`` renames a block,
    while the extractor (markdown-it) does not see the first two at all. So
    the numbers cannot be predicted from the source; instead
    :func:`mark_lines` finds each command's line in the rendered note (its
    code block by content, then the line) and puts an empty
    ``<span id="__cmd-<source line>">`` at its start: an id known before
    the note is rendered, which lands on the line whatever the numbering.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape

from .check import FileReport
from .extract import Invocation
from .grammar import Grammar
from .model import Command
from .rendered import RenderedPage, docker_blocks, target_id

PAGE = "cheatsheet.md"  # src_uri of the generated page
TITLE = "Docker 命令速查"

# docker --help's sections, in its order, and their names on the page.
GROUPS = {
    "Common Commands": "常用命令",
    "Management Commands": "管理命令",
    "Swarm Commands": "Swarm 命令",
    "Commands": "其他命令",
}
OTHER_GROUP = "Commands"
SOURCES = {"live": "构建时本机安装的 docker", "snapshot": "随项目保存的 docker 帮助快照"}


def esc(text: object) -> str:
    return escape(str(text), quote=True)


# --------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageRef:
    """A Markdown page as the site publishes it."""

    src_uri: str  # "docker.md"
    url: str  # MkDocs page URL: "docker/" (directory URLs) or "docker.html"
    title: str


@dataclass(frozen=True, slots=True)
class Use:
    """One place where a note writes a command."""

    src_uri: str
    invocation: Invocation

    @property
    def text(self) -> str:
        return self.invocation.text

    @property
    def anchor(self) -> str:
        return target_id(self.invocation)


@dataclass(slots=True)
class Entry:
    """One docker command and every place the notes use it."""

    key: tuple[str, ...]  # canonical path; () for docker itself
    command: Command  # as the first use resolved it
    group: str  # the section of docker --help that lists its first word
    uses: list[Use] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.command.command  # "docker ps": the path of the first use

    @property
    def anchor(self) -> str:
        return "-".join(("cmd",) + self.key) if self.key else "cmd-docker"

    @property
    def aliases(self) -> list[str]:
        """The other names docker knows this command by."""
        return [a for a in self.command.aliases if a != self.title]


@dataclass(slots=True)
class Row:
    """A command of docker's help tree in the coverage table."""

    path: tuple[str, ...]  # canonical path
    short: str
    names: tuple[str, ...]  # other full names ("docker ps")
    entry: Entry | None = None
    plugin: bool = False

    @property
    def command(self) -> str:
        return " ".join(("docker",) + self.path)


@dataclass(slots=True)
class Area:
    """The commands of one management command, or the top-level ones (path ())."""

    path: tuple[str, ...]
    short: str
    group: str
    rows: list[Row] = field(default_factory=list)

    @property
    def covered(self) -> int:
        return sum(1 for row in self.rows if row.entry is not None)


@dataclass(slots=True)
class CheatSheet:
    version: str
    kind: str  # "live" or "snapshot"
    note: str  # why the grammar's source was chosen (for the build log: it may name local paths)
    entries: list[Entry]
    unresolved: list[Use]  # commands docker's help does not know (typo, missing plugin)
    areas: list[Area]

    @property
    def uses(self) -> int:
        return sum(len(e.uses) for e in self.entries) + len(self.unresolved)

    @property
    def total(self) -> int:
        return sum(len(a.rows) for a in self.areas)

    @property
    def covered(self) -> int:
        return sum(a.covered for a in self.areas)


# --------------------------------------------------------------------------
# Collecting
# --------------------------------------------------------------------------


def collect(reports: Mapping[str, FileReport], grammar: Grammar) -> CheatSheet:
    """The cheat sheet of these reports (src_uri -> report, in page order)."""
    rows = list(grammar.walk())
    order = {path: index for index, (path, _) in enumerate(rows)}
    root = grammar.root
    entries: dict[tuple[str, ...], Entry] = {}
    unresolved: list[Use] = []
    for src_uri, report in reports.items():
        for item in sorted(report.invocations, key=lambda c: (c.invocation.line, c.invocation.column)):
            use = Use(src_uri, item.invocation)
            command = item.checked.command
            if command is None:
                unresolved.append(use)
                continue
            key = command.canonical
            if key not in entries:
                entries[key] = Entry(key, command, _group(root, command.path))
            entries[key].uses.append(use)
    group_rank = {name: rank for rank, name in enumerate(GROUPS)}
    ordered = sorted(
        entries.values(),
        key=lambda e: (group_rank.get(e.group, len(GROUPS)), order.get(e.command.path, len(order)), e.command.path),
    )
    return CheatSheet(
        grammar.version, grammar.kind, grammar.note, ordered, unresolved, _coverage(grammar, rows, order, entries)
    )


def _group(root: Command, path: tuple[str, ...]) -> str:
    ref = root.child(path[0]) if path else None
    return ref.group if ref is not None and ref.group in GROUPS else OTHER_GROUP


def _coverage(grammar: Grammar, rows, order, entries: Mapping[tuple[str, ...], Entry]) -> list[Area]:
    loadable = [path for path, ref in rows if not ref.plugin]
    commands = dict(zip(loadable, grammar.commands(loadable), strict=True))
    areas: dict[tuple[str, ...], Area] = {(): Area((), "", OTHER_GROUP)}
    for path, ref in rows:
        if len(path) == 1 and not ref.plugin and commands[path].is_group:
            areas[path] = Area(path, ref.short, ref.group)
    found: dict[tuple[str, ...], Row] = {}
    for path, ref in rows:
        if ref.plugin:
            entry = next((e for e in entries.values() if e.key[:1] == path[:1]), None)
            found.setdefault(path, Row(path, ref.short, (), entry, plugin=True))
            continue
        command = commands[path]
        key = command.canonical
        if command.is_group or key in found:
            continue
        own = "docker " + " ".join(key)
        found[key] = Row(key, command.short, tuple(a for a in command.aliases if a != own), entries.get(key))
    for key, row in sorted(found.items(), key=lambda item: order.get(item[0], len(order))):
        area = areas.get(key[:1]) if len(key) > 1 else None
        (area or areas[()]).rows.append(row)
    return [area for area in areas.values() if area.rows]


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def relative_url(target: str, from_url: str) -> str:
    """A page URL (``docker/``, ``docker.html``, ``""`` for the home page) seen from another page."""
    base = posixpath.dirname(from_url)
    relative = posixpath.relpath("/" + target, "/" + base)
    if target == "" or target.endswith("/"):
        return "./" if relative == "." else relative + "/"
    return relative


FRONT_MATTER = f"---\ntitle: {TITLE}\n---\n"  # the generated file's own text: the page's title before it is rendered


def render(sheet: CheatSheet, pages: Mapping[str, PageRef], url: str) -> str:
    """The cheat sheet page's Markdown (after its front-matter), for the page published at ``url``."""
    out = [f"# {TITLE}", ""]
    out += _summary(sheet)
    for group, title in GROUPS.items():
        entries = [e for e in sheet.entries if e.group == group]
        if not entries:
            continue
        out += [f"## {title} {{#{_group_id(group)}}}", ""]
        for entry in entries:
            out += _entry(entry, pages, url)
    if sheet.unresolved:
        out += [
            "## 未能对照帮助的命令 {#unresolved}",
            "",
            '<div class="dc-entry dc-unresolved">',
            "<p>下面的命令在 docker 的帮助中找不到（写错的子命令，或者需要本机没有安装的 CLI 插件），"
            "因此没有说明和用法。</p>",
        ]
        out += [_use(uses, pages, url) for uses in _same_forms(sheet.unresolved)]
        out += ["</div>", ""]
    out += _coverage_table(sheet)
    return "\n".join(out) + "\n"


def _group_id(group: str) -> str:
    return {"Common Commands": "common", "Management Commands": "management", "Swarm Commands": "swarm"}.get(
        group, "other"
    )


def _summary(sheet: CheatSheet) -> list[str]:
    source = SOURCES.get(sheet.kind, sheet.kind)
    # The page is published: it says that the live docker was not used, never why (the
    # reason names paths of the build machine; the build log has it).
    note = '<span class="dc-source-note">（构建时本机的 docker 没有正常回答，改用了快照）</span>' if sheet.note else ""
    distinct = len(sheet.entries)
    return [
        '<div class="dc-summary">',
        "<p>笔记中出现的每一条 docker 命令都收在这里，按 <code>docker --help</code> 的分组排列，"
        "附上 docker 自己的一句话说明、用法（Usage）、别名，以及笔记里的写法和注释；"
        "点“出处”可以跳到笔记中写这条命令的那一行。</p>",
        "<ul>",
        f"<li>笔记中共有 <strong>{sheet.uses}</strong> 处 docker 命令，"
        f"归为 <strong>{distinct}</strong> 个不同的命令。</li>",
        f"<li>笔记覆盖了 docker 的 <strong>{sheet.total}</strong> 个命令中的 "
        f'<strong>{sheet.covered}</strong> 个（见<a href="#coverage">覆盖情况</a>）。</li>',
        f'<li class="dc-source">说明和用法取自 <strong>docker {esc(sheet.version)}</strong> 的帮助'
        f"（来源：{esc(source)}）{note}。</li>",
        "<li>本页在每次构建网站时由笔记和 docker 的帮助自动生成，新写的命令在下次构建时出现。</li>",
        "</ul>",
        "</div>",
        "",
    ]


def _entry(entry: Entry, pages: Mapping[str, PageRef], url: str) -> list[str]:
    command = entry.command
    facts = [f"<dt>说明</dt><dd>{esc(command.short)}</dd>" if command.short else ""]
    if command.usage:
        facts.append(f"<dt>用法</dt><dd><code>{esc(command.usage)}</code></dd>")
    if entry.aliases:
        names = " ".join(f"<code>{esc(a)}</code>" for a in entry.aliases)
        facts.append(f"<dt>也可写作</dt><dd>{names}</dd>")
    return [
        f"### {_heading(entry.title)} {{#{entry.anchor}}}",
        "",
        '<div class="dc-entry">',
        f'<dl class="dc-facts">{"".join(facts)}</dl>',
        *(_use(uses, pages, url) for uses in _same_forms(entry.uses)),
        "</div>",
        "",
    ]


def _heading(title: str) -> str:
    """A command path as heading text: its words come from docker's help tree."""
    return esc(re.sub(r"([\\`*_{}\[\]<>()#+!|])", r"\\\1", title))


def _same_forms(uses: list[Use]) -> list[list[Use]]:
    """Uses grouped by what the reader sees (the command and its comment), in order of first use.

    A command written the same way in several places is one card with a link
    to each place: the page stays readable when notes repeat themselves.
    """
    forms: dict[tuple[str, str | None], list[Use]] = {}
    for use in uses:
        forms.setdefault((use.text, use.invocation.comment), []).append(use)
    return list(forms.values())


def _use(uses: list[Use], pages: Mapping[str, PageRef], url: str) -> str:
    places = []
    for use in uses:
        page = pages.get(use.src_uri)
        label = page.title if page else use.src_uri
        where = f"{esc(label)} 第 {use.invocation.line} 行"
        if page is not None:
            href = f"{relative_url(page.url, url)}#{use.anchor}"
            where = f'<a href="{esc(href)}">{where}</a>'
        places.append(where)
    first = uses[0]
    comment = first.invocation.comment
    comment = f'<span class="dc-comment"># {esc(comment)}</span>' if comment else ""
    return (
        f'<div class="dc-use"><p class="dc-use-head">{comment}'
        f'<span class="dc-where">出处：{"、".join(places)}</span></p>'
        f'<div class="highlight"><pre><code>{esc(first.text)}</code></pre></div></div>'
    )


def _coverage_table(sheet: CheatSheet) -> list[str]:
    share = f"{sheet.covered * 100 // sheet.total}%" if sheet.total else "0%"
    out = [
        "## 覆盖情况 {#coverage}",
        "",
        '<div class="dc-coverage">',
        f'<p class="dc-count">笔记覆盖了 docker {esc(sheet.version)} 的 <strong>{sheet.total}</strong> 个命令中的 '
        f"<strong>{sheet.covered}</strong> 个（{share}）。</p>",
        "<p>命令按 docker 的帮助列出：每个管理命令（如 <code>docker container</code>）下的子命令一组，"
        "其余顶层命令一组。同一个命令的几个名字（如 <code>docker ps</code> 与 "
        "<code>docker container ls</code>）只算一个，笔记用了其中任何一个就算覆盖；"
        "管理命令本身只负责分派，不计数。</p>",
    ]
    for area in sheet.areas:
        name = " ".join(("docker",) + area.path)
        short = esc(area.short) if area.path else "不属于管理命令的顶层命令"
        # Material's details styles: green with a tick when the notes use some of it.
        kind = "success" if area.covered else "quote"
        opened = " open" if area.covered else ""
        out.append(
            f'<details class="dc-area {kind}"{opened}><summary><code>{esc(name)}</code> '
            f'<span class="dc-area-short">{short}</span>'
            f'<span class="dc-area-count">已覆盖 {area.covered} / {len(area.rows)}</span></summary>'
        )
        out.append("<table><thead><tr><th>命令</th><th>说明</th><th>笔记</th></tr></thead><tbody>")
        for row in area.rows:
            names = "".join(f' <code class="dc-alias">{esc(n)}</code>' for n in row.names)
            plugin = '<span class="dc-plugin">插件</span>' if row.plugin else ""
            if row.entry is not None:
                mark = f'<a class="dc-yes" href="#{esc(row.entry.anchor)}">✔ 已覆盖</a>'
            else:
                mark = '<span class="dc-no">—</span>'
            covered = ' class="dc-covered"' if row.entry is not None else ""
            out.append(
                f"<tr{covered}><td><code>{esc(row.command)}</code>{plugin}{names}</td>"
                f"<td>{esc(row.short)}</td><td>{mark}</td></tr>"
            )
        out.append("</tbody></table></details>")
    out += ["</div>", ""]
    return out


# --------------------------------------------------------------------------
# Ids on the note's command lines
# --------------------------------------------------------------------------


def mark_lines(html: str, invocations: Iterable[Invocation]) -> tuple[str, list[Invocation]]:
    """Put ``<span id="__cmd-N">`` at the start of each command's line in a rendered page.

    :class:`~dockercheck.rendered.RenderedPage` does the work; this is the
    short form for a page whose other blocks do not matter.
    """
    invocations = list(invocations)
    page = RenderedPage(html)
    blocks = {inv.block.index: inv.block for inv in invocations}
    matched = page.match(docker_blocks(blocks[index] for index in sorted(blocks)))
    return page.mark(invocations, matched)
