"""Properties of the extractor, the lexer and the validator on arbitrary input.

- No exception escapes ``extract``, ``check_document`` or ``validate``,
  whatever the text or the argument list.
- Every position lies inside the file: 1 <= line <= number of lines and
  1 <= column <= length of that line + 1; an invocation's position points at
  the docker word as it is written there.
- The lean block-only Markdown parse the extractor uses finds exactly the
  fenced blocks and HTML blocks full CommonMark (markdown-it) finds.
- On text made only of plain words, quotes, backslashes and blanks, the
  lexer's word values are exactly ``shlex.split``'s.

Hypothesis runs derandomized (the same examples every run, no database), at
least 10,000 examples in all.
"""

from __future__ import annotations

import os
import re
import shlex

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from dockercheck import check_document, extract
from dockercheck.extract import _block_tokens, split_lines
from dockercheck.session import load_grammar
from dockercheck.shell import Word, lex
from dockercheck.sources import Snapshot
from dockercheck.validate import validate

settings.register_profile(
    "dockercheck-properties",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FULL = {"markdown": 3000, "blocks": 1500, "argv": 3000, "lexer": 3000, "argv_words": 1500}
assert sum(FULL.values()) >= 10_000
# `make unit` (the edit loop) runs a fifth of the examples; `make test` and CI run them all.
SCALE = float(os.environ.get("PROPERTY_SCALE", "1"))
EXAMPLES = {name: max(50, int(count * SCALE)) for name, count in FULL.items()}

GRAMMAR = load_grammar("snapshot")
HELPS = Snapshot.load().helps

# Pieces that make Markdown and shell interesting to the extractor.
MARKDOWN_PIECES = [
    "```",
    "````",
    "~~~",
    "```sh",
    "```console",
    "```bash {.x}",
    "```python",
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "  ",
    "   ",
    "    ",
    "- ",
    "* ",
    "1. ",
    "10) ",
    "> ",
    "$ ",
    "> ",
    "# ",
    "---\n",
    "...\n",
    "docker",
    "docker",
    "docker ",
    " docker",
    "sudo ",
    "FOO=bar ",
    "env A=1 ",
    "xargs ",
    "/usr/bin/docker",
    "run",
    " run",
    " -it",
    " --rm",
    " rnu",
    " ps",
    " exec",
    " container",
    " ls",
    " image",
    " -p 80:80",
    " --memory",
    " -m 1x",
    " --cpus",
    " 1.5",
    " --net",
    " -h",
    " --",
    " ---x",
    " --=x",
    " help",
    " --help",
    "<!-- dockercheck-disable -->",
    "<!-- dockercheck-disable DC001 -->",
    "<!-- dockercheck-enable -->",
    "<!-- dockercheck-disable-next-block DC002 -->",
    "<!--",
    "-->",
    "\\\n",
    "\\",
    "'",
    '"',
    "$(",
    ")",
    "(",
    "`",
    "$",
    "${",
    "}",
    "<image>",
    "<",
    ">",
    "2>&1",
    "{{x}}",
    "{{",
    "#",
    " # note",
    "//",
    "| ",
    "|",
    "&& ",
    "||",
    ";",
    "&",
    "<<EOF\n",
    "<<-EOF\n",
    "EOF\n",
    "\tEOF\n",
    "\x00",
    "\ufeff",
    "\u2028",
    "\x85",
    "é",
    "中文",
    "\U0001f433",
    "\x0b",
    "\x0c",
    "[x]: y\n",
    "<div>\n",
    "</div>\n",
]
free_markdown = st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=4)), max_size=40).map("".join)
# Fenced blocks inside lists and quotes, indented with spaces and tabs: where
# markdown-it turns part of a tab into spaces in the block's content.
CONTAINERS = ["", "- ", "-\t", "1. ", "10) ", "> ", ">\t", "> - ", "- > ", " - ", "\t"]
INDENTS = ["", " ", "  ", "   ", "\t", " \t", "  \t", "\t\t", "\t "]
COMMAND_LINES = [
    "docker rnu x",
    "docker\trnu\tx",
    "$ docker ps -a extra",
    "sudo docker run -it",
    "docker \x00rnu",
    "docker run --memory 1x img",
    "x=$(docker ps -q) # c",
    "docker ps \\",
]
nested_markdown = st.builds(
    lambda container, before, fence, indent, line, rest: (
        f"{container}{before}\n\n{fence}```sh\n{indent}{line}\n{indent}{line}\n{fence}```\n{rest}"
    ),
    st.sampled_from(CONTAINERS),
    st.sampled_from(["a", "", "```"]),
    st.sampled_from(INDENTS),
    st.sampled_from(INDENTS),
    st.sampled_from(COMMAND_LINES),
    free_markdown,
)
markdown = st.one_of(free_markdown, nested_markdown)


def _check_position(lines: list[str], line: int, column: int, what: object) -> None:
    assert 1 <= line <= len(lines), (line, len(lines), what)
    assert 1 <= column <= len(lines[line - 1]) + 1, (line, column, lines[line - 1], what)


@settings(settings.get_profile("dockercheck-properties"), max_examples=EXAMPLES["markdown"])
@given(markdown)
def test_extraction_and_check_positions_lie_inside_the_file(text):
    lines = split_lines(text)
    document = extract(text)
    for inv in document.invocations:
        _check_position(lines, inv.line, inv.column, inv)
        # the position is where the docker word is written (markdown-it reads NUL as U+FFFD)
        written = inv.block.text[inv.words[0].start : inv.words[0].end].split("\n")[0]
        at = lines[inv.line - 1].replace("\x00", "\ufffd")[inv.column - 1 :]
        assert at.startswith(written), (at, written)
    for problems in document.problems.values():
        for line, column, message in problems:
            _check_position(lines, line, column, message)
    for item in document.suppressions:
        _check_position(lines, item.line, item.column, item)
    report = check_document(GRAMMAR, text, "p.md", document)
    for finding in report.findings:
        _check_position(lines, finding.line, finding.column, finding)


FULL_COMMONMARK = MarkdownIt("commonmark")


@settings(settings.get_profile("dockercheck-properties"), max_examples=EXAMPLES["blocks"])
@given(markdown)
def test_the_lean_block_parse_finds_the_blocks_full_commonmark_finds(text):
    """Headings, rules, reference definitions and inline parsing are off, the core rules are skipped."""
    body = "\n".join(split_lines(text))

    def blocks(tokens):
        return [(t.type, t.map, t.info, t.content) for t in tokens if t.type in ("fence", "html_block")]

    assert blocks(_block_tokens(body)) == blocks(FULL_COMMONMARK.parse(body))


# Argument lists: real command and flag names (so the walk goes deep), values
# of every kind, placeholders, and arbitrary text.
NAMES = sorted({word for key in HELPS for word in key.split()})


def _flags() -> list[str]:
    found = set()
    for text in HELPS.values():
        for match in re.finditer(r"^  (?:-(\w), )?\s*--([\w-]+)", text, re.M):
            found.add(f"--{match[2]}")
            if match[1]:
                found.add(f"-{match[1]}")
    return sorted(found)


FLAGS = _flags()
ARG_PIECES = [
    "-",
    "--",
    "---",
    "-=",
    "--=",
    "=",
    "-it",
    "-itd",
    "-p80",
    "1",
    "0x1g",
    "1.5",
    "-1",
    "1e3",
    "512m",
    "10GB",
    "true",
    "false",
    "<container>",
    "<-ins>",
    "{{image}}",
    "$X",
    "$(x)",
    "//",
    "it",
    "help",
    "ubuntu",
    "a=b",
    "nofile=1:2",
    "all",
    "10.0.0.0/8",
    "1h30m",
    "",
]
argument = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(FLAGS),
    st.sampled_from(ARG_PIECES),
    st.builds(lambda f, v: f"{f}={v}", st.sampled_from(FLAGS), st.sampled_from(ARG_PIECES)),
    st.text(max_size=8),
)
argv = st.lists(argument, max_size=12)


@settings(settings.get_profile("dockercheck-properties"), max_examples=EXAMPLES["argv"])
@given(argv)
def test_any_argument_list_checks_without_error_and_positions_lie_on_the_line(args):
    line = shlex.join(["docker", *args])
    text = f"```sh\n{line}\n```\n"
    lines = split_lines(text)
    report = check_document(GRAMMAR, text, "p.md")
    for finding in report.findings:
        _check_position(lines, finding.line, finding.column, finding)


@settings(settings.get_profile("dockercheck-properties"), max_examples=EXAMPLES["argv_words"])
@given(st.lists(st.tuples(argument, st.booleans(), st.booleans()), max_size=12))
def test_validate_takes_any_words(items):
    """Words as the lexer could never make them (spaces, newlines, odd flags): still no exception."""
    words = [Word("docker", 0, 6)]
    offset = 7
    for text, quoted, dynamic in items:
        words.append(
            Word(
                text,
                offset,
                offset + len(text),
                quoted,
                dynamic,
                text[1:-1] if text.startswith("<") and text.endswith(">") else None,
            )
        )
        offset += len(text) + 1
    checked = validate(GRAMMAR, words)
    for issue in checked.issues:
        assert 0 <= issue.start <= issue.end <= offset, issue


# Plain words, quotes, backslashes and blanks: no operators, placeholders, $, `, # or newlines.
SHELL_PIECES = [
    "a",
    "b",
    "x1",
    "-f",
    "--name=web",
    "a.b",
    "/p",
    "k=v",
    ":",
    "@",
    "%",
    "+",
    ",",
    "~",
    "*",
    "?",
    "[x]",
    "{",
    "}",
    "!",
    "^",
    "é",
    "中",
    " ",
    " ",
    "\t",
    "'",
    "'",
    '"',
    '"',
    "\\",
    "\\\\",
    "\\'",
    '\\"',
    "\\ ",
]
plain_shell = st.lists(st.one_of(st.sampled_from(SHELL_PIECES), st.sampled_from("ab'\" \\\t")), max_size=30).map(
    "".join
)


@settings(settings.get_profile("dockercheck-properties"), max_examples=EXAMPLES["lexer"])
@given(plain_shell)
def test_lexer_words_agree_with_shlex(text):
    lexed = lex(text)
    ours = [word.text for command in lexed.commands for word in command.words]
    try:
        expected = shlex.split(text)
    except ValueError:
        if lexed.problems:
            return  # both see an unterminated quote
        assert text.endswith("\\"), text
        expected = shlex.split(text[:-1])  # a backslash at the very end: a line continuation here
    assert ours == expected, text
    assert not lexed.problems, text
    for command in lexed.commands:
        for word in command.words:
            assert 0 <= word.start < word.end <= len(text)
