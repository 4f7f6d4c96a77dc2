"""The data of a cheat sheet of the docker commands the notes use, from the notes and docker's help.

Pure functions, no MkDocs and no markup of the page: :func:`collect` turns
the check reports (Markdown page -> :class:`~dockercheck.check.FileReport`)
and the grammar into a :class:`CheatSheet` (entries, each flag explained,
coverage); :func:`layout` cuts it into what a page shows (a bounded number
of examples and places per entry, links relative to the page), which a
template of the site renders; an :class:`Explainer` gives the words of a
note's command lines their explanation from docker's help, which
:meth:`~dockercheck.rendered.RenderedPage.mark` puts on the lines as data
for the site's script.

Entry key
    An entry is one docker *command*, keyed by its canonical path
    (:attr:`Command.canonical`, the first path of docker's ``Aliases:``
    line): ``docker ps`` and ``docker container ls`` run the same code, share
    one help text and one entry. The entry is titled and grouped by the path
    of its first use in the notes (``docker ps`` -> "Common Commands", like
    ``docker --help``): :func:`_group` reads the root's listing. A CLI
    plugin's command (``docker compose up``, and ``docker build`` when it runs
    BuildKit's ``docker buildx build``) is grouped under its plugin.

Examples
    Identical command lines are one example with all their places; an
    example explains every flag it writes from docker's help (short and
    long name, the value it takes, docker's default). An entry keeps every
    example; :func:`layout` shows the most used few and counts the rest, so
    the page grows with the number of distinct commands, not of uses.

Covered
    A command of docker's help tree (every row of :meth:`Grammar.walk`,
    management commands themselves left out: they only dispatch) is covered
    when the notes run it under any of its names: an invocation resolved to
    a command with the same canonical path. So ``docker ps`` covers ``docker
    container ls``, and the count is over distinct commands, not over
    names. The commands of a CLI plugin the checker knows (compose, buildx:
    live or from their snapshots) are counted apart, one table per plugin
    the notes use; ``docker build`` checked as ``docker buildx build`` covers
    both. Another plugin listed by the root counts as one docker command,
    covered by any use of it. Hidden commands (``docker completion``) get an
    entry when used, but are not in the count.

Anchors
    pymdownx.highlight's line ids (``__span-<block>-<line>``) cannot be
    predicted from the source (see :mod:`dockercheck.rendered`), so each
    command's line gets an id of its own, ``__cmd-<source line>``, and a
    place is named by its note and the nearest heading above the line.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from html import escape
from typing import Any, NamedTuple

from .check import CheckedInvocation, FileReport
from .extract import Invocation
from .grammar import Grammar
from .model import Command, Option
from .rendered import Marked, RenderedPage, Word, docker_blocks, line_id

PAGE = "cheatsheet.md"  # src_uri of the generated page

# docker --help's sections, in its order.
GROUPS = ("Common Commands", "Management Commands", "Swarm Commands", "Commands")
GROUP_IDS = {"Common Commands": "common", "Management Commands": "management", "Swarm Commands": "swarm"}
OTHER_GROUP = "Commands"
PLUGIN_GROUP = "Plugin "  # a plugin's group: "Plugin compose" (plugin_group)


def plugin_group(name: str) -> str:
    """The group of a CLI plugin's commands: ``Plugin compose``."""
    return PLUGIN_GROUP + name


# How much of an entry a page shows: the rest is counted, so the page's size follows the number of commands.
EXAMPLES = 3  # examples with their flags explained
MORE_EXAMPLES = 8  # then this many more, the command line and one place each
PLACES = 3  # places named under an example
UNRESOLVED = 20  # lines docker's help does not know


# --------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageRef:
    """A Markdown page as the site publishes it."""

    url: str  # MkDocs page URL: "docker/" (directory URLs) or "docker.html"
    title: str


class Use(NamedTuple):
    """One place where a note writes a command (a small tuple: a site has tens of thousands, and a
    cheat sheet made in a child process travels back pickled)."""

    note: str  # the note's key: as the reports given to collect name it
    text: str  # the command line
    line: int  # of the note's source, where the command begins

    @property
    def anchor(self) -> str:
        return line_id(self.line)


@dataclass(frozen=True, slots=True)
class FlagNote:
    """One flag word of a command line and what docker's help says of each flag in it."""

    written: str  # as the note writes it, value left out: "-it", "--name", "--memory" (of --memory=1g)
    options: tuple[Option, ...]  # -it: -i and -t


@dataclass(slots=True)
class Example:
    """One way the notes write a command: identical lines are one example with all their places."""

    text: str
    comment: str | None  # the first of its places' comments
    flags: tuple[FlagNote, ...]
    uses: list[Use] = field(default_factory=list)


@dataclass(slots=True)
class Entry:
    """One docker command and every place the notes use it."""

    key: tuple[str, ...]  # canonical path; () for docker itself
    command: Command  # as the first use resolved it
    group: str  # the section of docker --help that lists its first word, or "Plugin <name>"
    uses: list[Use] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)  # most used first, then in order of first use

    @property
    def title(self) -> str:
        return self.command.command  # "docker ps": the path of the first use

    @property
    def anchor(self) -> str:
        return entry_anchor(self.key)

    @property
    def aliases(self) -> list[str]:
        """The other names docker knows this command by."""
        return [a for a in self.command.aliases if a != self.title]

    @property
    def plugin(self) -> str | None:
        """The CLI plugin the command belongs to (``compose``), None for docker's own."""
        return self.group.removeprefix(PLUGIN_GROUP) if self.group.startswith(PLUGIN_GROUP) else None


def entry_anchor(key: tuple[str, ...]) -> str:
    """The id of a command's entry on the page: cmd-container-ls, cmd-docker for docker itself."""
    return "-".join(("cmd",) + key) if key else "cmd-docker"


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
    """The commands of one management command, or the top-level ones (path ()); of a plugin: its own."""

    path: tuple[str, ...]
    short: str
    group: str
    rows: list[Row] = field(default_factory=list)
    plugin: str | None = None  # compose: the area is the plugin's commands, counted apart from docker's

    @property
    def covered(self) -> int:
        return sum(1 for row in self.rows if row.entry is not None)

    @property
    def command(self) -> str:
        return " ".join(("docker",) + self.path)


@dataclass(slots=True)
class CheatSheet:
    version: str
    kind: str  # "live" or "snapshot"
    note: str  # why the grammar's source was chosen (for the build log: it may name local paths)
    entries: list[Entry]
    unresolved: list[Example]  # command lines docker's help does not know (typo, missing plugin)
    areas: list[Area]

    @property
    def uses(self) -> int:
        return sum(len(e.uses) for e in self.entries) + sum(len(x.uses) for x in self.unresolved)

    @property
    def total(self) -> int:
        """docker's own commands (a plugin's are counted in its area)."""
        return sum(len(a.rows) for a in self.areas if a.plugin is None)

    @property
    def covered(self) -> int:
        return sum(a.covered for a in self.areas if a.plugin is None)

    @property
    def plugins(self) -> list[Area]:
        """One area per CLI plugin the notes use, with its own count."""
        return [a for a in self.areas if a.plugin is not None]

    @property
    def share(self) -> int:
        """Covered commands in per cent, rounded down."""
        return self.covered * 100 // self.total if self.total else 0


# --------------------------------------------------------------------------
# Collecting
# --------------------------------------------------------------------------


def collect(reports: Mapping[str, FileReport], grammar: Grammar) -> CheatSheet:
    """The cheat sheet of these reports (each note's key -> its report, in the site's order; layout's
    ``pages`` and ``sections`` use the same keys)."""
    rows = list(grammar.walk())
    order = {path: index for index, (path, _) in enumerate(rows)}
    entries: dict[tuple[str, ...], Entry] = {}
    also: dict[tuple[str, ...], Entry] = {}  # docker's build -> the entry of buildx build that checked it
    examples: dict[tuple[str, ...] | None, dict[str, Example]] = {None: {}}  # entry key (None: unresolved) -> by text
    for note, report in reports.items():
        for item in sorted(report.invocations, key=lambda c: (c.invocation.line, c.invocation.column)):
            use = Use(note, item.invocation.text, item.invocation.line)
            command = item.checked.command
            key = command.canonical if command is not None else None
            if command is not None and command.canonical not in entries:
                entries[command.canonical] = Entry(command.canonical, command, _group(grammar, command.path))
                examples[command.canonical] = {}
            if command is not None:
                written = _written(grammar, item)
                if written is not None and written != command.canonical:
                    also.setdefault(written, entries[command.canonical])
            if key is not None:
                entries[key].uses.append(use)
            same = examples[key]
            example = same.get(use.text)
            if example is None:
                example = same[use.text] = Example(use.text, None, explain_flags(item) if key is not None else ())
            example.comment = example.comment or item.invocation.comment
            example.uses.append(use)
    for key, entry in entries.items():
        entry.examples = _by_use(examples[key])
    group_rank = {name: rank for rank, name in enumerate(GROUPS)}
    ordered = sorted(
        entries.values(),
        key=lambda e: (group_rank.get(e.group, len(GROUPS)), order.get(e.command.path, len(order)), e.command.path),
    )
    return CheatSheet(
        grammar.version,
        grammar.kind,
        grammar.note,
        ordered,
        _by_use(examples[None]),
        _coverage(grammar, rows, order, entries, also) + _plugin_coverage(grammar, entries),
    )


def _by_use(examples: Mapping[str, Example]) -> list[Example]:
    """The most used first; as many uses: in order of first use (the dict's order)."""
    return sorted(examples.values(), key=lambda x: -len(x.uses))


def explain_flags(item: CheckedInvocation) -> tuple[FlagNote, ...]:
    """Each flag word of a checked command line, with the options docker reads in it, in order."""
    words: dict[int, list] = {}
    for flag in item.checked.flags:
        if flag.word.placeholder is None:
            words.setdefault(id(flag.word), []).append(flag)
    notes: dict[str, FlagNote] = {}  # -e A=1 -e B=2: one note
    for flags in words.values():
        first = flags[0]
        written = first.name if first.name.startswith("--") else "-" + "".join(f.name[1:] for f in flags)
        notes.setdefault(written, FlagNote(written, tuple(f.option for f in flags)))
    return tuple(notes.values())


def _mounted(grammar: Grammar, path: tuple[str, ...]) -> Grammar | None:
    """The plugin's grammar a command of this path belongs to (compose, buildx), or None: docker's own."""
    return grammar.mount(path[0]) if path and path[0] in grammar.plugins else None


def _group(grammar: Grammar, path: tuple[str, ...]) -> str:
    if _mounted(grammar, path) is not None:
        return plugin_group(path[0])
    ref = grammar.root.child(path[0]) if path else None
    return ref.group if ref is not None and ref.group in GROUPS else OTHER_GROUP


def _written(grammar: Grammar, item: CheckedInvocation) -> tuple[str, ...] | None:
    """docker's own command a line names when a plugin's checked it (``docker build``: buildx build)."""
    words = tuple(w.text for w in item.checked.command_words)
    command = item.checked.command
    if command is None or not words or _mounted(grammar, words) is not None or _mounted(grammar, command.path) is None:
        return None
    found: Command | None = grammar.root
    for word in words:  # the words as docker's own tree reads them (docker-compose's are not)
        found = grammar.find_child(found, word) if found is not None else None
    return found.canonical if found is not None else None


def _coverage(grammar: Grammar, rows, order, entries: Mapping[tuple[str, ...], Entry], also) -> list[Area]:
    rows = [(path, ref) for path, ref in rows if not (ref.plugin and _mounted(grammar, path) is not None)]
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
        entry = entries.get(key) or also.get(key)
        found[key] = Row(key, command.short, tuple(a for a in command.aliases if a != own), entry)
    for key, row in sorted(found.items(), key=lambda item: order.get(item[0], len(order))):
        area = areas.get(key[:1]) if len(key) > 1 else None
        (area or areas[()]).rows.append(row)
    return [area for area in areas.values() if area.rows]


def _plugin_coverage(grammar: Grammar, entries: Mapping[tuple[str, ...], Entry]) -> list[Area]:
    """One area per plugin the notes use: its commands (groups left out), covered by the entries."""
    areas = []
    for name in dict.fromkeys(e.plugin for e in entries.values() if e.plugin is not None):
        mounted = grammar.mount(name)
        if mounted is None:
            continue
        rows = list(mounted.walk())
        commands = mounted.commands([path for path, _ in rows])
        area = Area(mounted.root.path, mounted.root.short, plugin_group(name), plugin=name)
        seen: set[tuple[str, ...]] = set()
        for command in commands:
            key = command.canonical
            if command.is_group or key in seen:
                continue
            seen.add(key)
            own = command.command
            area.rows.append(Row(key, command.short, tuple(a for a in command.aliases if a != own), entries.get(key)))
        areas.append(area)
    return areas


# --------------------------------------------------------------------------
# What a page shows
# --------------------------------------------------------------------------


def relative_url(target: str, from_url: str) -> str:
    """A page URL (``docker/``, ``docker.html``, ``""`` for the home page) seen from another page."""
    base = from_url.split("/")[:-1]  # the folder the page is in
    parts = target.split("/")
    common = 0
    while common < min(len(base), len(parts) - 1) and base[common] == parts[common]:
        common += 1
    relative = "/".join([".."] * (len(base) - common) + parts[common:])
    return relative or "./"


@dataclass(frozen=True, slots=True)
class Place:
    """A link to one place in the notes: its note's title and the section the line is in.

    The same line written more than once in a section is one place: ``count`` says how often.
    """

    href: str
    page: str
    section: str
    count: int = 1


@dataclass(frozen=True, slots=True)
class ShownExample:
    text: str
    comment: str | None
    flags: tuple[FlagNote, ...]
    places: tuple[Place, ...]  # the first PLACES
    more_places: int  # the others, counted
    uses: int


@dataclass(frozen=True, slots=True)
class ShownEntry:
    entry: Entry
    examples: tuple[ShownExample, ...]  # explained
    more: tuple[ShownExample, ...]  # command line and first place only
    more_examples: int  # distinct lines not shown
    more_uses: int  # their places


@dataclass(frozen=True, slots=True)
class ShownGroup:
    name: str  # docker --help's section title, or "Plugin compose"
    id: str  # "common", "plugin-compose"
    entries: tuple[ShownEntry, ...]
    plugin: str | None = None  # "compose"


@dataclass(frozen=True, slots=True)
class SheetPage:
    """Everything a template needs to write the page, bounded in size."""

    sheet: CheatSheet
    groups: tuple[ShownGroup, ...]
    unresolved: tuple[ShownExample, ...]
    more_unresolved: int


def layout(
    sheet: CheatSheet, pages: Mapping[str, PageRef], url: str, sections: Mapping[str, Mapping[int, str]] | None = None
) -> SheetPage:
    """The page published at ``url``: links relative to it, each place named by its note and section
    (``pages``, ``sections``: by the notes' keys in the cheat sheet, see :func:`collect`)."""
    sections = sections or {}

    def place(use: Use) -> Place:
        page = pages.get(use.note)
        section = sections.get(use.note, {}).get(use.line, "")
        if page is None:
            return Place("", use.note, section)
        return Place(f"{relative_url(page.url, url)}#{use.anchor}", page.title, section)

    def shown(example: Example, places: int = PLACES) -> ShownExample:
        named: dict[tuple[str, str], Place] = {}  # (page, section) -> the first place there, counted
        told = 0
        for use in example.uses:
            found = place(use)
            same = named.get((use.note, found.section))
            if same is not None:
                named[(use.note, found.section)] = dataclasses.replace(same, count=same.count + 1)
            elif len(named) < places:
                named[(use.note, found.section)] = found
            else:
                break
            told += 1
        uses = len(example.uses)
        return ShownExample(example.text, example.comment, example.flags, tuple(named.values()), uses - told, uses)

    groups = []
    kinds: list[tuple[str, str, str | None]] = [(group, GROUP_IDS.get(group, "other"), None) for group in GROUPS]
    kinds += [(plugin_group(a.plugin), f"plugin-{a.plugin}", a.plugin) for a in sheet.plugins if a.plugin]
    for group, gid, plugin in kinds:
        entries = []
        for entry in (e for e in sheet.entries if e.group == group):
            explained, more = entry.examples[:EXAMPLES], entry.examples[EXAMPLES : EXAMPLES + MORE_EXAMPLES]
            rest = entry.examples[EXAMPLES + MORE_EXAMPLES :]
            entries.append(
                ShownEntry(
                    entry,
                    tuple(map(shown, explained)),
                    tuple(shown(x, 1) for x in more),
                    len(rest),
                    sum(len(x.uses) for x in rest),
                )
            )
        if entries:
            groups.append(ShownGroup(group, gid, tuple(entries), plugin))
    unresolved = tuple(shown(x) for x in sheet.unresolved[:UNRESOLVED])
    return SheetPage(sheet, tuple(groups), unresolved, len(sheet.unresolved) - len(unresolved))


def render(env: Any, template: str, page: SheetPage, **context: object) -> str:
    """The page's content (HTML) from a Jinja template of the site's (``env``: the theme's environment),
    autoescape on. Its headings, with their ids, make the page's table of contents
    (:func:`~dockercheck.rendered.toc_tokens`): no Markdown is read, so no Markdown extension is needed.
    """
    return (
        env.overlay(autoescape=True, trim_blocks=True, lstrip_blocks=True)
        .get_template(template)
        .render(page=page, **context)
    )


# --------------------------------------------------------------------------
# Explaining a note's command lines where they are written
# --------------------------------------------------------------------------


def option_text(option: Option, hidden: str = "not listed in docker's help (a hidden flag)") -> str:
    """One flag as docker's help lists it: ``-m, --memory bytes: Memory limit (default ...)``."""
    name = option.display + (f" {option.value_type}" if option.value_type else "")
    description = option.description if not option.hidden else hidden
    default = option.default_value or ""
    if default:  # as docker's help writes it: a string quoted, a bool's words ("shows just running") as they are
        default = f' (default "{default}")' if option.value_type == "string" else f" (default {default})"
    return f"{name}: {description}{default}" if description else name


@dataclass
class Explainer:
    """Docker's explanation of the words of one page's command lines.

    :meth:`words` (what :meth:`RenderedPage.mark` asks for) gives each
    command word and flag of a checked line a number in the page's table
    of explanations; :meth:`markup` is that table, for the site's script
    (``<div class="dc-help" hidden data-dc-help='[[kind, text, href], ...]'>``),
    which wraps each word in the browser: the command in a link to its entry
    (``href``; none without a cheat sheet), each flag in an element with
    docker's description of it.

    ``sheet``: the cheat sheet's URL seen from the page (None: no cheat
    sheet). ``hidden``: how a flag docker's help hides is described.
    ``texts``: explanations already written, shared by the pages of a build.
    """

    sheet: str | None = None
    hidden: str = "not listed in docker's help (a hidden flag)"
    texts: dict[tuple, str] = field(default_factory=dict)
    table: list[list[str]] = field(default_factory=list)
    _numbers: dict[tuple, int] = field(default_factory=dict)  # key, and (kind, text, href) -> row of the table

    def _number(self, key: tuple, kind: str, make: Callable[[], str], href: str = "") -> int:
        number = self._numbers.get(key)
        if number is None:
            text = self.texts.get(key)
            if text is None:
                text = self.texts[key] = make()
            row = (kind, text, href)  # -it of run and of exec: one row
            number = self._numbers[key] = self._numbers.setdefault(row, len(self.table))
            if number == len(self.table):
                self.table.append(list(row))
        return number

    def words(self, item: CheckedInvocation) -> list[Word]:
        """The command (the program's word with the words that name the command, when only spaces stand
        between them: ``docker container ls``) and each flag word (``-it``; the ``--memory`` of
        ``--memory=1g``), with the number of their explanation."""
        inv, checked = item.invocation, item.checked
        command = checked.command
        if command is None:
            return []
        words, text = checked.command_words, inv.block.text
        start = end = words[-1] if words else inv.words[0]
        if words and not any(text[a.end : b.start].strip(" \t") for a, b in itertools.pairwise(words)):
            start = words[0]  # a flag between the command words: the last word alone
            if not text[inv.words[0].end : start.start].strip(" \t"):
                start = inv.words[0]
        key = command.canonical
        href = f"{self.sheet}#{entry_anchor(key)}" if self.sheet is not None else ""
        # Named as written (docker ps, docker container ls: one entry, two texts), whichever a build meets first.
        said = partial(_command_text, command)
        out = [Word(start.start, end.end, self._number(("cmd", command.program, *command.path), "cmd", said, href))]
        groups: dict[int, list] = {}
        for flag in checked.flags:
            if flag.word.placeholder is None:
                groups.setdefault(id(flag.word), []).append(flag)
        for group in groups.values():
            options = tuple(f.option for f in group)
            where = (command.program, *command.path)  # as the command word: its own help's options
            number = self._number((where, *(f.name for f in group)), "flag", partial(_flags_text, options, self.hidden))
            out.append(Word(group[0].word.start, max(f.span[1] for f in group), number))
        return out

    def markup(self) -> str:
        """The page's table of explanations, as an element the site's script reads ("" when empty)."""
        if not self.table:
            return ""
        data = escape(json.dumps(self.table, ensure_ascii=False, separators=(",", ":")), quote=True)
        return f'<div class="dc-help" hidden data-dc-help="{data}"></div>'


def _flags_text(options: tuple[Option, ...], hidden: str) -> str:
    return "\n".join(option_text(o, hidden) for o in options)


def _command_text(command: Command) -> str:
    return f"{command.command}: {command.short}" if command.short else command.command


def mark_report(page: RenderedPage, report: FileReport, explainer: Explainer | None) -> Marked:
    """Ids on the report's command lines in its rendered page and (with an explainer) their words as data.

    The explainer's table (:meth:`Explainer.markup`) goes on the page too.
    """
    checked = {id(item.invocation): item for item in report.invocations}

    def words(inv: Invocation) -> Sequence[Word]:
        return explainer.words(checked[id(inv)]) if explainer is not None else ()

    return page.mark([item.invocation for item in report.invocations], page.match(report.docker_blocks), words)


def mark_lines(
    html: str, items: Iterable[CheckedInvocation | Invocation], explainer: Explainer | None = None
) -> Marked:
    """Mark a rendered page whose other blocks do not matter: ids on the command lines, their words as data.

    :class:`~dockercheck.rendered.RenderedPage` does the work; this is the
    short form for tests and for a caller without a report.
    """
    items = list(items)
    checked = {id(i.invocation): i for i in items if isinstance(i, CheckedInvocation)}
    invocations = [i.invocation if isinstance(i, CheckedInvocation) else i for i in items]
    page = RenderedPage(html)
    blocks = {inv.block.index: inv.block for inv in invocations}
    matched = page.match(docker_blocks(blocks[index] for index in sorted(blocks)))

    def words(inv: Invocation) -> Sequence[Word]:
        item = checked.get(id(inv))
        return explainer.words(item) if item is not None and explainer is not None else ()

    return page.mark(invocations, matched, words)
