"""Parse the text of ``docker <path> --help`` into a :class:`~dockercheck.model.Command`.

docker's help has fixed sections (docker/cli ``cli/cobra.go``): ``Usage:``,
a description, ``Aliases:``, ``Options:``, ``Global Options:`` and the
``*Commands:`` sections. Options are matched by one named-group regex; a
wrapped description line (deeper indentation, no leading dash column) joins
the row above, as zsh's ``_arguments --`` does.
"""

from __future__ import annotations

import re

from .model import Command, CommandRef, Option, Param
from .profile import DOCKER, Profile

_SECTION = re.compile(r"^(?P<title>[A-Z][A-Za-z ]*):(?:\s+(?P<rest>\S.*))?$")
# "  -a, --all             Show all"  /  "      --format string   Format output"
_OPTION = re.compile(
    r"^  (?:-(?P<short>[A-Za-z0-9]), |    )--(?P<long>[A-Za-z0-9][A-Za-z0-9_-]*)"
    r"(?: (?P<type>[A-Za-z][A-Za-z0-9_-]*))?(?:\s{2,}(?P<desc>\S.*))?$"
)
# "  run         Create and run a new container"  (a '*' marks a CLI plugin)
_SUBCOMMAND = re.compile(r"^  (?P<name>[a-z0-9][a-z0-9_-]*)(?P<plugin>\*)?(?:\s+(?P<short>\S.*))?$")
_DEFAULT = "(default "  # "... (default 10s)" ends a description: found with str.find, in linear time
_RUN_FOR_MORE = re.compile(r"^Run '.*' for more information")


class HelpParseError(ValueError):
    """The text is not docker help (no Usage line)."""


def sections(text: str, profile: Profile = DOCKER) -> tuple[str, dict[str, list[str]]]:
    """Split help text into (usage line, {section title: lines}).

    The description (lines between Usage and the first section) is stored
    under the key ``""``; more forms of the Usage line (indented lines right
    under it, as ``docker container cp`` has) under ``"Usage"``.
    """
    usage = ""
    out: dict[str, list[str]] = {"": []}
    current = None
    in_usage = False  # on the lines right after "Usage:", up to the first blank one
    for raw in text.splitlines():
        line = raw.rstrip()
        match = _SECTION.match(line)
        if match and not line.startswith(" "):
            title = match["title"]
            if title == "Usage":
                usage = " ".join((match["rest"] or "").split())
                current, in_usage = "", True
                continue
            if title in profile.help_sections or title.endswith("Commands"):
                current, in_usage = title, False
                out.setdefault(title, [])
                continue
        if in_usage and line[:1] in (" ", "\t") and line.strip():
            # A second form of the command ("docker cp ..." under "docker container cp ..."): usage, not description.
            out.setdefault("Usage", []).append(" ".join(line.split()))
            continue
        in_usage = False
        if current is None:
            continue
        if _RUN_FOR_MORE.match(line) or line.startswith("For more help on how to use Docker"):
            current = None
            continue
        out[current].append(line)
    if not usage:
        raise HelpParseError("no 'Usage:' line in docker help output")
    return usage, out


def parse_options(lines: list[str]) -> tuple[Option, ...]:
    rows: list[dict[str, str | None]] = []
    for line in lines:
        if not line.strip():
            continue
        match = _OPTION.match(line)
        if match:
            rows.append(match.groupdict())
        elif rows and line.startswith(" "):
            # a wrapped description line joins the option above it
            desc = rows[-1]["desc"]
            rows[-1]["desc"] = f"{desc} {line.strip()}" if desc else line.strip()
    options = []
    for row in rows:
        desc = row["desc"] or ""
        default = None
        start = desc.find(_DEFAULT) if desc.endswith(")") else -1
        if start >= 0:
            default = desc[start + len(_DEFAULT) : -1].strip('"')
            desc = desc[:start]
        options.append(
            Option(
                option=row["long"] or "",
                shorthand=row["short"],
                value_type=row["type"],
                default_value=default,
                description=" ".join(desc.split()),
            )
        )
    return tuple(options)


def parse_subcommands(title: str, lines: list[str]) -> list[CommandRef]:
    refs = []
    for line in lines:
        match = _SUBCOMMAND.match(line)
        if match:
            refs.append(CommandRef(match["name"], (match["short"] or "").strip(), title, bool(match["plugin"])))
    return refs


def split_usage(args: str) -> list[str]:
    """Split the argument part of a Usage line into parameter tokens.

    Brackets and parentheses group (``[ps OPTIONS]`` is one token) and
    ``PATH | URL | -`` is one parameter with alternatives.
    """
    tokens: list[str] = []
    depth = 0
    current = ""
    for char in args:
        if char in "[(":
            depth += 1
        elif char in "])":
            depth = max(0, depth - 1)
        if char == " " and depth == 0:
            if current:
                tokens.append(current)
            current = ""
        else:
            current += char
    if current:
        tokens.append(current)
    merged: list[str] = []
    for token in tokens:
        if merged and (token == "|" or merged[-1].endswith(" |")):
            merged[-1] = f"{merged[-1]} {token}"
        else:
            merged.append(token)
    return merged


def _enclosed(token: str) -> bool:
    """True when the token's first '[' is closed by its last ']'."""
    if not (token.startswith("[") and token.endswith("]")):
        return False
    depth = 0
    for index, char in enumerate(token):
        depth += char == "["
        depth -= char == "]"
        if depth == 0:
            return index == len(token) - 1
    return False


_COMMAND_WORD = re.compile(r"[a-z][a-z0-9-]*")


def usage_path(usage: str) -> tuple[str, ...]:
    """The command path a Usage line names: its lower-case words after the program.

    ``docker container ls [OPTIONS]``: (container, ls). Usually the path the
    help was asked for; with buildx installed, ``docker build --help`` prints
    ``docker buildx build``'s Usage.
    """
    out: list[str] = []
    for word in usage.split()[1:]:
        if not _COMMAND_WORD.fullmatch(word):
            break
        out.append(word)
    return tuple(out)


def parse_params(
    usage: str, path: tuple[str, ...], program: str = "docker"
) -> tuple[tuple[Param, ...], int, int | None]:
    """Positional parameters and the argument count range from a Usage line."""
    words = usage.split()
    # "docker container ls [OPTIONS]": drop the program and the command path the Usage names
    rest = " ".join(words[1 + len(usage_path(usage)) :]) if words[:1] == [program] else " ".join(words)
    params: list[Param] = []
    for token in split_usage(rest):
        optional = False
        inner = token
        if _enclosed(inner):
            optional, inner = True, inner[1:-1]
        if inner in ("OPTIONS", "flags"):
            continue  # [OPTIONS] (cobra: [flags]), and the bare OPTIONS of "trust signer add", stand for flags
        repeated = inner.endswith("...")
        if repeated:
            inner = inner[:-3]
        if " " in inner and "|" not in inner:
            repeated = True  # "[ps OPTIONS]": free-form arguments passed on
        params.append(Param(inner, optional, repeated))
    low = sum(1 for p in params if not p.optional)
    high = None if any(p.repeated for p in params) else len(params)
    return tuple(params), low, high


def parse_help(path: tuple[str, ...], text: str, profile: Profile = DOCKER) -> Command:
    """Build the Command for ``path`` from its help text, with what the profile adds."""
    usage, parts = sections(text, profile)
    description = [line.strip() for line in parts.get("", []) if line.strip()]
    aliases: tuple[str, ...] = ()
    alias_text = " ".join(line.strip() for line in parts.get("Aliases", []))
    if alias_text:
        aliases = tuple(a.strip() for a in alias_text.split(",") if a.strip())
    # the root's own flags are the global options
    options = parse_options(parts.get("Options", []) + (parts.get("Global Options", []) if not path else []))
    subcommands: list[CommandRef] = []
    for title, lines in parts.items():
        if title.endswith("Commands"):
            subcommands.extend(parse_subcommands(title, lines))
    params: tuple[Param, ...] = ()
    low: int = 0
    high: int | None = 0
    if not subcommands:
        params, low, high = parse_params(usage, path, profile.program)
    command = Command(
        path=path,
        short=description[0] if description else "",
        usage=usage,
        aliases=aliases,
        options=options,
        subcommands=tuple(subcommands),
        params=params,
        min_args=low,
        max_args=high,
    )
    return profile.apply(command)
