"""Grammar snapshots of the docker CLI plugins compose and buildx, from their CLI reference.

    python -m dockercheck.reference --compose DIR --buildx DIR [--output-dir DIR] [--index-dir DIR]
    python -m dockercheck.reference --compose-git GIT_DIR --compose-tag vX.Y.Z \\
                                    --buildx-git GIT_DIR --buildx-tag vX.Y.Z

Both plugins publish their command tree as reference files generated from
their cobra definitions by docker/cli-docs-tool (the pages docs.docker.com
renders): compose as ``docs/reference/docker_compose*.yaml``, buildx as
``docs/reference/buildx*.md``. A DIR is a checkout (or any folder holding
``docs/reference/``, or the reference files themselves); GIT_DIR is a git
directory read at the tag (``git show``, nothing is checked out).

For every command this writes the text ``docker <path> --help`` prints, in
docker's own help template (docker/cli ``cli/cobra.go``) with pflag's flag
listing (``FlagUsagesWrapped(79)``: type words, defaults, wrapping), so the
snapshot has the shape of docker's (``dockercheck.sources.Snapshot``) and
``dockercheck.helptext.parse_help`` reads it as it reads docker's. Hidden and
deprecated flags go to ``probes``; what only the Go source says (where flag
parsing stops, argument validators that disagree with the usage line,
hidden and experimental commands, usage lines the Markdown lacks) comes from
``data/plugin-facts.json``, whose every fact cites a line of the source; given
a git directory, each cited line is checked at the tag.

Outputs, sorted and stable: ``<output-dir>/<plugin>-<version>.json`` (the
snapshot) and, with ``--index-dir``, ``<index-dir>/<plugin>-<version>-flags.json``:
each command's flags as the reference states them, for the tests.

Only this generator needs PyYAML (for compose); the package never imports it.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
FACTS = DATA / "plugin-facts.json"
PLUGINS = ("compose", "buildx")
REFERENCE_DIR = "docs/reference"
COMPOSE_FILE = re.compile(r"docker_compose(?:_[a-z0-9-]+)*\.yaml")
BUILDX_FILE = re.compile(r"buildx(?:_[a-z0-9-]+)*\.md")
WIDTH = 80  # docker/cli cli/cobra.go defaultTermWidth: flags wrap at WIDTH - 1 without a terminal
MIN_NAME_PADDING = 11  # cobra command.go minNamePadding
EXPERIMENTAL_NOTE = """EXPERIMENTAL:
  {path} is an experimental feature.
  Experimental features provide early access to product functionality. These
  features may change between releases without warning, or can be removed from a
  future release. Learn more about experimental features in our documentation:
  https://docs.docker.com/go/experimental/"""


class ReferenceError(ValueError):
    """The reference files cannot be converted (missing, malformed, facts out of date)."""


# --------------------------------------------------------------------------- model


@dataclass
class Flag:
    """One pflag flag as the reference describes it."""

    name: str
    shorthand: str | None
    value_type: str  # pflag Value.Type(): "bool", "stringArray", "duration", ...
    default: str  # pflag DefValue; "" when the reference shows none (then none is printed)
    usage: str  # the usage string as the Go source has it
    hidden: bool = False
    deprecated: str | None = None
    inherited: bool = False  # a parent's persistent flag
    help_default: str | None = None  # an override of what the help prints (None: pflag's rule)

    @property
    def takes_value(self) -> bool:
        return self.value_type != "bool"


@dataclass
class Cmd:
    """One command of a plugin's tree."""

    path: tuple[str, ...]  # ("compose", "up")
    use_line: str  # cobra UseLine(): "docker compose up [OPTIONS] [SERVICE...]"
    short: str
    description: str  # what the help prints under the usage: cobra's Long, else Short
    aliases: tuple[str, ...] = ()
    flags: list[Flag] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # with help, hidden ones included
    other_children: list[str] = field(default_factory=list)  # hidden, without help (padding only)
    hidden: bool = False  # hidden itself or under a hidden group
    listed: bool = True  # listed by its parent's help (cobra: not Hidden itself)
    experimental: bool = False
    source_file: str = ""

    @property
    def key(self) -> str:
        return " ".join(self.path)

    @property
    def command_path(self) -> str:
        return " ".join(("docker", *self.path))


@dataclass
class Tree:
    plugin: str
    commands: dict[tuple[str, ...], Cmd]
    ignored: list[str]  # reference files no command of the tree leads to (stale)
    warnings: list[str]
    partial: bool = False  # files were left out on purpose (the test fixture)

    def warn(self, message: str, absent: bool = False) -> None:
        """Note a problem; one about a fact whose command is absent is expected of a partial reference."""
        if not (absent and self.partial) and message not in self.warnings:
            self.warnings.append(message)


# --------------------------------------------------------------------------- pflag


_TYPE_WORDS = {
    "bool": "",
    "boolfunc": "",
    "func": "value",
    "float64": "float",
    "int64": "int",
    "uint64": "uint",
    "stringSlice": "strings",
    "intSlice": "ints",
    "uintSlice": "uints",
    "boolSlice": "bools",
}
_NUMBERS = {
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "count",
    "float32",
    "float64",
}


def unquote_usage(flag: Flag) -> tuple[str, str]:
    """pflag UnquoteUsage: a `name` in back quotes is the type word, else the type's own word."""
    usage = flag.usage
    start = usage.find("`")
    if start >= 0:
        end = usage.find("`", start + 1)
        if end >= 0:
            name = usage[start + 1 : end]
            return name, usage[:start] + name + usage[end + 1 :]
    return _TYPE_WORDS.get(flag.value_type, flag.value_type), usage


def type_word(flag: Flag) -> str | None:
    """The word the help prints after the flag; None for a flag that takes no value."""
    return unquote_usage(flag)[0] or None


def default_is_zero(value_type: str, default: str) -> bool:
    """pflag Flag.defaultIsZeroValue for the built-in types a reference names."""
    if value_type == "bool":
        return default in ("false", "")
    if value_type == "duration":
        return default in ("0", "0s")
    if value_type in _NUMBERS:
        return default == "0"
    if value_type == "string":
        return default == ""
    if value_type in ("ip", "ipMask", "ipNet"):
        return default == "<nil>"
    if value_type in ("intSlice", "stringSlice", "stringArray"):
        return default == "[]"
    return default in ("false", "<nil>", "", "0")


def help_default(flag: Flag) -> str | None:
    """The default the help prints, unquoted (None: none printed)."""
    if flag.help_default is not None:
        return flag.help_default or None
    if not flag.default:
        return None  # pflag prints no empty default; a reference that shows none: the type's zero value
    return None if default_is_zero(flag.value_type, flag.default) else flag.default


def go_quote(text: str) -> str:
    """Go's %q of a string (strconv.Quote)."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char in "\a\b\f\n\r\t\v":
            out.append("\\" + "abfnrtv"["\a\b\f\n\r\t\v".index(char)])
        elif char.isprintable():  # as Go's strconv.IsPrint: no separators but the ASCII space
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out) + '"'


def _wrap_n(width: int, slop: int, text: bytes) -> tuple[bytes, bytes]:
    if width + slop > len(text):
        return text, b""
    cut = max(text[:width].rfind(b" "), text[:width].rfind(b"\t"), text[:width].rfind(b"\n"))
    if cut <= 0:
        return text, b""
    newline = text[:width].rfind(b"\n")
    if 0 < newline < cut:
        return text[:newline], text[newline + 1 :]
    return text[:cut], text[cut + 1 :]


def _wrap(indent: int, cols: int, text: bytes) -> bytes:
    """pflag wrap(): the first line is indented by the caller."""
    pad = lambda n: b"\n" + b" " * n  # noqa: E731
    if cols == 0:
        return text.replace(b"\n", pad(indent))
    width = cols - indent
    out = b""
    if width < 24:
        indent = 16
        width = cols - indent
        out += pad(indent)
    if width < 24:
        return text.replace(b"\n", out)
    slop = 5
    width -= slop
    line, text = _wrap_n(width, slop, text)
    out += line.replace(b"\n", pad(indent))
    while text:
        line, text = _wrap_n(width, slop, text)
        out += pad(indent) + line.replace(b"\n", pad(indent))
    return out


def flag_usages(flags: list[Flag], cols: int = WIDTH - 1) -> str:
    """pflag FlagSet.FlagUsagesWrapped(cols) of the visible flags, sorted by name."""
    lines: list[bytes] = []
    maxlen = 0
    for flag in sorted(flags, key=lambda f: f.name):
        if flag.hidden or flag.deprecated is not None:
            continue
        line = f"  -{flag.shorthand}, --{flag.name}" if flag.shorthand else f"      --{flag.name}"
        word, usage = unquote_usage(flag)
        if word:
            line += " " + word
        line += "\x00"
        maxlen = max(maxlen, len(line.encode()))
        line += usage
        default = help_default(flag)
        if default is not None:
            line += f" (default {go_quote(default)})" if flag.value_type == "string" else f" (default {default})"
        lines.append(line.encode())
    out: list[bytes] = []
    for row in lines:
        sidx = row.index(b"\x00")
        spacing = b" " * (maxlen - sidx)
        out.append(row[:sidx] + b" " + spacing + b" " + _wrap(maxlen + 2, cols, row[sidx + 1 :]))
    return b"\n".join(out).decode() + ("\n" if out else "")


# --------------------------------------------------------------------------- help text


def usage_line(cmd: Cmd) -> str:
    """The Usage line: cobra's UseLine, or for a command with subcommands ``<path> [OPTIONS] COMMAND``."""
    if cmd.children or cmd.other_children:
        visible = any(not f.hidden and f.deprecated is None for f in cmd.flags)
        return cmd.command_path + (" [OPTIONS]" if visible else "") + " COMMAND"
    return cmd.use_line


def render_help(cmd: Cmd, tree: Mapping[tuple[str, ...], Cmd]) -> str:
    """``docker <path> --help`` as docker/cli's usage template prints it for a plugin command."""
    visible = [f for f in cmd.flags if not f.hidden and f.deprecated is None]
    has_children = bool(cmd.children or cmd.other_children)
    parts = [f"Usage:  {usage_line(cmd)}", "", cmd.description.strip()]
    if cmd.experimental:
        parts += ["", EXPERIMENTAL_NOTE.format(path=cmd.command_path)]
    if cmd.aliases:
        parts += ["", "Aliases:", "  " + ", ".join(cmd.aliases)]
    if visible:
        parts += ["", "Options:", flag_usages(visible).rstrip()]
    children = [tree[cmd.path + (name,)] for name in cmd.children]
    listed = [c for c in children if c.listed]
    padding = max([MIN_NAME_PADDING] + [len(n) for n in cmd.children + cmd.other_children])
    groups = [c for c in listed if c.children or c.other_children]
    leaves = [c for c in listed if not (c.children or c.other_children)]
    if groups:
        parts += ["", "Management Commands:"]
        parts += [f"  {(c.path[-1] + ' ').ljust(padding + 1)}{c.short}" for c in groups]
    if leaves:
        parts += ["", "Commands:"]
        parts += [f"  {c.path[-1].ljust(padding)} {c.short}" for c in leaves]
    if has_children:
        parts += ["", f"Run '{cmd.command_path} COMMAND --help' for more information on a command."]
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- readers


def _evidence(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _strip_forced_newline(text: str) -> str:
    # cli-docs-tool forceMultiLine appends "\n" to a long one-line text so YAML uses a block
    return text[:-1] if text.endswith("\n") and "\n" not in text[:-1] else text


def _apply_flag_facts(tree: Tree, facts: dict) -> None:
    for key, value in facts.get("help_defaults", {}).items():
        path_key, name = key.rsplit(" ", 1)
        cmd = tree.commands.get(tuple(path_key.split()))
        flag = next((f for f in cmd.flags if "--" + f.name == name), None) if cmd else None
        if flag is None:
            tree.warn(f"help_defaults: no flag {key}", absent=cmd is None)
            continue
        flag.help_default = value["default"]


def _hidden_flag_facts(facts: dict) -> dict[str, dict[str, dict]]:
    hidden = {k: dict(v) for k, v in facts.get("hidden_flags", {}).items()}
    for target, spec in facts.get("same_flags_as", {}).items():
        hidden.setdefault(target, {}).update(facts.get("hidden_flags", {}).get(spec["from"], {}))
    return hidden


def read_compose(files: Mapping[str, str], facts: dict, partial: bool = False) -> Tree:
    """The compose tree from ``docker_compose*.yaml`` (cli-docs-tool YAML)."""
    import yaml  # only the generator needs PyYAML

    docs: dict[tuple[str, ...], tuple[str, dict]] = {}
    for name in sorted(files):
        if COMPOSE_FILE.fullmatch(name):
            doc = yaml.safe_load(files[name])
            docs[tuple(doc["command"].split()[1:])] = (name, doc)
    tree = Tree("compose", {}, [], [], partial)
    root = ("compose",)
    if root not in docs:
        raise ReferenceError("no docker_compose.yaml in the compose reference")
    hidden_facts = facts.get("hidden_commands", {})
    experimental = facts.get("experimental_commands", {})

    def flag(option: dict, inherited: bool) -> Flag:
        return Flag(
            name=option["option"],
            shorthand=option.get("shorthand") or None,
            value_type=option["value_type"],
            default=str(option.get("default_value", "")),
            usage=_strip_forced_newline(option.get("description", "")),
            hidden=bool(option.get("hidden")),
            deprecated="deprecated" if option.get("deprecated") else None,
            inherited=inherited,
        )

    def visit(path: tuple[str, ...], parent_hidden: bool, listed_by_parent: bool) -> None:
        name, doc = docs[path]
        listed = [tuple(c.split()[1:]) for c in doc.get("cname") or []]
        hidden_children = [
            p
            for p in docs
            if p[:-1] == path and len(p) == len(path) + 1 and docs[p][1].get("hidden") and p not in listed
        ]
        children = []
        for child in sorted(listed + hidden_children):
            if child in docs:
                children.append(child)
            elif partial:
                tree.warn(f"{' '.join(child)}: no reference file (partial reference)", absent=True)
            else:
                raise ReferenceError(f"{name} lists {' '.join(child)}, which has no reference file")
        others = sorted(
            k.split()[-1]
            for k in hidden_facts
            if k.rsplit(" ", 1)[0] == " ".join(path) and hidden_facts[k].get("help") is False
        )
        hidden = parent_hidden or bool(doc.get("hidden"))
        key = " ".join(path)
        if bool(doc.get("experimentalcli")) != (key in experimental) and not parent_hidden:
            tree.warn(f"{key}: experimentalcli in the reference disagrees with the facts")
        flags = [flag(o, False) for o in doc.get("options") or []]
        flags += [flag(o, True) for o in doc.get("inherited_options") or []]
        tree.commands[path] = Cmd(
            path=path,
            use_line=str(doc.get("usage") or doc["command"]),
            short=doc.get("short", "").strip(),
            # docker prints cobra's Long when set: for compose only the root's (and rm's) has one;
            # the YAML 'long' of the others is documentation prose, so they print their short
            description=str((doc.get("long") if path == root else doc.get("short")) or "").strip(),
            aliases=tuple(a.strip() for a in str(doc.get("aliases") or "").split(",") if a.strip()),
            flags=flags,
            children=[c[-1] for c in children],
            other_children=others,
            hidden=hidden or key in hidden_facts,
            # the YAML marks the children of a hidden group hidden too; its cname lists those not Hidden themselves
            listed=listed_by_parent,
            experimental=key in experimental,
            source_file=name,
        )
        for child in children:
            visit(child, hidden, child in listed)

    visit(root, False, True)
    used = {tree.commands[p].source_file for p in tree.commands}
    tree.ignored = sorted(name for name, _ in docs.values() if name not in used)
    _apply_flag_facts(tree, facts)
    return tree


_TABLE_SPLIT = re.compile(r"(?<!\\)\|")
_CODE = re.compile(r"`([^`]*)`")


def _table(lines: list[str]) -> list[list[str]]:
    rows = []
    for line in lines:
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in _TABLE_SPLIT.split(line)[1:-1]]
        if all(re.fullmatch(r":?-+:?", c) for c in cells):
            continue  # the |:---|:---| separator
        rows.append(cells)
    return rows[1:]  # without the header


def _md_sections(text: str) -> tuple[str | None, str, dict[str, list[str]]]:
    """(usage block, description, {### title: lines}) of a cli-docs-tool Markdown page."""
    if "<!---MARKER_GEN_START-->" not in text:
        raise ReferenceError("no <!---MARKER_GEN_START--> marker")
    before, _, rest = text.partition("<!---MARKER_GEN_START-->")
    generated = rest.partition("<!---MARKER_GEN_END-->")[0]
    usage = None
    block = re.search(r"^```text\n(.*?)^```", before, re.M | re.S)
    if block:
        usage = "\n\t".join(line.strip() for line in block.group(1).strip().splitlines())
    description: list[str] = []
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in generated.splitlines():
        if line.startswith("### "):
            current = sections.setdefault(line[4:].strip(), [])
        elif current is None:
            description.append(line)
        else:
            current.append(line)
    return usage, "\n".join(description).strip(), sections


def _md_text(cell: str) -> str:
    # cli-docs-tool: "|" escaped, newlines as <br>, and every '"' of a usage shown as a back quote
    # (the CodeDelimiter annotation of buildx's root command, commands/root.go)
    return cell.replace("\\|", "|").replace("<br>", "\n").replace("`", '"')


def read_buildx(files: Mapping[str, str], facts: dict, partial: bool = False) -> Tree:
    """The buildx tree from ``buildx*.md`` (cli-docs-tool Markdown)."""
    pages = {}
    for name in sorted(files):
        if BUILDX_FILE.fullmatch(name):
            path = tuple(name[: -len(".md")].split("_"))
            try:
                pages[path] = (name, *_md_sections(files[name]))
            except ReferenceError as error:
                raise ReferenceError(f"{name}: {error}") from None
    tree = Tree("buildx", {}, [], [], partial)
    root = ("buildx",)
    if root not in pages:
        raise ReferenceError("no buildx.md in the buildx reference")
    usage_facts = facts.get("usage", {})
    hidden_facts = facts.get("hidden_commands", {})
    experimental = facts.get("experimental_commands", {})
    persistent = set(facts.get("persistent_flags", {}).get("flags", []))

    def flags_of(rows: list[list[str]]) -> list[Flag]:
        out = []
        for row in rows:
            if len(row) != 4:
                raise ReferenceError(f"an Options row without 4 cells: {row}")
            names = [n for n in _CODE.findall(row[0]) if n.startswith("-")]
            long = [n[2:] for n in names if n.startswith("--")]
            short = [n[1:] for n in names if not n.startswith("--")]
            if len(long) != 1 or len(short) > 1:
                raise ReferenceError(f"an Options row without one long name: {row[0]}")
            value_type = row[1].strip("`")
            default = row[2]
            if len(default) >= 2 and default.startswith("`") and default.endswith("`"):
                default = default[1:-1]
            out.append(
                Flag(
                    name=long[0],
                    shorthand=short[0] if short else None,
                    value_type=value_type,
                    default=default.replace("\\|", "|"),
                    usage=_md_text(row[3]),
                    inherited=long[0] in persistent,
                )
            )
        return out

    root_flags = flags_of(_table(pages[root][3].get("Options", [])))

    def visit(path: tuple[str, ...], short: str, parent_hidden: bool) -> None:
        key = " ".join(path)
        name, usage, description, sections = pages[path]
        listed = {}
        for row in _table(sections.get("Subcommands", [])):
            found = _CODE.findall(row[0])
            if not found:
                raise ReferenceError(f"{name}: a Subcommands row without a name: {row}")
            listed[found[0]] = _md_text(row[1]) if len(row) > 1 else ""
        hidden_here = {k.split()[-1]: v for k, v in hidden_facts.items() if k.rsplit(" ", 1)[0] == key}
        children = []
        for child in sorted(set(listed) | set(hidden_here)):
            if path + (child,) in pages or child in hidden_here:
                children.append(child)
            elif partial:
                tree.warn(f"{key} {child}: no reference file (partial reference)", absent=True)
            else:
                raise ReferenceError(f"{name} lists {child}, which has no reference file")
        fact = usage_facts.get(key)
        if fact:
            use_line = f"docker {' '.join(path[:-1])} {fact['use']}"
            if usage is not None and usage != use_line:
                tree.warn(f"{key}: the reference's usage {usage!r} is not the source's {use_line!r}")
        elif sections.get("Subcommands"):
            use_line = f"docker {key}"
        elif usage is not None:
            use_line = usage
        else:
            raise ReferenceError(f"{name}: no usage line, and none in the facts")
        aliases = tuple(_CODE.findall(" ".join(sections.get("Aliases", []))))
        tree.commands[path] = Cmd(
            path=path,
            use_line=use_line,
            short=short or (description.splitlines()[0] if description else ""),
            description=description or short,
            aliases=aliases,
            flags=flags_of(_table(sections.get("Options", []))),
            children=children,
            hidden=parent_hidden or key in hidden_facts,
            listed=key not in hidden_facts,
            experimental=key in experimental or any(" ".join(path[:i]) in experimental for i in range(1, len(path))),
            source_file=name,
        )
        for child in children:
            child_path = path + (child,)
            if child in hidden_here and child_path not in pages:
                spec = hidden_here[child]
                child_key = " ".join(child_path)
                if child_key not in usage_facts:
                    raise ReferenceError(f"hidden command {child_key}: no usage in the facts")
                tree.commands[child_path] = Cmd(
                    path=child_path,
                    use_line=f"docker {key} {usage_facts[child_key]['use']}",
                    short=spec["short"],
                    description=spec["short"],
                    flags=[
                        Flag(**{**f.__dict__, "inherited": True})
                        for f in root_flags
                        if f.inherited and f.name not in spec.get("hide_inherited", [])
                    ],
                    hidden=True,
                    listed=False,
                    source_file="(facts)",
                )
            else:
                visit(child_path, listed.get(child, ""), parent_hidden or child in hidden_here)

    visit(root, "", False)
    used = {cmd.source_file for cmd in tree.commands.values()}
    tree.ignored = sorted(name for name, *_ in pages.values() if name not in used)
    _apply_flag_facts(tree, facts)
    return tree


READERS = {"compose": read_compose, "buildx": read_buildx}


# --------------------------------------------------------------------------- outputs


def _probe(takes_value: bool, deprecated: str | None) -> dict:
    out: dict = {"exists": True}
    if takes_value:
        out["takes_value"] = True
    if deprecated:
        out["deprecated"] = deprecated
    return out


def hidden_flags(tree: Tree, facts: dict) -> dict[str, dict[str, dict]]:
    """{command key: {"--flag" or "-f": probe}} of the flags the help does not list."""
    out: dict[str, dict[str, dict]] = {}
    for cmd in tree.commands.values():
        for flag in cmd.flags:
            if flag.hidden or flag.deprecated is not None:
                probe = _probe(flag.takes_value, flag.deprecated)
                out.setdefault(cmd.key, {})["--" + flag.name] = probe
                if flag.shorthand:
                    out[cmd.key]["-" + flag.shorthand] = probe
    for key, flags in _hidden_flag_facts(facts).items():
        if tuple(key.split()) not in tree.commands:
            tree.warn(f"hidden_flags: no command {key}", absent=True)
            continue
        for name, spec in flags.items():
            probe = _probe(spec["takes_value"], spec.get("deprecated"))
            out.setdefault(key, {})[name] = probe
            if spec.get("shorthand"):
                out[key]["-" + spec["shorthand"]] = probe
    return out


def _rules(tree: Tree, facts: dict) -> dict:
    rules: dict[str, dict] = {}
    sections = (
        "arity",
        "non_interspersed",
        "hidden_commands",
        "experimental_commands",
        "external_aliases",
        "quiet_hidden_flags",
    )
    for section in sections:
        entries = {}
        for key, value in facts.get(section, {}).items():
            if tuple(key.split()) not in tree.commands and value.get("help") is not False:
                tree.warn(f"{section}: no command {key}", absent=True)
                continue
            if value.get("help") is False and tuple(key.split()[:-1]) not in tree.commands:
                continue
            entries[key] = {k: v for k, v in value.items() if k not in ("short", "hide_inherited", "help")}
        rules[section] = entries
    persistent = facts.get("persistent_flags")
    if persistent:
        rules["persistent_flags"] = {tree.plugin: {**persistent, "flags": ["--" + f for f in persistent["flags"]]}}
    return rules


def _meta(plugin: str, facts: dict, release: str, commit: str) -> dict:
    return {
        "plugin": plugin,
        "version": release.lstrip("v"),
        "release": release,
        "repository": facts["repository"],
        "commit": commit,
        "license": facts["license"],
        "reference": facts["reference"],
    }


GENERATED_BY = "python -m dockercheck.reference"


def _generated_by(tree: Tree, release: str, source: str) -> str:
    return f"{GENERATED_BY} --{tree.plugin}{source} ({'part of ' if tree.partial else ''}the reference at {release})"


def snapshot(tree: Tree, facts: dict, release: str, commit: str, source: str = " DIR") -> dict:
    """The snapshot: docker's snapshot shape plus the plugin's release, commit and rules."""
    probes = {
        f"{key} {name}": probe for key, flags in hidden_flags(tree, facts).items() for name, probe in flags.items()
    }
    return {
        **_meta(tree.plugin, facts, release, commit),
        "generated_by": _generated_by(tree, release, source),
        "help": {cmd.key: render_help(cmd, tree.commands) for cmd in tree.commands.values()},
        "probes": probes,
        "rules": _rules(tree, facts),
    }


def flag_index(tree: Tree, facts: dict, release: str, commit: str, source: str = " DIR") -> dict:
    """What the reference says of every command, computed without the help text (for the tests)."""
    hidden = hidden_flags(tree, facts)
    commands = {}
    for cmd in tree.commands.values():
        options = {}
        for flag in cmd.flags:
            if flag.hidden or flag.deprecated is not None:
                continue
            options["--" + flag.name] = {
                "shorthand": flag.shorthand,
                "value_type": flag.value_type,
                "type_word": type_word(flag),
                "default": help_default(flag),
                "inherited": flag.inherited,
                "description": " ".join(unquote_usage(flag)[1].split()),
            }
        commands[cmd.key] = {
            "usage": usage_line(cmd),
            "short": cmd.short,
            "description": cmd.description.strip(),
            "aliases": list(cmd.aliases),
            "subcommands": sorted(c for c in cmd.children if tree.commands[cmd.path + (c,)].listed),
            "hidden": cmd.hidden,
            "file": cmd.source_file,
            "options": options,
            "hidden_options": hidden.get(cmd.key, {}),
        }
    return {
        **_meta(tree.plugin, facts, release, commit),
        "generated_by": _generated_by(tree, release, source),
        "ignored_files": tree.ignored,
        "commands": commands,
    }


def dumps(data: dict, collapse: int | None = None) -> str:
    """Sorted JSON, one key a line; containers deeper than ``collapse`` levels on one line."""

    def encode(value: Any, depth: int) -> str:
        if not isinstance(value, (dict, list)) or not value or (collapse is not None and depth >= collapse):
            return json.dumps(value, sort_keys=True, ensure_ascii=False)
        pad = " " * (depth + 1)
        if isinstance(value, list):
            items = [pad + encode(item, depth + 1) for item in value]
            return "[\n" + ",\n".join(items) + "\n" + " " * depth + "]"
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {encode(value[k], depth + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + " " * depth + "}"

    return encode(data, 0) + "\n"


# --------------------------------------------------------------------------- sources


def read_directory(directory: Path) -> dict[str, str]:
    """The reference files of a checkout, of its docs/reference, or of the folder itself."""
    folder = directory / REFERENCE_DIR if (directory / REFERENCE_DIR).is_dir() else directory
    if not folder.is_dir():
        raise ReferenceError(f"{directory}: not a folder")
    return {p.name: p.read_text("utf-8") for p in sorted(folder.iterdir()) if p.is_file()}


def _git(git_dir: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], capture_output=True, text=True, check=False, timeout=120
    )
    if result.returncode != 0:
        raise ReferenceError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def read_git(git_dir: Path, tag: str) -> tuple[dict[str, str], str]:
    """(reference files, commit) at a tag of a git directory."""
    commit = _git(git_dir, "rev-parse", f"{tag}^{{commit}}").strip()
    names = _git(git_dir, "ls-tree", "--name-only", commit, REFERENCE_DIR + "/").split()
    return {Path(n).name: _git(git_dir, "show", f"{commit}:{n}") for n in names}, commit


_EVIDENCE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<text>.+)$", re.S)


def check_evidence(facts: dict, git_dir: Path, commit: str) -> list[str]:
    """Every 'path:line: text' the facts cite, checked at the commit; returns the problems."""
    problems = []
    files: dict[str, list[str]] = {}
    cited: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "evidence":
                    cited.update(_evidence(item))
                else:
                    walk(item)

    walk({k: v for k, v in facts.items() if k not in ("repository", "release", "commit")})
    squash = lambda s: " ".join(s.split())  # noqa: E731
    for evidence in sorted(cited):
        match = _EVIDENCE.match(evidence)
        if not match:
            problems.append(f"evidence not of the form 'path:line: text': {evidence}")
            continue
        path, number = match["path"], int(match["line"])
        if path not in files:
            try:
                files[path] = _git(git_dir, "show", f"{commit}:{path}").splitlines()
            except ReferenceError:
                files[path] = []
        lines = files[path]
        if not 0 < number <= len(lines) or squash(match["text"]) not in squash(lines[number - 1]):
            actual = lines[number - 1].strip() if 0 < number <= len(lines) else "(no such line)"
            problems.append(f"{path}:{number}: expected {match['text']!r}, found {actual!r}")
    return problems


def scan_source(git_dir: Path, commit: str, facts: dict, plugin: str) -> list[str]:
    """Source lines that look like facts the facts file does not cite (hints for a new release).

    A line counts as cited when a fact cites a line of the same file at most 12 lines away. For
    compose, hidden flags are in the reference itself: MarkHidden is not a hint there.
    """
    cited: dict[str, list[int]] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "evidence":
                    for evidence in _evidence(item):
                        match = _EVIDENCE.match(evidence)
                        if match:
                            cited.setdefault(match["path"], []).append(int(match["line"]))
                else:
                    walk(item)

    walk(facts)
    folder = {"compose": "cmd/", "buildx": "commands/"}[plugin]
    pattern = r"SetInterspersed\(false\)|MarkDeprecated|HideInheritedFlags|Hidden: +true|SetNormalizeFunc"
    if plugin == "buildx":  # the Markdown reference leaves hidden flags out
        pattern += "|MarkHidden"
    try:
        output = _git(git_dir, "grep", "-n", "-E", pattern, commit, "--", folder)
    except ReferenceError:
        return []
    hints = []
    for line in output.splitlines():
        _, path, number, text = line.split(":", 3)
        if path.endswith("_test.go") or any(abs(int(number) - n) <= 12 for n in cited.get(path, [])):
            continue
        hints.append(f"{path}:{number}: {text.strip()}")
    return hints


# --------------------------------------------------------------------------- command line


def convert(
    plugin: str,
    files: Mapping[str, str],
    facts: dict,
    release: str,
    commit: str,
    partial: bool = False,
    source: str = " DIR",
) -> tuple[dict, dict, Tree]:
    """(snapshot, flag index, tree) of one plugin; ``source`` names the input in ``generated_by``."""
    tree = READERS[plugin](files, facts, partial)
    return snapshot(tree, facts, release, commit, source), flag_index(tree, facts, release, commit, source), tree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dockercheck.reference",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for plugin in PLUGINS:
        parser.add_argument(f"--{plugin}", type=Path, metavar="DIR", help=f"a folder with {plugin}'s docs/reference")
        parser.add_argument(f"--{plugin}-git", type=Path, metavar="GIT_DIR", help=f"{plugin}'s git directory")
        parser.add_argument(f"--{plugin}-tag", metavar="TAG", help="the release tag to read from the git directory")
    parser.add_argument("--facts", type=Path, default=FACTS, help="the source facts (default: %(default)s)")
    parser.add_argument("--output-dir", type=Path, default=DATA, help="where the snapshots go (default: %(default)s)")
    parser.add_argument("--index-dir", type=Path, help="where the flag indexes go (default: none written)")
    parser.add_argument("--partial", action="store_true", help="accept a reference with files left out (fixtures)")
    args = parser.parse_args(argv)
    facts_all = json.loads(args.facts.read_text("utf-8"))
    done = 0
    status = 0
    for plugin in PLUGINS:
        folder, git_dir, tag = getattr(args, plugin), getattr(args, f"{plugin}_git"), getattr(args, f"{plugin}_tag")
        if folder is None and git_dir is None:
            continue
        facts = facts_all[plugin]
        try:
            if git_dir is not None:
                if folder is not None or not tag:
                    parser.error(f"--{plugin}-git needs --{plugin}-tag and no --{plugin}")
                files, commit = read_git(git_dir, tag)
                release = tag
                if (release, commit) != (facts["release"], facts["commit"]):
                    print(
                        f"{plugin}: the facts are for {facts['release']} ({facts['commit']}), not {tag} ({commit}): "
                        "review them (the check below names the lines that moved)",
                        file=sys.stderr,
                    )
                problems = check_evidence(facts, git_dir, commit)
                for problem in problems:
                    print(f"{plugin}: {problem}", file=sys.stderr)
                for hint in scan_source(git_dir, commit, facts, plugin):
                    print(f"{plugin}: hint: {hint}", file=sys.stderr)
                if problems:
                    status = 1
                    continue
            else:
                files, release, commit = read_directory(folder), facts["release"], facts["commit"]
            source = f"-git GIT_DIR --{plugin}-tag {tag}" if git_dir is not None else " DIR"
            data, index, tree = convert(plugin, files, facts, release, commit, args.partial, source)
        except ReferenceError as error:
            print(f"{plugin}: {error}", file=sys.stderr)
            status = 1
            continue
        for warning in tree.warnings:
            print(f"{plugin}: warning: {warning}", file=sys.stderr)
        if tree.ignored:
            print(f"{plugin}: reference files no command leads to (stale): {', '.join(tree.ignored)}", file=sys.stderr)
        args.output_dir.mkdir(parents=True, exist_ok=True)
        output = args.output_dir / f"{plugin}-{data['version']}.json"
        output.write_text(dumps(data), "utf-8")
        flags = sum(len(c["options"]) for c in index["commands"].values())
        print(
            f"wrote {output}: {len(data['help'])} commands, {flags} listed flags, "
            f"{len(data['probes'])} hidden flag names",
            file=sys.stderr,
        )
        if args.index_dir is not None:
            args.index_dir.mkdir(parents=True, exist_ok=True)
            target = args.index_dir / f"{plugin}-{data['version']}-flags.json"
            target.write_text(dumps(index, collapse=4), "utf-8")
            print(f"wrote {target}", file=sys.stderr)
        done += 1
    if not done and not status:
        parser.error("nothing to do: give --compose/--buildx or --compose-git/--buildx-git")
    return status


if __name__ == "__main__":
    sys.exit(main())
