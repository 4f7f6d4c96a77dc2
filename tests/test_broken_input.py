"""Broken and huge pages: a correct result or an error naming the file and line, in linear time.

- Each broken page goes through the ``dockercheck`` command and through
  ``mkdocs build`` of a temp copy of the site; findings must name the right
  file, line and column, and nothing may end in a traceback.
- Front-matter errors are the notes hook's: the build stops naming the file.
- Time: doubling (or quadrupling) the input must not more than roughly
  double (quadruple) the checker's time; ratios only, no absolute timings.
- Every regular expression in src/dockercheck is run, the way the code runs
  it, on long runs of the characters that make regexes backtrack.
"""

from __future__ import annotations

import ast
import functools
import gc
import importlib
import re
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import load_hook_module
from dockercheck import check_document
from dockercheck.check import check_rendered_blocks
from dockercheck.rendered import RenderedPage
from dockercheck.session import load_grammar
from fakedocker import make_site, run_build, run_cli

ROOT = Path(__file__).resolve().parents[1]
GRAMMAR = load_grammar("snapshot")
RNU = "DC001 error: unknown command: 'docker rnu'; did you mean 'docker run'?"

# --------------------------------------------------------------------------
# Broken pages: name -> (bytes of the page, findings as "line:col: CODE")
# --------------------------------------------------------------------------

LONG_LINE = "docker run " + "-e A=1 " * 14_284 + "--bogus img"  # 100,000 characters and more
assert len(LONG_LINE) > 100_000
BIG_PARAGRAPH = "容器 docker ps 是进程。Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20 + "\n\n"
FIVE_MB = ("# Big\n\n" + BIG_PARAGRAPH * 3_000 + "```sh\ndocker rnu img\n```\n").encode()
assert len(FIVE_MB) > 5_000_000
NEWLINE = b"\n"
MANY_BLOCKS = "".join(f"```sh\ndocker {'rnu' if i % 1000 == 999 else 'run'} -it img{i}\n```\n\n" for i in range(10_000))

PAGES: dict[str, tuple[bytes, list[str]]] = {
    "front-matter-not-yaml": (b"---\ntitle: [oops\n---\n\n```sh\ndocker rnu img\n```\n", ["6:8: " + RNU]),
    "front-matter-list": (b"---\n- a\n- b\n---\n\n```sh\ndocker rnu img\n```\n", ["7:8: " + RNU]),
    "front-matter-birth-text": (b"---\nbirth: yesterday\n---\n```sh\ndocker rnu img\n```\n", ["5:8: " + RNU]),
    "not-utf-8": (
        b"# \xff\xfe\n\n```sh\ndocker rnu \xe9t\xe9 img\ndocker ps \xff\n```\n",
        ["4:8: " + RNU, "5:11: DC006 error: 'docker ps' accepts no arguments, got 1"],
    ),
    "crlf": (b"# t\r\n\r\n```sh\r\ndocker rnu img\r\ndocker ps\r\n```\r\n", ["4:8: " + RNU]),
    "cr-only": (b"# t\r\r```sh\rdocker rnu img\r```\r", ["4:8: " + RNU]),
    "tabs": (
        b"- item\n\n\t```sh\n\tdocker\trnu\timg\n\t```\n\n```sh\n\tdocker rnu\n```\n",
        ["4:9: " + RNU, "8:9: " + RNU],
    ),
    "tab-in-list-fence": (b"- a\n\n  ```sh\n\tdocker rnu x\n  ```\n", ["4:9: " + RNU]),
    "unclosed-fence": (b"# t\n\n```sh\ndocker ps\ndocker rnu img\n", ["5:8: " + RNU]),
    "nul-byte": (
        b"# t\x00\n\n```sh\ndocker ps \x00\ndocker rnu img\x00\n```\n",
        ["4:11: DC006 error: 'docker ps' accepts no arguments, got 1", "5:8: " + RNU],
    ),
    "bom": (b"\xef\xbb\xbf---\ntitle: t\n---\n```sh\ndocker rnu img\n```\n", ["5:8: " + RNU]),
    "continuation-at-block-end": (b"```sh\ndocker ps \\\n```\n", []),
    # one warning per level read, then where reading stops (it used to be a RecursionError)
    "deep-substitution": (
        b"```sh\ndocker run " + b"$(" * 5_000 + b" img\n```\n",
        [f"2:{13 + 2 * level}: DC106 warning: shell syntax: unterminated command substitution" for level in range(21)]
        + ["2:54: DC106 warning: shell syntax: command substitutions nested more than 20 deep"],
    ),
    "five-mb": (FIVE_MB, [f"{FIVE_MB.count(NEWLINE) - 1}:8: " + RNU]),
    "100k-character-line": (
        f"# t\n\n```sh\n{LONG_LINE}\n```\n".encode(),
        [f"4:{len(LONG_LINE) - 10}: DC002 error: unknown flag --bogus for 'docker run'"],
    ),
    "10000-blocks": (MANY_BLOCKS.encode(), [f"{i * 4 + 2}:8: " + RNU for i in range(999, 10_000, 1000)]),
}


def _expected(name: str) -> list[str]:
    return [f"{name}.md:{finding}" for finding in PAGES[name][1]]


def _findings(stdout: str) -> list[str]:
    """'file:line:col: CODE severity: message' lines, messages cut after the first '; did' or ' ('."""
    return [line for line in stdout.splitlines() if re.match(r"^\S+\.md:\d+:\d+: DC\d{3} ", line)]


def _matches(found: list[str], expected: list[str]) -> bool:
    return len(found) == len(expected) and all(f.startswith(e) for f, e in zip(found, expected, strict=True))


@pytest.mark.slow
def test_broken_pages_through_the_cli(tmp_path):
    for name, (data, _) in PAGES.items():
        (tmp_path / f"{name}.md").write_bytes(data)
    run = run_cli(["--source", "snapshot", "."], path="/nonexistent", cache=tmp_path / "cache", cwd=tmp_path)
    assert "Traceback" not in run.output, run.output
    assert run.returncode == 1
    found = defaultdict(list)
    for line in _findings(run.stdout):
        found[line.split(".md:", 1)[0]].append(line)
    for name in PAGES:
        assert _matches(found[name], _expected(name)), (name, found[name], _expected(name))


@pytest.mark.parametrize("name", list(PAGES))
def test_broken_pages_in_the_library(name):
    data, expected = PAGES[name]
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    report = check_document(GRAMMAR, text, f"{name}.md")
    found = [f"{f.file}:{f.line}:{f.column}: {f.code} {f.severity}: {f.message}" for f in report.findings]
    assert _matches(found, _expected(name)), (found, expected)


# Pages the build must refuse, and what it must say (the page's name and line).
REFUSED = {
    "front-matter-not-yaml": "ERROR   -  Doc file 'front-matter-not-yaml.md:3': front-matter is not valid YAML",
    "front-matter-list": "ERROR   -  Doc file 'front-matter-list.md:2': front-matter must be a mapping",
    "front-matter-birth-text": "ERROR   -  Doc file 'front-matter-birth-text.md:2': 'birth' must be a date",
    "not-utf-8": "ERROR   -  Doc file 'not-utf-8.md:1': not UTF-8: byte 0xff at column 3",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(REFUSED))
def test_the_build_refuses_a_broken_page_naming_it(tmp_path, name):
    site = make_site(tmp_path / "site", {f"{name}.md": PAGES[name][0]})
    run = run_build(site, path="/nonexistent", cache=tmp_path / "cache", strict=False, DOCKERCHECK_SOURCE="snapshot")
    assert "Traceback" not in run.output, run.output
    assert run.returncode == 1, run.output
    assert REFUSED[name] in run.output, run.output


# Pages the build test leaves to the library and CLI tests: their cost in a build is Python-Markdown
# rendering 5 MB of prose and Pygments highlighting 10,000 blocks, not the hooks (whose time on big
# pages the linear-time tests below bound).
HEAVY = ("five-mb", "10000-blocks")


@pytest.mark.slow
def test_the_build_checks_the_other_broken_pages_naming_file_line_and_column(tmp_path):
    pages = {f"{name}.md": data for name, (data, _) in PAGES.items() if name not in REFUSED and name not in HEAVY}
    site = make_site(tmp_path / "site", pages)
    run = run_build(
        site, path="/nonexistent", cache=tmp_path / "cache", strict=False, DOCKERCHECK_SOURCE="snapshot", timeout=900
    )
    assert "Traceback" not in run.output, run.output
    assert run.returncode == 0, run.output
    warned = [
        line.split("hooks/check_commands: docs/", 1)[1]
        for line in run.output.splitlines()
        if "hooks/check_commands: docs/" in line
    ]
    for name in pages:
        name = name.removesuffix(".md")
        mine = [line for line in warned if line.startswith(f"{name}.md:") and " DC" in line]
        assert _matches(mine, _expected(name)), (name, mine)
        assert (site / "site" / name / "index.html").is_file()


# --------------------------------------------------------------------------
# Linear time
# --------------------------------------------------------------------------


def _best_time(function: Callable[[], object], repeat: int = 2) -> float:
    """The best of two runs (one is enough from 0.05 s), with the cyclic GC paused as the build does.

    CPU time of this process, not wall time: other processes on a loaded
    machine (a parallel test worker, a build) do not count against it.
    """
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.process_time()
            function()
            best = min(best, time.process_time() - start)
            if best > 0.05:
                break
    finally:
        if enabled:
            gc.enable()
    return best


def _superlinear(time_at: Callable[[int], float], size: int, max_size: int, floor: float = 0.005) -> str | None:
    """None when the time grows about linearly with the size, else what was measured.

    The size is grown until the time is measurable; then 4x the size must
    take less than 8x the time (quadratic: 16x). A single jump (caches,
    memory) is not a trend: when 4x fails, 16x is measured and must also
    fail, unless 4x already took long.
    """
    t1 = time_at(size)
    while t1 < floor and size < max_size:
        size *= 2
        t1 = time_at(size)
    t4 = time_at(size * 4)
    if t4 < floor or t4 / max(t1, 1e-9) < 8:
        return None
    measured = f"{t1:.4f} s at size {size}, {t4:.4f} s at 4x"
    if t4 > 2:
        return measured
    t16 = time_at(size * 16)
    return None if t16 / t4 < 8 else f"{measured}, {t16:.4f} s at 16x"


def _check(text: str) -> None:
    check_document(GRAMMAR, text, "p.md")


def _in_block(line: str) -> str:
    return f"```sh\n{line}\n```\n"


# name -> page of size n (n is about the number of repeated units)
GROWING: dict[str, Callable[[int], str]] = {
    "blocks": lambda n: "".join(f"```sh\ndocker run -it img{i}\ndocker rnu x\n```\n\n" for i in range(n)),
    "lines in one block": lambda n: _in_block("docker ps -a\n" * n),
    "prompts and output": lambda n: "```console\n" + "$ docker ps\nCONTAINER ID   IMAGE\n" * n + "```\n",
    "here-documents": lambda n: _in_block("docker run -i img <<EOF\nhello\nEOF\n" * n),
    "one long command": lambda n: _in_block("docker run " + "-e A=b " * (n * 5) + "img"),
    "next-block suppressions": lambda n: "".join(
        f"<!-- dockercheck-disable-next-block DC002 -->\n```sh\ndocker run --bogus img{i}\n```\n\n" for i in range(n)
    ),
    "region suppressions": lambda n: "".join(
        f"<!-- dockercheck-disable DC002 -->\n\n```sh\ndocker run --bogus img{i}\n```\n\n"
        "<!-- dockercheck-enable -->\n\n"
        for i in range(n)
    ),
    "unused suppressions": lambda n: "<!-- dockercheck-disable-next-block -->\n\n" * n + _in_block("docker ps"),
    "nested substitutions": lambda n: _in_block("docker run " + "$(" * (n * 5) + " img"),
    "nested quoted substitutions": lambda n: _in_block('docker run "' + '$("' * (n * 5) + " img"),
    "substitutions in a row": lambda n: _in_block("docker run $(x) img\n" * n),
    "backquotes": lambda n: _in_block("docker run " + "`x` " * (n * 5) + "img"),
    "typos": lambda n: "".join(_in_block(f"docker rnu{i % 50} x") for i in range(n)),
    "unclosed fences": lambda n: "```sh\ndocker ps\n" * n,
    "comment lines above one command": lambda n: _in_block("# a comment line\n" * (n * 4) + "docker ps"),
    "unclosed region suppressions": lambda n: "".join(
        f"<!-- dockercheck-disable DC002 -->\n\n```sh\ndocker rnu img{i}\n```\n\n" for i in range(n)
    ),
    "nested admonitions": lambda n: (
        "".join(f"{'    ' * (i % 30)}!!! note\n" for i in range(n)) + _in_block("docker ps")
    ),
    "unclosed md_in_html": lambda n: "<div markdown>\n\n" * n + _in_block("docker rnu"),
    "nested md_in_html": lambda n: "<div markdown>\n" * n + _in_block("docker rnu") + "</div>\n" * n,
    "content tabs": lambda n: "".join(f'=== "Tab {i}"\n\n    ```sh\n    docker rnu {i}\n    ```\n\n' for i in range(n)),
    "tables and emphasis": lambda n: "| a | *b* | `c` |\n|---|---|---|\n" + "| x | **y** [z] | `docker ps` |\n" * n,
    # the documentation reading: synopses, output, prose, other shells, unchecked lines
    "synopses": lambda n: _in_block("docker ps [OPTIONS]\ndocker build [OPTIONS] PATH | URL | -\n" * n),
    "commands on one line": lambda n: _in_block("docker ps [-a]; " * (n * 2)),
    "backquoted commands on one line": lambda n: _in_block("Use `docker ps` and " * (n * 2) + "more."),
    "unprompted output": lambda n: "```\n$ docker ps\n" + "docker stop/waiting\ndocker ps -a\n" * n + "```\n",
    "powershell": lambda n: "```powershell\n" + 'docker run -v "C:\\a:C:\\b" `\n  --name x img\n' * n + "```\n",
    "cmd": lambda n: "```cmd\n" + "docker run -v %cd%:/app ^\n  --rm img\n" * n + "```\n",
    "yaml script lines": lambda n: "```yaml\nscript:\n" + "  - docker rm -rf x\n  - echo docker\n" * n + "```\n",
    "unchecked blocks": lambda n: "".join(f"```text\ndocker ps {i}\n# docker x\n```\n\n" for i in range(n)),
    "option fragments": lambda n: _in_block("docker run --read-only\n" * n),
}
# Long runs of the characters that make regexes and scanners backtrack, in a
# command and as flag values of each type docker checks.
RUNS = [
    "<",
    ">",
    "-",
    "--",
    "$(",
    ")",
    "'",
    '"',
    "\\",
    "{{",
    "}}",
    "`",
    "${",
    "=",
    ",",
    ":",
    ".",
    "1",
    "1_",
    "0x",
    "a",
    " ",
    "\t",
    "#",
    "//",
    "<a",
    "a.",
    "a-",
    "a/",
    "[",
    "]",
]
FLAG_VALUES = [
    "--memory",
    "--cpus",
    "--restart",
    "--add-host",
    "--dns-search",
    "--ulimit",
    "--stop-timeout",
    "--gpus",
    "--mount",
    "--label",
    "--sysctl",
    "--device-read-bps",
    "--health-interval",
    "--blkio-weight",
    "-t",
]
for _run_text in RUNS:
    GROWING[f"run of {_run_text!r}"] = lambda n, r=_run_text: _in_block(f"docker run -e {r * (n * 20 // len(r))}x img")
    GROWING[f"value run of {_run_text!r}"] = lambda n, r=_run_text: _in_block(
        "\n".join(
            f"docker {'build' if flag == '-t' else 'run'} {flag} {r * (n * 4 // len(r))}! img" for flag in FLAG_VALUES
        )
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", list(GROWING))
def test_checker_time_grows_linearly(name):
    """4x the input: about 4x the time, allowing for noise; quadratic would be 16x."""
    make = GROWING[name]
    _check(make(10))  # warm the grammar's caches

    def time_at(n: int) -> float:
        text = make(n)
        return _best_time(lambda: _check(text))

    # whole pages from 50 ms (a quadratic with a small factor shows only there), runs from 20 ms
    floor = 0.02 if "run of" in name else 0.05
    assert _superlinear(time_at, 250, 64_000, floor) is None, name


def _rendered(n: int) -> tuple[str, str]:
    """A page of n blocks, and HTML of n other blocks: nothing matches, everything is looked at."""
    page = "".join(f"```sh\ndocker run img{i}\n```\n\n" for i in range(n))
    html = "".join(f'<div class="highlight"><pre><code>docker rnu x{i}\n</code></pre></div>\n' for i in range(n))
    return page, html


@pytest.mark.slow
@pytest.mark.parametrize("part", ["mark lines", "check unread blocks"])
def test_rendered_page_time_grows_linearly(part):
    """The cheat sheet's line marks and the check of blocks only the renderer saw (4,000 blocks took 31 s)."""

    def run(page: str, html: str) -> None:
        report = check_document(GRAMMAR, page, "p.md")
        rendered = RenderedPage(html)
        matched = rendered.match(report.docker_blocks)
        if part == "mark lines":
            rendered.mark([c.invocation for c in report.invocations], matched)
        else:
            assert len(check_rendered_blocks(GRAMMAR, "p.md", page, rendered.unread())) == len(rendered.blocks)

    def time_at(n: int) -> float:
        page, html = _rendered(n)
        return _best_time(lambda: run(page, html))

    assert _superlinear(time_at, 250, 64_000, 0.05) is None


# --------------------------------------------------------------------------
# Every regex in src/dockercheck, run as the code runs it
# --------------------------------------------------------------------------

_SEARCHING = {"search", "finditer", "findall", "sub", "subn", "split"}
_METHODS = _SEARCHING | {"match", "fullmatch"}


def _flags(node: ast.Call) -> int:
    flags = 0
    for arg in [*node.args[1:], *[k.value for k in node.keywords if k.arg == "flags"]]:
        if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == "re":
            value = getattr(re, arg.attr, None)
            if isinstance(value, re.RegexFlag):
                flags |= value
    return flags


def _is_re(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "re":
        return func.attr
    return None


def _modules() -> list[tuple[Path, object]]:
    """The package's modules, and the site hooks' (whose regexes read page content too)."""
    out: list[tuple[Path, object]] = []
    for path in sorted((ROOT / "src" / "dockercheck").glob("*.py")):
        if path.stem != "__main__":
            out.append((path, importlib.import_module(f"dockercheck.{path.stem}")))
    for path in sorted((ROOT / "hooks").glob("*.py")):
        if "re.compile" in path.read_text(encoding="utf-8") or "import re" in path.read_text(encoding="utf-8"):
            out.append((path, load_hook_module(path.stem)))
    return out


def regexes_and_uses() -> dict[str, tuple[re.Pattern, set[str]]]:
    """Every regex of the package and the hooks: module.name (or module:line) -> (pattern, how it is called)."""
    found: dict[str, tuple[re.Pattern, set[str]]] = {}
    for path, module in _modules():
        globals_ = {k: v for k, v in vars(module).items() if isinstance(v, re.Pattern)}
        uses: dict[str, set[str]] = defaultdict(set)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            method, target = node.func.attr, node.func.value
            if method not in _METHODS:
                continue
            if isinstance(target, ast.Name) and target.id in globals_:
                uses[target.id].add(method)
            elif isinstance(target, ast.Call) and _is_re(target.func) == "compile":  # re.compile("...").match(...)
                pattern = re.compile(ast.literal_eval(target.args[0]), _flags(target))
                found[f"{path.stem}:{node.lineno}"] = (pattern, {method})
            elif _is_re(node.func) and node.args and isinstance(node.args[0], ast.Constant):  # re.search("...", s)
                pattern = re.compile(node.args[0].value, _flags(node) if method != "sub" else 0)
                found[f"{path.stem}:{node.lineno}"] = (pattern, {method})
        for name, pattern in globals_.items():
            # passed around (values._regex): assume anchored use
            found[f"{path.stem}.{name}"] = (pattern, uses.get(name) or {"match", "fullmatch"})
    return found


REGEXES = regexes_and_uses()
UNITS = [
    "<",
    "-",
    "--",
    "$(",
    "'",
    '"',
    "\\",
    "{{",
    "}}",
    " ",
    "  ",
    "\t",
    "1",
    "1_",
    "0x",
    "0x1",
    "a",
    "a-",
    "a.",
    "a_",
    "a__",
    "aa/",
    "a.a/",
    "=",
    ".",
    "1.",
    "e1",
    "1s",
    ",",
    ":",
    "[",
    "(default ",
    "Flag --a ",
    "  --a",
    "<!-- dockercheck-disable ",
    " AB123",
    "\\\n",
    "<a",
    "a>",
    "{",
    "_",
    "@",
    "/",
    "<span>",
    "</span>",
]
TAILS = ["", "x", "!", "\n", ">", "-->", ")", "}", "]", " "]
PREFIXES = ["", "  --a  ", "<!-- dockercheck-disable", "Flag --x ", "Usage:  ", "a:"]


def _runner(pattern: re.Pattern, method: str) -> Callable[[str], object]:
    if method in _SEARCHING:
        return lambda s: all(True for _ in pattern.finditer(s))  # every match, none kept
    return getattr(pattern, method)


def test_every_regex_is_found():
    names = set(REGEXES)
    assert {"shell.PLACEHOLDER", "helptext._OPTION", "values._GO_FLOAT", "extract._SUPPRESSION"} <= names
    assert any(name.startswith("sources:") for name in names)  # the inline one in classify_probe
    assert len(REGEXES) >= 40


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REGEXES))
def test_regex_time_grows_linearly(name):
    pattern, methods = REGEXES[name]
    timed: list[tuple[float, str, tuple[str, str, str], Callable[[str], object]]] = []
    for method in sorted(methods):
        run = _runner(pattern, method)
        for unit in UNITS:
            for tail in TAILS:
                for prefix in PREFIXES:
                    start = time.perf_counter()
                    run(prefix + unit * (3000 // len(unit)) + tail)
                    timed.append((time.perf_counter() - start, method, (prefix, unit, tail), run))
    # The inputs that take measurable time, by how their time grows with 4x the size.
    timed.sort(key=lambda item: -item[0])
    candidates = [item for item in timed if item[0] > 0.0003] or timed[:3]
    growth = []
    for small, method, (prefix, unit, tail), run in candidates:
        start = time.perf_counter()
        run(prefix + unit * (12000 // len(unit)) + tail)
        growth.append(((time.perf_counter() - start) / max(small, 1e-9), method, (prefix, unit, tail), run))
    growth.sort(key=lambda item: -item[0])
    for _, method, (prefix, unit, tail), run in growth[:3]:

        def time_at(size: int, prefix=prefix, unit=unit, tail=tail, run=run) -> float:
            text = prefix + unit * (size // len(unit)) + tail
            return _best_time(lambda: run(text))

        found = _superlinear(time_at, 3000, 200_000)
        assert found is None, f"{name} {method}({prefix!r} + {unit!r} * n + {tail!r}): {found}"


# --------------------------------------------------------------------------
# The site's other hooks read the same hostile pages
# --------------------------------------------------------------------------

_IMG = '<p><img src="../img/a.png" alt="a"></p>\n'
SITE_HOOKS: dict[str, Callable[[int], Callable[[], object]]] = {
    "console fences": lambda n: functools.partial(
        load_hook_module("codelib").console_fences, "```\n# c\n$ docker ps\n```\n\n" * n
    ),
    "copy text": lambda n: functools.partial(
        load_hook_module("codelib").add_copy_text,
        '<div class="language-console highlight"><pre><span></span><code><span class="gp">$ </span>docker ps\n'
        "</code></pre></div>\n" * n,
    ),
    "inline code kept whole": lambda n: functools.partial(
        load_hook_module("codelib").keep_words_whole, "<p><code>docker --help</code> x</p>\n" * n
    ),
    "empty sections": lambda n: functools.partial(
        load_hook_module("toclib").empty_sections, '<h2 id="s{0}">S</h2>\n'.join("" for _ in range(n + 1))
    ),
    "sections out of search": lambda n: functools.partial(
        load_hook_module("toclib").exclude_from_search,
        "".join(f'<h2 id="s{i}">S</h2>\n' for i in range(n)),
        [f"s{i}" for i in range(0, n, 2)],
    ),
    "diagram links": lambda n: functools.partial(
        load_hook_module("diagramlib").wrap_diagrams, _IMG * n, page_url="docker/", site_files={"img/a.png"}
    ),
    "search index": lambda n: functools.partial(
        load_hook_module("searchlib").rebalance,
        {
            "config": {},
            # one page with n sections, and n pages with one each (MkDocs: one entry per page)
            "docs": [{"location": "big/", "title": "t", "text": "x"}]
            + [{"location": f"big/#s{i}", "title": "s", "text": "y"} for i in range(n)]
            + [{"location": f"p{i}/", "title": "t", "text": "x"} for i in range(n)]
            + [{"location": f"p{i}/#s", "title": "s", "text": "y"} for i in range(n)],
        },
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SITE_HOOKS))
def test_site_hooks_time_grows_linearly(name):
    make = SITE_HOOKS[name]

    def time_at(n: int) -> float:
        return _best_time(make(n))

    assert _superlinear(time_at, 250, 256_000, 0.05) is None, name
