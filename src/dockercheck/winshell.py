"""Split Windows shell text (PowerShell, cmd.exe) into simple commands and words, keeping positions.

The same records as :mod:`dockercheck.shell` (:class:`~dockercheck.shell.Lexed`),
with each shell's own rules, so that a ```powershell or ```cmd block is read
the way the reader's shell reads it:

* **PowerShell**: the backtick escapes the next character and, at the end of
  a line, continues it; ``'...'`` is literal (``''`` is a quote), ``"..."``
  expands ``$x`` and ``$(...)`` and may span lines; ``$name``, ``$env:NAME``,
  ``${...}`` and ``$(...)`` are variables (the commands inside ``$(...)``,
  ``(...)`` and ``{...}`` are read too); ``;``, ``|``, ``&&``, ``||`` and
  newlines end a command; ``#`` starts a comment; ``& cmd`` calls a command;
  ``--%`` stops parsing; a backslash is an ordinary character.
* **cmd**: ``^`` escapes the next character and, at the end of a line,
  continues it; ``"..."`` quotes (a backslash is ordinary); ``%NAME%`` and
  ``!NAME!`` are variables; ``&``, ``&&``, ``||``, ``|`` and newlines end a
  command; ``REM`` and ``::`` lines are comments; single quotes are ordinary
  characters.

Redirections (``>``, ``2>&1``, ``>nul``) and their targets are dropped.
Nothing is expanded or executed: this module only reads text.
"""

from __future__ import annotations

import re

from .shell import PLACEHOLDER, BaseLexer, Comment, Lexed, SimpleCommand, Word

POWERSHELL = "powershell"
CMD = "cmd"

_PS_VARIABLE = re.compile(r"\$(?:\{[^}\n]*\}|[A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z_][A-Za-z0-9_]*)?|[$?^_])")
_CMD_VARIABLE = re.compile(r"%(?:~[a-zA-Z]*)?[0-9*]|%[^%\s\"]+%|![^!\s\"]+!")
_REDIRECT = re.compile(r"(?:[0-9*])?(?:>>|>)(?:&[0-9]?)?|<")
_BLANK = " \t\r\f\v"


class _Lexer(BaseLexer):
    NESTED = "subexpressions nested more than {} deep"
    UNCLOSED = "unterminated subexpression"

    def __init__(self, text: str, dialect: str, base: int, out: Lexed, substitution: bool, depth: int) -> None:
        super().__init__(text, base, out, substitution, depth)
        self.dialect = dialect
        self.escape = "`" if dialect == POWERSHELL else "^"

    def nested(self, text: str, base: int) -> _Lexer:
        return _Lexer(text, self.dialect, base, self.out, True, self.depth + 1)

    def finish(self, comment: Comment | None = None) -> None:
        if self.words:
            words = self.words[1:] if self.words[0].text == "&" and not self.words[0].quoted else self.words
            if words:
                self.out.commands.append(SimpleCommand(words, self.substitution, comment))
        self.words = []
        self.skip_next_word = False

    def at_command_start(self) -> bool:
        return not self.words

    def run(self) -> None:
        s, n = self.s, self.n
        while self.i < n:
            c = s[self.i]
            if c == "\n":
                self.i += 1
                self.finish()
            elif c in _BLANK:
                self.i += 1
            elif c == self.escape and self._continues(self.i):
                self.i = s.find("\n", self.i) + 1  # a line continuation
            elif self.dialect == POWERSHELL and c == "#":
                self.comment(self.i)
            elif self.dialect == CMD and self.at_command_start() and self._cmd_comment():
                pass
            elif c in ";|" or (c == "&" and (self.dialect == CMD or s.startswith("&&", self.i))):
                self.i += 2 if s[self.i : self.i + 2] in ("&&", "||") else 1
                self.finish()
            elif c in "(){}" and (c in "()" or self.dialect == POWERSHELL):
                self.group(c)
            elif c == "<" and PLACEHOLDER.match(s, self.i):
                self.word()
            elif c in "<>" or (c in "0123456789*" and _REDIRECT.match(s, self.i) and s[self.i + 1 : self.i + 2] == ">"):
                self.redirect()
            else:
                self.word()
        self.finish()

    def _continues(self, i: int) -> bool:
        """An escape character with only blanks after it on its line: the line goes on."""
        end = self.s.find("\n", i)
        return end >= 0 and not self.s[i + 1 : end].strip(_BLANK)

    def comment(self, start: int) -> None:
        end = self.s.find("\n", start)
        end = self.n if end < 0 else end
        text = self.s[start + 1 : end]
        if self.dialect == CMD:
            text = re.sub(r"^(?:rem\b|:)", "", self.s[start:end], flags=re.I)
        comment = Comment(text, self.base + start, self.base + end)
        self.out.comments.append(comment)
        self.finish(comment)
        self.i = end

    def _cmd_comment(self) -> bool:
        s, i = self.s, self.i
        at = i + 1 if s.startswith("@", i) else i
        if s.startswith("::", at) or re.match(r"rem(?:[\s:]|$)", s[at : at + 4], re.I):
            self.comment(at - 1 if at > i else i)
            return True
        return False

    def group(self, c: str) -> None:
        """``(...)`` as an argument is one word whose value is unknown (its commands are read too);
        otherwise a parenthesis or a brace ends the command before it and starts the ones inside."""
        if c == "(" and self.words:
            start = self.i
            end = self.matching(start)
            inner_end = end - 1 if self.s[end - 1 : end] == ")" else end
            self.inner(self.s[start + 1 : inner_end], start + 1)
            self.i = end
            self.words.append(Word(self.s[start:end], self.base + start, self.base + end, False, True))
            return
        self.i += 1
        self.finish()

    def redirect(self) -> None:
        match = _REDIRECT.match(self.s, self.i)
        op = match.group(0) if match else self.s[self.i]
        self.i += len(op)
        if not re.search(r"&[0-9]$", op):
            self.skip_next_word = True  # 2>&1 duplicates a handle; anything else has a target

    def word(self) -> None:
        s, n = self.s, self.n
        start = self.i
        parts: list[str] = []
        quoted = dynamic = False
        placeholder: str | None = None
        while self.i < n:
            c = s[self.i]
            if c in _BLANK or c == "\n":
                break
            if c == self.escape:
                if self._continues(self.i):
                    break
                if self.i + 1 < n:
                    parts.append(_ps_escape(s[self.i + 1]) if self.dialect == POWERSHELL else s[self.i + 1])
                self.i += 2
                continue
            if c in ";|" or (c == "&" and (self.dialect == CMD or s.startswith("&&", self.i))):
                break
            if c in "()" or (self.dialect == POWERSHELL and c in "{}" and not parts):
                break
            if c == "<":
                ph = PLACEHOLDER.match(s, self.i)
                if not ph:
                    break
                parts.append(ph.group(0))
                placeholder = placeholder or ph.group(0)[1:-1]
                self.i = ph.end()
                continue
            if c == ">":
                break
            if c == '"':
                quoted = True
                text, dyn = self.double_quoted()
                parts.append(text)
                dynamic |= dyn
                continue
            if c == "'" and self.dialect == POWERSHELL:
                quoted = True
                parts.append(self.single_quoted())
                continue
            if self.dialect == POWERSHELL and c == "$":
                parts.append(self.dollar())
                dynamic = True
                continue
            if self.dialect == POWERSHELL and s.startswith("--%", self.i) and not parts:
                self.stop_parsing()
                return
            if self.dialect == CMD and c in "%!":
                match = _CMD_VARIABLE.match(s, self.i)
                if match:
                    parts.append(match.group(0))
                    dynamic = True
                    self.i = match.end()
                    continue
            parts.append(c)
            self.i += 1
        if self.i == start and not self.skip_next_word:
            self.i += 1  # a character that cannot start a word here: step over it
            return
        self.end_word(start, "".join(parts), quoted, dynamic, placeholder)

    def double_quoted(self) -> tuple[str, bool]:
        s, n = self.s, self.n
        open_at = self.i
        self.i += 1
        parts: list[str] = []
        dynamic = False
        while self.i < n:
            c = s[self.i]
            if c == '"':
                if s.startswith('""', self.i):
                    parts.append('"')
                    self.i += 2
                    continue
                self.i += 1
                return "".join(parts), dynamic
            if self.dialect == POWERSHELL and c == "`" and self.i + 1 < n:
                parts.append(_ps_escape(s[self.i + 1]))
                self.i += 2
            elif self.dialect == POWERSHELL and c == "$":
                parts.append(self.dollar())
                dynamic = True
            elif self.dialect == CMD and c in "%!" and _CMD_VARIABLE.match(s, self.i):
                match = _CMD_VARIABLE.match(s, self.i)
                assert match is not None
                parts.append(match.group(0))
                dynamic = True
                self.i = match.end()
            elif self.dialect == CMD and c == "\n":
                break  # cmd's quotes end with the line
            else:
                parts.append(c)
                self.i += 1
        self.out.problems.append((self.base + open_at, "unterminated double quote"))
        return "".join(parts), dynamic

    def single_quoted(self) -> str:
        s, n = self.s, self.n
        open_at = self.i
        self.i += 1
        parts: list[str] = []
        while self.i < n:
            if s[self.i] == "'":
                if s.startswith("''", self.i):
                    parts.append("'")
                    self.i += 2
                    continue
                self.i += 1
                return "".join(parts)
            parts.append(s[self.i])
            self.i += 1
        self.out.problems.append((self.base + open_at, "unterminated single quote"))
        return "".join(parts)

    def dollar(self) -> str:
        """``$name``, ``$env:NAME``, ``${...}`` or ``$(...)`` (whose commands are read too)."""
        s, start = self.s, self.i
        if s.startswith("$(", start):
            end = self.matching(start + 1)
            inner_end = end - 1 if s[end - 1 : end] == ")" else end
            self.inner(s[start + 2 : inner_end], start + 2)
            self.i = end
            return s[start:end]
        match = _PS_VARIABLE.match(s, start)
        self.i = match.end() if match else start + 1
        return s[start : self.i]

    def skip_quoted(self, i: int) -> int:
        c = self.s[i]
        if c in "'\"":
            end = self.s.find(c, i + 1)
            return self.n - 1 if end < 0 else end
        return i

    def stop_parsing(self) -> None:
        """``--%``: the rest of the line is passed as it is, split at blanks."""
        self.i += 3
        end = self.s.find("\n", self.i)
        end = self.n if end < 0 else end
        for match in re.finditer(r"\S+", self.s[self.i : end]):
            self.words.append(
                Word(match.group(0), self.base + self.i + match.start(), self.base + self.i + match.end())
            )
        self.i = end


def _ps_escape(char: str) -> str:
    return {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}.get(char, char)


def lex(text: str, dialect: str, base: int = 0) -> Lexed:
    """All simple commands of Windows shell text, in order of their first word."""
    if dialect not in (POWERSHELL, CMD):
        raise ValueError(f"unknown Windows shell {dialect!r}")
    out = Lexed()
    _Lexer(text, dialect, base, out, False, 0).run()
    out.commands.sort(key=lambda c: c.words[0].start)
    return out
