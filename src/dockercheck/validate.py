"""Check one docker invocation against the command tree, the way docker parses it.

The walk mirrors docker's own: global flags before the command (parsing
stops at the first word that is not a flag), cobra's ``Traverse`` down the
management commands, then pflag's parsing of the command's flags
(interspersed or not) and the argument-count check. The first flag error
stops the walk, as it stops docker; warnings do not.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from . import diagnostics as codes
from . import values
from .grammar import Grammar
from .model import Command, Option, Param
from .rules import BUILDX_BUILD, BUILDX_BUILD_FLAGS, KNOWN_PLUGINS, LENIENT_GROUPS, PLUGIN_STUBS
from .shell import Word

_HELP = Option("help", value_type=None, description="Print usage")
_HELP_SHORT = Option("help", shorthand="h", value_type=None, shorthand_deprecated="use --help")
_FLAG_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_SHORT_NAME = re.compile(r"[A-Za-z0-9]")
_BARE_FLAGS = re.compile(r"[a-zA-Z]{2,4}")
# run, create and exec: where '-it' is idiomatic and a bare 'it' is a slip
_BARE_FLAG_COMMANDS = frozenset({("container", "run"), ("container", "create"), ("container", "exec")})


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


def _kind(text: str) -> str | None:
    """The kind of docker object a name refers to: image, container, volume, network."""
    t = text.lower()
    kinds = {
        "image": "image" in t or "repositor" in t or t in ("repo", "tag") or t.endswith((":tag", "/repo")),
        "container": "container" in t,
        "volume": "volume" in t,
        "network": "network" in t,
    }
    found = [k for k, hit in kinds.items() if hit]
    return found[0] if len(found) == 1 else None


def _param_kind(param: Param) -> str | None:
    name = param.name.upper()
    if name.startswith(("IMAGE", "SOURCE_IMAGE", "TARGET_IMAGE", "NAME[:TAG", "REPOSITORY")):
        return "image"
    if name.startswith("CONTAINER"):
        return "container"
    if name in ("VOLUME", "NETWORK"):
        return name.lower()
    return None


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


def _span(word: Word, index: int, length: int = 1) -> tuple[int, int]:
    """Offsets of characters ``index:index+length`` of a word, when they map 1:1."""
    if word.end - word.start == len(word.text) and not word.quoted:
        return word.start + index, word.start + index + length
    return word.start, word.end


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


class _Walk:
    def __init__(self, grammar: Grammar, words: list[Word], xargs: bool) -> None:
        self.grammar = grammar
        self.words = words
        self.xargs = xargs
        self.result = Checked()

    def issue(self, code: str, start: int, end: int, message: str, suggestion: str | None = None) -> None:
        self.result.issues.append(Issue(code, start, end, message, suggestion))

    # -- pflag ------------------------------------------------------------
    def option(self, cmd: Command, word: Word, flag: str, at: tuple[int, int]) -> Option | None:
        """Look a flag up, asking docker about flags its help does not list."""
        long = flag.startswith("--")
        name = flag[2:] if long else flag[1:]
        found = cmd.option(flag)
        if found is not None:
            return found
        if long and name == "help":
            return _HELP
        if not long and name == "h":
            self.issue(codes.DEPRECATED_FLAG, *at, "flag shorthand -h is deprecated: use --help", "--help")
            return _HELP_SHORT
        valid = (_FLAG_NAME if long else _SHORT_NAME).fullmatch(name)
        probe = self.grammar.probe(cmd, flag) if valid else None
        if probe is not None and probe.exists:
            if probe.deprecated:
                self.issue(codes.DEPRECATED_FLAG, *at, f"{flag} is deprecated for '{cmd.command}': {probe.deprecated}")
            else:
                self.issue(codes.HIDDEN_FLAG, *at, f"{flag} is not in '{cmd.command} --help' (hidden or deprecated); docker accepts it")
            return Option(name, shorthand=None if long else name,
                          value_type="string" if probe.takes_value else None, hidden=True)
        if cmd.canonical == BUILDX_BUILD and flag in BUILDX_BUILD_FLAGS:
            self.issue(codes.PLUGIN_NOT_VERIFIED, *at,
                       f"{flag} is a flag of BuildKit's builder: '{cmd.command}' runs 'docker buildx build' where "
                       f"the buildx CLI plugin is installed, and this docker ({self.grammar.describe()}) does not "
                       "have it; the command was not verified")
            return None
        self.unknown_flag(cmd, word, flag, at)
        return None

    def unknown_flag(self, cmd: Command, word: Word, flag: str, at: tuple[int, int]) -> None:
        root = self.grammar.root
        long = flag.startswith("--")
        name = flag[2:] if long else flag[1:]
        shown = flag if word.text in (flag, word.placeholder) else f"{flag} in '{word.text}'"
        where = f"'{cmd.command}'"
        if cmd.path and root.option(flag):
            self.issue(codes.UNKNOWN_FLAG, *at, f"unknown flag {shown} for {where}: it is a global option of docker; "
                       f"write it before the command (docker {flag} ... {' '.join(cmd.path)})")
            return
        if long:
            guess = _did_you_mean(name, [o.option for o in cmd.options])
            suggestion = f"--{guess}" if guess else None
        else:
            swapped = name.swapcase()
            suggestion = f"-{swapped}" if cmd.short_option(swapped) else None
        hint = f"; did you mean {suggestion}?" if suggestion else ""
        self.issue(codes.UNKNOWN_FLAG, *at, f"unknown flag {shown} for {where}{hint}", suggestion)

    @staticmethod
    def asks_help(cmd: Command, option: Option) -> bool:
        """--help anywhere, or --version on the root: docker prints and stops."""
        return option.option == "help" or (not cmd.path and option.option == "version")

    def check_value(self, cmd: Command, option: Option, value: str, word: Word | None, at: tuple[int, int]) -> bool:
        if word is not None and (word.placeholder is not None or word.dynamic):
            return True
        problem = values.check(option.option, option.value_type, value, cmd.canonical)
        if problem:
            self.issue(codes.INVALID_FLAG_VALUE, *at, f"invalid value for {option.display}: {problem}")
            return False
        return True

    def parse_flags(self, cmd: Command, words: list[Word], interspersed: bool) -> tuple[list[Word], bool, bool]:
        """pflag's parseArgs: (positional words, help or version asked, failed)."""
        positionals: list[Word] = []
        asked_help = False
        i, n = 0, len(words)
        while i < n:
            word = words[i]
            i += 1
            text = word.placeholder if word.is_flag_placeholder else word.text
            if len(text) < 2 or text[0] != "-":
                positionals.append(word)
                if not interspersed:
                    positionals.extend(words[i:])
                    break
                continue
            if text == "--":
                positionals.extend(words[i:])
                break
            if text[1] == "-":
                i, ok, help_flag = self.long_flag(cmd, word, text, words, i)
            else:
                i, ok, help_flag = self.short_flags(cmd, word, text, words, i)
            if not ok:
                return positionals, asked_help, True
            asked_help |= help_flag
        return positionals, asked_help, False

    def long_flag(self, cmd: Command, word: Word, text: str, words: list[Word], i: int) -> tuple[int, bool, bool]:
        body = text[2:]
        at = (word.start, word.end)
        if not body or body[0] in "-=":
            self.issue(codes.BAD_FLAG_SYNTAX, *at, f"bad flag syntax: {text}")
            return i, False, False
        name, eq, value = body.partition("=")
        option = self.option(cmd, word, f"--{name}", _span(word, 0, 2 + len(name)))
        if option is None:
            return i, False, False
        value_word: Word | None = word
        if not eq:
            if not option.takes_value:
                return i, True, self.asks_help(cmd, option)
            if i >= len(words):
                self.issue(codes.MISSING_FLAG_VALUE, *at, f"flag needs an argument: --{name} ({option.value_type})")
                return i, False, False
            value_word = words[i]
            value = value_word.text
            at = (value_word.start, value_word.end)
            i += 1
        ok = self.check_value(cmd, option, value, value_word, at)
        return i, ok, ok and value in values.TRUE and self.asks_help(cmd, option)

    def short_flags(self, cmd: Command, word: Word, text: str, words: list[Word], i: int) -> tuple[int, bool, bool]:
        shorthands = text[1:]
        index = 2 if word.is_flag_placeholder else 1  # "<-ins>": skip the '<' too
        asked_help = False
        while shorthands:
            char = shorthands[0]
            at = _span(word, index)
            option = self.option(cmd, word, f"-{char}", at)
            if option is None:
                return i, False, False
            value: str | None
            value_word: Word | None = word
            if len(shorthands) > 2 and shorthands[1] == "=":
                value, shorthands = shorthands[2:], ""
            elif not option.takes_value:
                value, shorthands = None, shorthands[1:]
                index += 1
            elif len(shorthands) > 1:
                value, shorthands = shorthands[1:], ""
            elif i < len(words):
                value_word = words[i]
                value, shorthands = value_word.text, ""
                at = (value_word.start, value_word.end)
                i += 1
            else:
                self.issue(codes.MISSING_FLAG_VALUE, *at, f"flag needs an argument: -{char} ({option.display} {option.value_type})")
                return i, False, False
            if value is not None and not self.check_value(cmd, option, value, value_word, at):
                return i, False, False
            if self.asks_help(cmd, option):
                asked_help = asked_help or value is None or value in values.TRUE
        return i, True, asked_help

    # -- cobra ------------------------------------------------------------
    def traverse(self, cmd: Command, rest: list[Word]) -> tuple[Command, list[Word], bool]:
        """cobra's Traverse: descend while the next plain word names a child."""
        while cmd.is_group:
            flags: list[Word] = []
            in_flag = False
            child = None
            for index, word in enumerate(rest):
                text = word.text
                if text.startswith("--") and "=" not in text:
                    option = cmd.long_option(text[2:]) or (_HELP if text == "--help" else None)
                    in_flag = not (option is not None and not option.takes_value)
                    flags.append(word)
                    continue
                if text.startswith("-") and "=" not in text and len(text) == 2:
                    option = cmd.short_option(text[1]) or (_HELP_SHORT if text == "-h" else None)
                    if not (option is not None and not option.takes_value):
                        in_flag = True
                        flags.append(word)
                        continue
                if in_flag:
                    in_flag = False
                    flags.append(word)
                    continue
                if (len(text) >= 3 and text.startswith("--")) or (len(text) >= 2 and text[0] == "-" and text[1] != "-"):
                    flags.append(word)
                    continue
                if word.placeholder is not None or word.dynamic:
                    self.issue(codes.UNVERIFIABLE_COMMAND, word.start, word.end,
                               f"'{word.text}' stands for a command of '{cmd.command}': it cannot be verified")
                    return cmd, rest, False
                child = self.grammar.find_child(cmd, text)
                if child is None:
                    return cmd, rest, True
                _, _, failed = self.parse_flags(cmd, flags, True)
                if failed:
                    return cmd, rest, False
                cmd, rest = child, rest[index + 1 :]
                break
            if child is None:
                break
        return cmd, rest, True

    def run(self) -> Checked:
        root = self.grammar.root
        rest, asked_help, failed = self.parse_flags(root, self.words[1:], interspersed=False)
        if failed or asked_help or not rest:
            self.result.command = root
            return self.result
        if rest[0].text == "help" and root.child("help") is None:
            return self.help_command(root, rest[1:])
        cmd, rest, ok = self.traverse(root, rest)
        if not ok:
            return self.result
        self.result.command = cmd
        if cmd.is_group:
            return self.group(cmd, rest)
        return self.leaf(cmd, rest)

    def help_command(self, root: Command, rest: list[Word]) -> Checked:
        """cobra's own ``docker help [COMMAND...]``: the topic words must name a command."""
        helper = Command(path=("help",), usage="docker help [command]", short="Help about any command")
        self.result.command = helper
        positionals, _, failed = self.parse_flags(helper, rest, True)
        if failed or not positionals:
            return self.result
        node: Command | None = root
        for topic in positionals:  # every word must name a command, one level down each
            if topic.placeholder is not None or topic.dynamic:
                break
            child = self.grammar.find_child(node, topic.text) if node is not None else None
            if child is None:
                names = [r.name for r in node.subcommands] if node is not None else []
                guess = _did_you_mean(topic.text, names)
                hint = f"; did you mean '{guess}'?" if guess else ""
                self.issue(codes.UNKNOWN_COMMAND, topic.start, topic.end, f"unknown help topic: '{topic.text}'{hint}", guess)
                break
            node = child
        return self.result

    def group(self, cmd: Command, rest: list[Word]) -> Checked:
        """A management command (or the root) given a word that is not its child."""
        first = next((w for w in rest if not w.text.startswith("-")), None)
        if first is not None and not cmd.path and (first.text in KNOWN_PLUGINS or first.text in PLUGIN_STUBS):
            plugin = PLUGIN_STUBS.get(first.text, first.text)
            self.issue(codes.PLUGIN_NOT_VERIFIED, first.start, first.end,
                       f"'docker {first.text}' needs the {plugin} CLI plugin, which this docker "
                       f"({self.grammar.describe()}) does not have; the command was not verified")
            return self.result
        saved = list(self.result.issues)
        _, asked_help, failed = self.parse_flags(cmd, rest, True)
        if asked_help and not failed:
            return self.result  # docker prints help
        if first is None or cmd.path in LENIENT_GROUPS:
            return self.result  # "docker container": docker prints the group's help
        self.result.issues = saved  # the unknown command is the mistake worth naming
        self.result.command = None
        names = [r.name for r in cmd.subcommands]
        aliases = [a for child in self.grammar.loaded_children(cmd) for a in self.grammar.names(child)[1:]]
        guess = _did_you_mean(first.text, names) or _did_you_mean(first.text, aliases)
        hint = f"; did you mean '{cmd.command} {guess}'?" if guess else ""
        self.issue(codes.UNKNOWN_COMMAND, first.start, first.end, f"unknown command: '{cmd.command} {first.text}'{hint}", guess)
        return self.result

    def leaf(self, cmd: Command, rest: list[Word]) -> Checked:
        positionals, asked_help, failed = self.parse_flags(cmd, rest, cmd.interspersed)
        if failed or asked_help:
            return self.result
        canonical = cmd.canonical
        intended = positionals
        if canonical in _BARE_FLAG_COMMANDS and len(positionals) >= 2:
            first = positionals[0]
            if (
                first.placeholder is None
                and not first.quoted
                and _BARE_FLAGS.fullmatch(first.text)
                and set(first.text) & {"i", "t"}
                and all((o := cmd.short_option(c)) is not None and not o.takes_value for c in first.text)
            ):
                self.issue(codes.BARE_WORD_FLAGS, first.start, first.end,
                           f"'{first.text}' is passed to '{cmd.command}' as the {cmd.params[0].name if cmd.params else 'first argument'}; "
                           f"did you mean the flags -{first.text}?", f"-{first.text}")
                intended = positionals[1:]
        for word in positionals:
            if word.text.startswith("//") and not word.quoted:
                self.issue(codes.SLASH_COMMENT, word.start, word.end,
                           f"'{word.text}' is not a comment: the shell passes it to docker as an argument; "
                           "write a shell comment with '#'", "# " + word.text[2:].lstrip())
                break
        self.check_count(cmd, positionals)
        for word, param in zip(intended, _assign(cmd.params, len(intended))):
            if word.placeholder is None or param is None:
                continue
            want, got = _param_kind(param), _kind(word.placeholder)
            if want and got and want != got:
                self.issue(codes.PLACEHOLDER_KIND, word.start, word.end,
                           f"'{cmd.command}' expects {param.name} here, but the placeholder {word.text} names {'an' if got[0] in 'aeiou' else 'a'} {got}")
        return self.result

    def check_count(self, cmd: Command, positionals: list[Word]) -> None:
        if self.xargs or any(w.dynamic and not w.quoted for w in positionals):
            return  # the shell decides how many words these become
        count = len(positionals)
        usage = f"Usage: {cmd.usage}"
        if count < cmd.min_args:
            end = (positionals[-1] if positionals else self.words[-1]).end
            self.issue(codes.TOO_FEW_ARGUMENTS, self.words[0].start, end,
                       f"'{cmd.command}' requires {cmd.arity}, got {count} ({usage})")
        elif cmd.max_args is not None and count > cmd.max_args:
            extra = positionals[cmd.max_args]
            self.issue(codes.TOO_MANY_ARGUMENTS, extra.start, positionals[-1].end,
                       f"'{cmd.command}' accepts {cmd.arity}, got {count} ({usage})")


def validate(grammar: Grammar, words: list[Word], xargs: bool = False) -> Checked:
    """Check the words of one docker invocation (``words[0]`` is docker itself)."""
    return _Walk(grammar, words, xargs).run()
