"""Check one docker invocation against the command tree, the way docker parses it.

The walk mirrors docker's own: global flags before the command (parsing
stops at the first word that is not a flag), cobra's ``Traverse`` down the
management commands, then the command's flags (as its parsing mode says)
and the argument-count check. Every flag is read by :func:`flags.scan`,
pflag's parsing in one place. The first flag error stops the walk, as it
stops docker; warnings do not. What docker's help does not say comes from
the grammar's profile.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import diagnostics as codes
from . import flags, values
from .flags import Flag, Positional, Stop
from .grammar import Grammar
from .model import Command, Option, Param, Parsing
from .shell import Word

_FLAG_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_SHORT_NAME = re.compile(r"[A-Za-z0-9]")
_BARE_FLAGS = re.compile(r"[a-zA-Z]{2,4}")
# Characters people type (or word processors make) for a hyphen: docker reads them as part of an argument.
DASHES = {
    "\u2010": "a hyphen (U+2010)",
    "\u2011": "a non-breaking hyphen (U+2011)",
    "\u2012": "a figure dash (U+2012)",
    "\u2013": "an en dash (U+2013)",
    "\u2014": "an em dash (U+2014)",
    "\u2212": "a minus sign (U+2212)",
    "\ufe63": "a small hyphen-minus (U+FE63)",
    "\uff0d": "a fullwidth hyphen-minus (U+FF0D)",
}
_METAVARIABLE = re.compile(r"[A-Z][A-Z0-9_]*")
# what an upper-case part of an image name says when it stands for a value (YOUR_USERNAME/app, app:VERSION)
_PLACEHOLDER_PART = re.compile(
    r"_|USER|NAME|TAG|VERSION|REPO|IMAGE|REGISTRY|ID|ORG|ACCOUNT|PROJECT|HOST|PORT|NAMESPACE"
)
# `docker build` (image build, builder build): BuildKit's `docker buildx build` unless DOCKER_BUILDKIT=0
_BUILD = ("image", "build")
_BUILDX_BUILD = ("buildx", "build")
_OFF = frozenset({"0", "false", "False", "FALSE"})


@dataclass(slots=True)
class Issue:
    code: str
    start: int
    end: int
    message: str
    suggestion: str | None = None


@dataclass(slots=True)
class Checked:
    """The outcome for one invocation: what it resolved to and what is wrong."""

    command: Command | None = None  # the command docker would run (None: not found)
    issues: list[Issue] = field(default_factory=list)
    # What explains the line (the cheat sheet, the words marked in a note): the words that named
    # the command after the program, and every flag read, with the option it is.
    command_words: list[Word] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


def _assign(params: tuple[Param, ...], count: int) -> list[Param | None]:
    """Which Usage parameter each of ``count`` positional arguments fills."""
    out: list[Param | None] = []
    remaining_required = sum(1 for p in params if not p.optional)
    left = count
    for param in params:
        if left <= 0:
            break
        if not param.optional:
            remaining_required -= 1
        elif left <= remaining_required:
            continue
        take = max(1, left - remaining_required) if param.repeated else 1
        out.extend([param] * take)
        left -= take
    out.extend([None] * (count - len(out)))
    return out


def _did_you_mean(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    """``difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)``, in one pass.

    Same answer (the highest ratio, then the greatest candidate), but two
    upper bounds of the ratio that cost next to nothing (the lengths, the
    characters the two share) are checked before the matcher is touched,
    and each ratio is computed once, not twice.
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    size = len(word)
    foreign = dict.fromkeys(map(ord, word))  # str.translate table: drop the word's characters
    best: tuple[float, str] | None = None
    for candidate in candidates:
        total = size + len(candidate)
        if total and 2.0 * min(size, len(candidate)) / total < cutoff:  # real_quick_ratio
            continue
        # At most the candidate's characters that occur in the word can match (a bound on quick_ratio).
        if total and 2.0 * (len(candidate) - len(candidate.translate(foreign))) / total < cutoff:
            continue
        matcher.set_seq1(candidate)
        if matcher.quick_ratio() < cutoff:
            continue
        ratio = matcher.ratio()
        if ratio >= cutoff and (best is None or (ratio, candidate) > best):
            best = (ratio, candidate)
    return best[1] if best else None


@dataclass(slots=True)
class _Parsed:
    """What scanning a command's words gave."""

    positionals: list[Word] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    asked_help: bool = False  # --help, or --version on the root: docker prints and stops
    stopped: bool = False  # a flag error (reported), or a flag that cannot be verified (noticed)


class _Walk:
    def __init__(self, grammar: Grammar, words: list[Word], xargs: bool, env: Mapping[str, str]) -> None:
        self.grammar = grammar
        self.profile = grammar.profile
        self.words = words
        self.xargs = xargs
        self.env = env
        self.result = Checked()
        self.one_dash: list[tuple[Word, str]] = []  # "-env" read as -e nv: (word, the long flag meant)
        self.written: dict[tuple[str, ...], str] = {}  # a command checked as another -> how the line names it

    def name(self, cmd: Command) -> str:
        """How messages name a command, quoted: as the line wrote it, and what it runs when that differs."""
        written = self.written.get(cmd.path)
        return f"'{written}' (BuildKit's '{cmd.command}')" if written else f"'{cmd.command}'"

    def issue(self, code: str, start: int, end: int, message: str, suggestion: str | None = None) -> None:
        self.result.issues.append(Issue(code, start, end, message, suggestion))

    # -- flags ------------------------------------------------------------
    def lookup(self, cmd: Command) -> flags.Lookup:
        """The flags of ``cmd``: its help's, the help flag, and what docker says of a flag its help hides."""

        def find(flag: str, word: Word, at: flags.Span) -> Option | flags.Unverified | None:
            found = cmd.option(flag)
            if found is not None:
                return found
            help_flag = self.profile.help_flag
            if flag == f"--{help_flag.option}":
                return help_flag
            if help_flag.shorthand and flag == f"-{help_flag.shorthand}":
                message = f"flag shorthand -{help_flag.shorthand} is deprecated: {help_flag.shorthand_deprecated}"
                self.issue(codes.DEPRECATED_FLAG, *at, message, f"--{help_flag.option}")
                return help_flag
            long = flag.startswith("--")
            name = flag[2:] if long else flag[1:]
            probe = self.grammar.probe(cmd, flag) if (_FLAG_NAME if long else _SHORT_NAME).fullmatch(name) else None
            if probe is not None and probe.exists:
                if flag in self.profile.quiet_hidden_flags.get(cmd.canonical, ()):
                    pass  # hidden because it is the default: no mistake
                elif probe.deprecated:
                    self.issue(
                        codes.DEPRECATED_FLAG, *at, f"{flag} is deprecated for {self.name(cmd)}: {probe.deprecated}"
                    )
                else:
                    current = _listed_name(cmd, name) if long else None
                    self.issue(
                        codes.HIDDEN_FLAG,
                        *at,
                        f"{flag} is not in '{cmd.command} --help' (hidden or deprecated); docker accepts it"
                        + (f"; the listed name is --{current}" if current else ""),
                        f"--{current}" if current else None,
                    )
                return Option(
                    name,
                    shorthand=None if long else name,
                    value_type="string" if probe.takes_value else None,
                    hidden=True,
                )
            return None

        return find

    def parse(self, cmd: Command, words: list[Word], parsing: Parsing) -> _Parsed:
        """pflag's parsing of ``cmd``'s words: each flag looked up and its value checked as it comes."""
        out = _Parsed()
        for item in flags.scan(words, self.lookup(cmd), parsing):
            if isinstance(item, Positional):
                out.positionals.append(item.word)
            elif isinstance(item, Flag):
                meant = _one_dash_long(cmd, item)
                if meant:
                    self.one_dash.append((item.word, meant))
                out.flags.append(item)
                if not self.check_value(cmd, item):
                    out.stopped = True
                    return out
                if self.asks_help(cmd, item.option):
                    out.asked_help |= item.value is None or item.value in values.TRUE
            elif item.kind != "dash-dash":
                self.flag_problem(cmd, item)
                out.stopped = True
                return out
        return out

    def asks_help(self, cmd: Command, option: Option) -> bool:
        """--help anywhere, or --version on the root: docker prints and stops."""
        return option.option == self.profile.help_flag.option or (
            not cmd.path and option.option == self.profile.version_flag
        )

    def check_value(self, cmd: Command, flag: Flag) -> bool:
        self.result.flags.append(flag)
        word = flag.value_word
        if flag.value is None or (word is not None and (word.placeholder is not None or word.dynamic)):
            return True
        problem = values.check(
            flag.option.option, flag.option.value_type, flag.value, cmd.canonical, self.profile.flag_checks
        )
        if problem:
            self.issue(
                codes.INVALID_FLAG_VALUE,
                *(flag.value_span or flag.span),
                f"invalid value for {flag.option.display}: {problem}",
            )
            return False
        return True

    def flag_problem(self, cmd: Command, stop: Stop) -> None:
        if stop.kind == "bad-syntax":
            self.issue(codes.BAD_FLAG_SYNTAX, *stop.span, f"bad flag syntax: {stop.name}")
        elif stop.kind == "missing-value":
            option = cmd.option(stop.name)
            kind = option.value_type if option is not None else "value"
            what = (
                f"{stop.name} ({kind})"
                if stop.name.startswith("--") or option is None
                else f"{stop.name} ({option.display} {kind})"
            )
            self.issue(codes.MISSING_FLAG_VALUE, *stop.span, f"flag needs an argument: {what}")
        elif stop.kind == "unknown":
            self.unknown_flag(cmd, stop.word, stop.name, stop.span)

    def unknown_flag(self, cmd: Command, word: Word, flag: str, at: flags.Span) -> None:
        root = self.grammar.root
        long = flag.startswith("--")
        name = flag[2:] if long else flag[1:]
        shown = flag if word.text in (flag, word.placeholder) else f"{flag} in '{word.text}'"
        where = self.name(cmd)
        retired = self.profile.retired_flags.get((cmd.canonical, flag))
        if retired:
            self.issue(codes.UNKNOWN_FLAG, *at, f"unknown flag {shown} for {where}: {retired}")
            return
        global_option = root.option(flag) if cmd.path else None
        if global_option is not None and not self.asks_help(root, global_option):
            program = self.profile.program
            self.issue(
                codes.UNKNOWN_FLAG,
                *at,
                f"unknown flag {shown} for {where}: it is a global option of {program}; "
                f"write it before the command ({program} {flag} ... {' '.join(cmd.path)})",
            )
            return
        meant = _long_name(cmd, word.text) if not long else None
        if meant:
            suggestion: str | None = f"--{meant}"
            hint = f"; did you mean --{meant}? (a long flag takes two dashes)"
        elif long and len(name) == 1 and cmd.short_option(name):
            suggestion, hint = f"-{name}", f"; did you mean -{name}? (a one-letter flag takes one dash)"
        elif long:
            guess = _did_you_mean(name, [o.option for o in cmd.options])
            suggestion = f"--{guess}" if guess else None
            hint = f"; did you mean {suggestion}?" if suggestion else ""
        else:
            swapped = name.swapcase()
            suggestion = f"-{swapped}" if cmd.short_option(swapped) else None
            hint = f"; did you mean {suggestion}?" if suggestion else ""
        self.issue(codes.UNKNOWN_FLAG, *at, f"unknown flag {shown} for {where}{hint}", suggestion)

    # -- cobra ------------------------------------------------------------
    def run(self) -> Checked:
        legacy = self.profile.legacy_programs.get(os.path.basename(self.words[0].text))
        if legacy is not None:
            return self.legacy(legacy)
        root = self.grammar.root
        parsed = self.parse(root, self.words[1:], Parsing.STOPS)
        self.result.command = root
        if parsed.stopped or parsed.asked_help or not parsed.positionals:
            return self.result
        rest = parsed.positionals
        if rest[0].text == "help" and root.child("help") is None:
            return self.help_command(root, rest[1:])
        return self.descend(root, rest)

    def descend(self, cmd: Command, rest: list[Word]) -> Checked:
        """cobra's Traverse down the management commands, then the command itself.

        At each group, its flags are read up to the first argument (pflag,
        stopping there); that word names the child. A flag error before it is
        the group's (docker parses the group's words and stops at it).
        """
        while cmd.is_group:
            # The group's own flags (docker's --help; compose's -f, -p...), values checked, up to its first word.
            before = len(self.result.issues)
            parsed = self.parse(cmd, rest, Parsing.STOPS)
            if parsed.stopped or parsed.asked_help:
                return self.result
            if not parsed.positionals or parsed.positionals[0].text.startswith("-"):
                del self.result.issues[before:]  # the group's parse below says it again
                return self.group(cmd, rest)
            child_word = parsed.positionals[0]
            index = next(i for i, w in enumerate(rest) if w is child_word)
            if child_word.placeholder is not None or child_word.dynamic:
                self.issue(
                    codes.UNVERIFIABLE_COMMAND,
                    child_word.start,
                    child_word.end,
                    f"'{child_word.text}' stands for a command of '{cmd.command}': it cannot be verified",
                )
                self.result.command = None
                return self.result
            entered = self.grammar.enter(cmd, child_word.text)
            if entered is None:
                return self.group(cmd, rest)
            self.grammar, cmd = entered  # a plugin's grammar, past `docker compose`
            self.profile, rest = self.grammar.profile, rest[index + 1 :]
            self.result.command_words.append(child_word)
        if cmd.canonical == _BUILD and not self.profile.mount:
            cmd = self.builder(cmd)
        self.result.command = cmd
        return self.leaf(cmd, rest)

    def builder(self, build: Command) -> Command:
        """``docker build`` runs BuildKit's ``docker buildx build`` (the default builder since docker 23),
        unless ``DOCKER_BUILDKIT=0`` asks for the legacy one, whose help this docker's own ``build`` is."""
        buildx = self.grammar.mount("buildx")
        if buildx is None or self.env.get("DOCKER_BUILDKIT") in _OFF:
            return build
        self.grammar, self.profile = buildx, buildx.profile
        self.written[_BUILDX_BUILD] = build.command
        return buildx.command(_BUILDX_BUILD)

    def legacy(self, plugin: tuple[str, ...]) -> Checked:
        """``docker-compose ...``: the retired Compose v1 binary, checked as ``docker compose ...``."""
        first = self.words[0]
        program = os.path.basename(first.text)
        replacement = " ".join((self.profile.program, *plugin))
        self.issue(
            codes.RETIRED_COMMAND,
            first.start,
            first.end,
            f"'{program}' (Compose v1) is retired; write '{replacement}' (Compose v2): "
            "the rest of the line is checked as v2",
            replacement,
        )
        entered = self.grammar.enter(self.grammar.root, plugin[0])
        if entered is None:
            return self.result
        self.grammar, root = entered
        self.profile = self.grammar.profile
        return self.descend(root, self.words[1:])

    def help_command(self, root: Command, rest: list[Word]) -> Checked:
        """cobra's own ``docker help [COMMAND...]``: the topic words must name a command."""
        program = self.profile.program
        helper = Command(
            path=("help",), usage=f"{program} help [command]", short="Help about any command", program=program
        )
        self.result.command = helper
        parsed = self.parse(helper, rest, Parsing.INTERSPERSED)
        if parsed.stopped or not parsed.positionals:
            return self.result
        node: Command | None = root
        for topic in parsed.positionals:  # every word must name a command, one level down each
            if topic.placeholder is not None or topic.dynamic:
                break
            child = self.grammar.find_child(node, topic.text) if node is not None else None
            if child is None:
                names = [r.name for r in node.subcommands] if node is not None else []
                guess = _did_you_mean(topic.text, names)
                hint = f"; did you mean '{guess}'?" if guess else ""
                self.issue(
                    codes.UNKNOWN_COMMAND, topic.start, topic.end, f"unknown help topic: '{topic.text}'{hint}", guess
                )
                break
            node = child
        return self.result

    def group(self, cmd: Command, rest: list[Word]) -> Checked:
        """A management command (or the root) given a word that is not its child, or no word."""
        self.result.command = cmd
        first = next((w for w in rest if not w.text.startswith("-")), None)
        plugins = self.profile.plugins | set(self.profile.plugin_stubs)
        if first is not None and not cmd.path and first.text in plugins:
            plugin = self.profile.plugin_stubs.get(first.text, first.text)
            self.issue(
                codes.PLUGIN_NOT_VERIFIED,
                first.start,
                first.end,
                f"'{self.profile.program} {first.text}' needs the {plugin} CLI plugin, which this docker "
                f"({self.grammar.describe()}) does not have; the command was not verified",
            )
            return self.result
        saved = list(self.result.issues)
        parsed = self.parse(cmd, rest, Parsing.INTERSPERSED)
        before_child = first is None or (
            parsed.stopped and any(i.start < first.start for i in self.result.issues[len(saved) :])
        )
        if (parsed.asked_help and not parsed.stopped) or before_child or cmd.path in self.profile.lenient_groups:
            return self.result  # docker prints the group's help, or the flag error before any command word
        assert first is not None  # before_child when there is none
        self.result.issues = saved  # the unknown command is the mistake worth naming
        self.result.command = None
        names = [r.name for r in cmd.subcommands]
        aliases = [a for child in self.grammar.loaded_children(cmd) for a in self.grammar.names(child)[1:]]
        dash = _dash_hint(first)
        guess = None if dash else _did_you_mean(first.text, names) or _did_you_mean(first.text, aliases)
        hint = dash[0] if dash else f"; did you mean '{cmd.command} {guess}'?" if guess else ""
        self.issue(
            codes.UNKNOWN_COMMAND,
            first.start,
            first.end,
            f"unknown command: '{cmd.command} {first.text}'{hint}",
            dash[1] if dash else guess,
        )
        return self.result

    def leaf(self, cmd: Command, rest: list[Word]) -> Checked:
        parsed = self.parse(cmd, rest, cmd.parsing)
        if parsed.stopped or parsed.asked_help:
            return self.result
        positionals = parsed.positionals
        intended = positionals
        if cmd.canonical in self.profile.bare_flag_commands and len(positionals) >= 2:
            first = positionals[0]
            if (
                first.placeholder is None
                and not first.quoted
                and _BARE_FLAGS.fullmatch(first.text)
                and set(first.text) & {"i", "t"}
                and all((o := cmd.short_option(c)) is not None and not o.takes_value for c in first.text)
            ):
                self.issue(
                    codes.BARE_WORD_FLAGS,
                    first.start,
                    first.end,
                    f"'{first.text}' is passed to {self.name(cmd)} as the "
                    f"{cmd.params[0].name if cmd.params else 'first argument'}; "
                    f"did you mean the flags -{first.text}?",
                    f"-{first.text}",
                )
                intended = positionals[1:]
        for word in positionals:
            if word.text.startswith("//") and not word.quoted:
                self.issue(
                    codes.SLASH_COMMENT,
                    word.start,
                    word.end,
                    f"'{word.text}' is not a comment: the shell passes it to docker as an argument; "
                    "write a shell comment with '#'",
                    "# " + word.text[2:].lstrip(),
                )
                break
        if not self.check_count(cmd, positionals) and not self.check_references(cmd, positionals):
            self.check_option_set(cmd, parsed.flags)
        for word, param in zip(intended, _assign(cmd.params, len(intended)), strict=True):
            if word.placeholder is None or param is None:
                continue
            want, got = self.profile.param_kind(param), self.profile.object_kind(word.placeholder)
            if want and got and want != got:
                self.issue(
                    codes.PLACEHOLDER_KIND,
                    word.start,
                    word.end,
                    f"{self.name(cmd)} expects {param.name} here, but the placeholder {word.text} names "
                    f"{'an' if got[0] in 'aeiou' else 'a'} {got}",
                )
        return self.result

    def check_count(self, cmd: Command, positionals: list[Word]) -> bool:
        """docker's argument-count validator; True when it rejects the count."""
        if self.xargs or any(w.variadic for w in positionals):
            return False  # the shell, or the reader, decides how many words these become
        count = len(positionals)
        usage = f"Usage: {cmd.usage}"
        if count < cmd.min_args:
            end = (positionals[-1] if positionals else self.words[-1]).end
            self.issue(
                codes.TOO_FEW_ARGUMENTS,
                self.words[0].start,
                end,
                f"{self.name(cmd)} requires {cmd.arity}, got {count} ({usage}){self.one_dash_hint()}",
            )
            return True
        if cmd.max_args is not None and count > cmd.max_args:
            extra = positionals[cmd.max_args]
            dash = next((d for d in map(_dash_hint, positionals[cmd.max_args :]) if d), None)
            self.issue(
                codes.TOO_MANY_ARGUMENTS,
                extra.start,
                positionals[-1].end,
                f"{self.name(cmd)} accepts {cmd.arity}, got {count} ({usage}){dash[0] if dash else ''}",
                dash[1] if dash else None,
            )
            return True
        return False

    def check_option_set(self, cmd: Command, given: list[Flag]) -> None:
        """What docker's client checks on several flags together before the daemon (profile.option_set_checks)."""
        check = self.profile.option_set_checks.get(cmd.canonical)
        if check is None or any(f.value_word is not None and self.fill_in(cmd, f.value_word) for f in given):
            return
        found: dict[str, list[str]] = {}
        for flag in given:
            if flag.value is not None:
                found.setdefault(flag.option.option, []).append(flag.value)
        problem = check(found)
        if problem is None:
            return
        named = [f for f in given if f.option.option == problem[0]] or given
        if not named:
            self.issue(codes.INVALID_ARGUMENT, self.words[0].start, self.words[-1].end, problem[1])
            return
        # the flag whose value the message names, else the last of its kind
        flag = next((f for f in named if f.value and f.value.rpartition("=")[2] in problem[1]), named[-1])
        end = flag.value_span[1] if flag.value_span else flag.span[1]
        self.issue(
            codes.INVALID_ARGUMENT,
            flag.span[0],
            end,
            f"invalid network configuration for '{cmd.command}': {problem[1]}",
        )

    def check_references(self, cmd: Command, positionals: list[Word]) -> bool:
        """The image references docker's client parses before it contacts the daemon (profile.reference_args);
        True when one is rejected."""
        modes = list(self.profile.reference_args.get(cmd.canonical, ()))
        if modes and modes[-1] is not None and modes[-1].endswith("*"):
            modes[-1] = modes[-1][:-1]
            modes += [modes[-1]] * max(0, len(positionals) - len(modes))
        for word, mode in zip(positionals, modes, strict=False):
            if mode is None or self.fill_in(cmd, word):
                continue
            problem = values.any_reference(word.text) if mode == "any" else values.named_reference(word.text)
            if problem is None:
                continue
            dash = _dash_hint(word)
            what = "digest" if problem[0] == "digest" else "image reference"
            self.issue(
                codes.INVALID_ARGUMENT,
                word.start,
                word.end,
                f"invalid {what} '{word.text}' for '{cmd.command}': {problem[1]}"
                + (dash[0] if dash else self.one_dash_hint()),
                dash[1] if dash else None,
            )
            return True  # docker stops at the first
        return False

    def fill_in(self, cmd: Command, word: Word) -> bool:
        """A value the reader fills in: a placeholder, a variable, a metavariable naming what is expected
        (IMAGE, IMAGE_NAME) or written among lower-case parts (YOUR_USERNAME/app, app:VERSION), or a
        name written in the note's language (镜像名)."""
        if word.placeholder is not None or word.dynamic:
            return True
        text = word.text
        if _METAVARIABLE.fullmatch(text):
            return self.profile.object_kind(text) is not None or any(text in p.name for p in cmd.params)
        if any(ord(ch) > 127 and ch.isalpha() for ch in text):
            return True
        name = text.partition("@")[0]  # a digest is never a placeholder's
        parts = re.split(r"[/:.]", name)
        return any(len(p) > 1 and _METAVARIABLE.fullmatch(p) and _PLACEHOLDER_PART.search(p) for p in parts) and any(
            p and p == p.lower() and any(c.isalpha() for c in p) for p in parts
        )

    def one_dash_hint(self) -> str:
        """'-env' parsed as -e nv: what the writer meant, for the error it causes further on."""
        if not self.one_dash:
            return ""
        word, meant = self.one_dash[0]
        return f"; '{word.text}' is read as -{word.text[1]} {word.text[2:]}: did you mean --{meant}?"


def _long_name(cmd: Command, text: str) -> str | None:
    """``-name`` (a long flag written with one dash): the long option it names, if ``cmd`` has it."""
    if text.startswith("--") or not text.startswith("-"):
        return None
    name = text[1:].partition("=")[0]
    return name if len(name) > 1 and cmd.long_option(name) is not None else None


def _one_dash_long(cmd: Command, flag: Flag) -> str | None:
    """A shorthand group such as ``-env`` that pflag reads as ``-e nv`` but that names a long flag (--env)."""
    if flag.name.startswith("--") or flag.word.quoted or not flag.word.text.startswith(flag.name):
        return None
    return _long_name(cmd, flag.word.text)


def _listed_name(cmd: Command, hidden: str) -> str | None:
    """The listed option a hidden flag is the short old name of, part by part
    (--net: --network, --net-alias: --network-alias, --time: --timeout)."""
    parts = hidden.split("-")
    for option in cmd.options:
        listed = option.option.split("-")
        same_shape = not option.hidden and len(listed) == len(parts) and option.option != hidden
        if same_shape and all(new.startswith(old) for old, new in zip(parts, listed, strict=True)):
            return option.option
    return None


def _dash_hint(word: Word) -> tuple[str, str] | None:
    """(hint, suggestion) for a word that starts with a dash that is not a hyphen-minus (–a)."""
    what = DASHES.get(word.text[:1])
    if what is None or word.quoted:
        return None
    fixed = "-" + word.text[1:].lstrip("".join(DASHES))
    if word.text[1:2] in DASHES:
        fixed = "-" + fixed
    return f"; '{word.text}' starts with {what}, not a hyphen-minus: did you mean {fixed}?", fixed


def validate(grammar: Grammar, words: list[Word], xargs: bool = False, env: Mapping[str, str] | None = None) -> Checked:
    """Check the words of one docker invocation (``words[0]`` is docker itself; ``env``: variables set for it)."""
    return _Walk(grammar, words, xargs, env or {}).run()
