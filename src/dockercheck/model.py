"""The docker command tree as frozen dataclasses.

Field names follow docker/cli-docs-tool (``command``, ``aliases``, ``short``,
``usage``, ``options``; an option has ``option``, ``shorthand``,
``value_type``, ``default_value``, ``description``, ``hidden``,
``deprecated``). Nothing here runs docker or parses text: see ``helptext``
for the parser and ``grammar`` for the lazily loaded tree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType


class Parsing(Enum):
    """How a command's flags are parsed (pflag's interspersed setting, cobra's DisableFlagParsing)."""

    INTERSPERSED = "interspersed"  # flags anywhere among the arguments (pflag's default)
    STOPS = "stops at the first argument"  # SetInterspersed(false): the rest is passed on as it is
    NONE = "none"  # DisableFlagParsing: every word is an argument


@dataclass(frozen=True, slots=True)
class Option:
    """One flag of a command, as ``docker <path> --help`` lists it."""

    option: str  # long name without dashes: "detach"
    shorthand: str | None = None  # one character without the dash: "d"
    value_type: str | None = None  # the type word ("string", "list", "int"...); None: a bool flag
    default_value: str | None = None
    description: str = ""
    hidden: bool = False  # valid, but not listed by --help (learnt by probing docker)
    deprecated: str | None = None  # docker's deprecation message, when known
    shorthand_deprecated: str | None = None

    @property
    def takes_value(self) -> bool:
        return self.value_type is not None

    @property
    def display(self) -> str:
        return f"-{self.shorthand}, --{self.option}" if self.shorthand else f"--{self.option}"


@dataclass(frozen=True, slots=True)
class Param:
    """One positional parameter from the Usage line, e.g. ``[CONTAINER...]``."""

    name: str  # as written, without brackets or dots: "NAME[:TAG|@DIGEST]", "PATH | URL | -"
    optional: bool = False
    repeated: bool = False

    @property
    def display(self) -> str:
        free_form = " " in self.name and "|" not in self.name  # "[ps OPTIONS]"
        text = self.name + ("..." if self.repeated and not free_form else "")
        return f"[{text}]" if self.optional else text


@dataclass(frozen=True, slots=True)
class CommandRef:
    """A row of a ``*Commands:`` section: a child command as its parent lists it."""

    name: str
    short: str
    group: str  # the section title: "Common Commands", "Management Commands", ...
    plugin: bool = False  # listed with a '*': provided by a CLI plugin


@dataclass(frozen=True, eq=False)
class Command:
    """A docker command with everything its help says about it."""

    path: tuple[str, ...]  # () for the root, ("container", "ls") for docker container ls
    short: str = ""
    usage: str = ""
    aliases: tuple[str, ...] = ()  # full paths as docker prints them: "docker container ls"
    options: tuple[Option, ...] = ()
    subcommands: tuple[CommandRef, ...] = ()
    params: tuple[Param, ...] = ()
    min_args: int = 0
    max_args: int | None = 0  # None: no upper bound
    parsing: Parsing = Parsing.INTERSPERSED
    program: str = "docker"  # the program it belongs to, as its profile names it
    _long: Mapping[str, Option] = field(init=False, repr=False)
    _short: Mapping[str, Option] = field(init=False, repr=False)
    _children: Mapping[str, CommandRef] = field(init=False, repr=False)
    canonical: tuple[str, ...] = field(init=False, repr=False)
    """The first path docker names for this command (``docker ps`` -> container ls)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_long", MappingProxyType({o.option: o for o in self.options}))
        object.__setattr__(self, "_short", MappingProxyType({o.shorthand: o for o in self.options if o.shorthand}))
        object.__setattr__(self, "_children", MappingProxyType({c.name: c for c in self.subcommands}))
        # docker lists a command's own path among its aliases, its canonical path first; a plugin's
        # command that answers for docker's (buildx build for docker build) does not: it is its own.
        own = " ".join((self.program, *self.path))
        first = tuple(self.aliases[0].split()[1:]) if self.aliases and own in self.aliases else self.path
        object.__setattr__(self, "canonical", first)

    def __reduce__(self) -> tuple:
        """Pickled by its help's fields (the lookup tables are made again from them)."""
        fields = (self.path, self.short, self.usage, self.aliases, self.options, self.subcommands, self.params)
        return (Command, (*fields, self.min_args, self.max_args, self.parsing, self.program))

    @property
    def command(self) -> str:
        return " ".join((self.program,) + self.path)

    @property
    def interspersed(self) -> bool:
        """Flags are parsed after the first positional argument too."""
        return self.parsing is Parsing.INTERSPERSED

    @property
    def is_group(self) -> bool:
        """A management command (``docker container``): it only dispatches to children."""
        return bool(self.subcommands)

    def option(self, flag: str) -> Option | None:
        """``--name`` or ``-n``, as listed in the help."""
        return self._long.get(flag[2:]) if flag.startswith("--") else self._short.get(flag[1:])

    def long_option(self, name: str) -> Option | None:
        return self._long.get(name)

    def short_option(self, char: str) -> Option | None:
        return self._short.get(char)

    def child(self, name: str) -> CommandRef | None:
        return self._children.get(name)

    @property
    def arity(self) -> str:
        """Human text for the argument count: "exactly 1", "at least 2", "no"."""
        lo, hi = self.min_args, self.max_args
        if hi == 0:
            return "no arguments"
        if hi is None:
            return f"at least {lo} argument{'s' if lo != 1 else ''}" if lo else "any number of arguments"
        if lo == hi:
            return f"exactly {lo} argument{'s' if lo != 1 else ''}"
        return f"{lo} to {hi} arguments"


@dataclass(frozen=True, slots=True)
class FlagProbe:
    """docker's own answer to ``docker <path> --help <flag>``."""

    exists: bool
    takes_value: bool = False
    deprecated: str | None = None  # the deprecation message docker printed, if any
