"""pflag's parsing of a command line, in one place: what a flag is, what value it takes, where flags stop.

Modelled on spf13/pflag's ``FlagSet.parseArgs``, ``parseLongArg`` and
``parseSingleShortArg`` (the flag library of docker and its plugins):

* a word that is ``-`` alone, or does not start with ``-``, is an argument;
  with :attr:`Parsing.STOPS` it ends flag parsing (the rest are arguments
  too), with :attr:`Parsing.NONE` every word is an argument;
* ``--`` ends flag parsing; the words after it are arguments;
* ``--name=value``, ``--name value`` (unless the flag is a bool), ``--name``;
  ``---x`` and ``--=x`` are bad syntax;
* ``-abc`` is a group of shorthands: each bool shorthand stands alone, the
  first that takes a value takes the rest of the word (``-p8080``), or
  ``=value`` (``-d=false``), or the next word.

:func:`scan` yields what it finds, in order, and stops at the first problem,
as pflag does; the caller looks each flag up (``lookup``), so that what a
command's flags are (its help, docker's hidden flags, a plugin's) is its
business, and checks values as they come, so the first error is docker's
first error. The validator, cobra's traversal of management commands and the
grammar's prefetch all read command lines through this one function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .model import Option, Parsing
from .shell import Word

Span = tuple[int, int]


@dataclass(slots=True)
class Positional:
    word: Word
    index: int  # in the words given to scan


@dataclass(slots=True)
class Flag:
    word: Word  # the word that holds the flag
    name: str  # "--memory" or "-m", as looked up
    option: Option
    span: Span  # where the flag's name is written
    value: str | None = None  # None: a bool flag without "=value"
    value_word: Word | None = None  # the word holding the value: the flag's own (-m1, --m=1) or the next one
    value_span: Span | None = None


@dataclass(slots=True)
class Stop:
    """Flag parsing ended early: ``--``, or a problem (pflag returns an error there)."""

    kind: str  # "dash-dash", "unknown", "missing-value", "bad-syntax", "unverified"
    word: Word
    name: str = ""  # the flag, for the problems
    span: Span = (0, 0)
    index: int = 0  # of the word, in the words given to scan


class Unverified:
    """What a lookup answers for a flag it knows nothing about and must not call unknown."""


UNVERIFIED = Unverified()
Lookup = Callable[[str, Word, Span], "Option | Unverified | None"]


def span(word: Word, index: int, length: int = 1) -> Span:
    """Offsets of characters ``index:index+length`` of a word, when they map 1:1 to the text."""
    if word.end - word.start == len(word.text) and not word.quoted:
        return word.start + index, word.start + index + length
    return word.start, word.end


def scan(
    words: Sequence[Word], lookup: Lookup, parsing: Parsing = Parsing.INTERSPERSED
) -> Iterator[Positional | Flag | Stop]:
    """The arguments and flags of ``words``, in order; a :class:`Stop` is the last item when there is one."""
    i, n = 0, len(words)
    while i < n:
        word = words[i]
        i += 1
        text = word.placeholder if word.is_flag_placeholder and word.placeholder else word.text
        if parsing is Parsing.NONE or len(text) < 2 or text[0] != "-":
            yield Positional(word, i - 1)
            if parsing is Parsing.STOPS:
                yield from (Positional(w, j) for j, w in enumerate(words[i:], i))
                return
            continue
        if text == "--":
            yield Stop("dash-dash", word, "--", (word.start, word.end), i - 1)
            yield from (Positional(w, j) for j, w in enumerate(words[i:], i))
            return
        if text[1] == "-":
            item, i = _long(word, text, words, i, lookup)
            yield item
            if isinstance(item, Stop):
                return
            continue
        shorthands = text[1:]
        at = 2 if word.is_flag_placeholder else 1  # "<-it>": skip the '<' too
        while shorthands:
            item, shorthands, i = _short(word, shorthands, at, words, i, lookup)
            yield item
            if isinstance(item, Stop):
                return
            at += 1


def _long(word: Word, text: str, words: Sequence[Word], i: int, lookup: Lookup) -> tuple[Flag | Stop, int]:
    body = text[2:]
    if not body or body[0] in "-=":
        return Stop("bad-syntax", word, text, (word.start, word.end), i - 1), i
    name, eq, value = body.partition("=")
    at = span(word, 0, 2 + len(name))
    option = lookup(f"--{name}", word, at)
    if option is None or isinstance(option, Unverified):
        kind = "unknown" if option is None else "unverified"
        return Stop(kind, word, f"--{name}", at, i - 1), i
    if eq:
        return Flag(word, f"--{name}", option, at, value, word, (word.start, word.end)), i
    if not option.takes_value:
        return Flag(word, f"--{name}", option, at), i
    if i >= len(words):
        return Stop("missing-value", word, f"--{name}", (word.start, word.end), i - 1), i
    value_word = words[i]
    return Flag(word, f"--{name}", option, at, value_word.text, value_word, (value_word.start, value_word.end)), i + 1


def _short(
    word: Word, shorthands: str, at: int, words: Sequence[Word], i: int, lookup: Lookup
) -> tuple[Flag | Stop, str, int]:
    """One shorthand of a group: (what it is, the shorthands left, the next word's index)."""
    char = shorthands[0]
    where = span(word, at)
    option = lookup(f"-{char}", word, where)
    if option is None or isinstance(option, Unverified):
        kind = "unknown" if option is None else "unverified"
        return Stop(kind, word, f"-{char}", where, i - 1), "", i
    flag = Flag(word, f"-{char}", option, where)
    if len(shorthands) > 2 and shorthands[1] == "=":
        flag.value, flag.value_word, flag.value_span = shorthands[2:], word, where
        return flag, "", i
    if not option.takes_value:
        return flag, shorthands[1:], i
    if len(shorthands) > 1:
        flag.value, flag.value_word, flag.value_span = shorthands[1:], word, where
        return flag, "", i
    if i < len(words):
        value_word = words[i]
        flag.value, flag.value_word, flag.value_span = value_word.text, value_word, (value_word.start, value_word.end)
        return flag, "", i + 1
    return Stop("missing-value", word, f"-{char}", where, i - 1), "", i
