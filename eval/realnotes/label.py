"""Label every docker line of the corpus with docker's own verdict (labels.tsv).

For each docker line, each docker simple command on it (see
dockerlines.simple_commands: cut at ``|``, ``&&``, ``||``, ``;``,
redirections and a trailing ``#`` comment; ``$(...)`` becomes a word) is
split with shlex (POSIX; "unsplittable" when it cannot be) and its argv is
given to the real docker client through tests/oracle.py (inside
``unshare -n``, no daemon, throw-away config and working directory, two
workers); after ``xargs`` (without ``-I``) one argument ``x`` is added for what
xargs appends. Nothing is given to a shell.

Two verdicts are kept per line:

* ``written_*``: the command as written (empty when it is the same as the
  second verdict);
* ``kind`` / ``predaemon``: the command with its placeholders replaced by
  neutral values: ``<container_id>``, ``{name}``, CJK words such as 容器名,
  ``$VAR``, ``$env:NAME``, ``[imageName]`` and a lone ``...`` become ``x``
  (``1`` in the value of a numeric or port flag, ``127.0.0.1`` in an
  address flag's); all-capital words such as ``IMAGE`` are lower-cased; a
  substitution right after ``docker`` (it gives global options) is dropped.
  A documentation placeholder is a value the reader fills in, so a
  rejection that only the placeholder causes is not a mistake. This second
  verdict is the one the evaluation uses; it equals the first when the line
  has no placeholder, and when the line as written is accepted.

``kind`` is tests/oracle.py's classification of the parser's answer
(accepted, unknown-command, unknown-flag, missing-value, invalid-value,
arg-count, bad-flag-syntax, ...), or ``plugin-missing`` (``docker compose``,
``docker buildx``...: a CLI plugin this docker has not, so an unknown
command here; also a ``docker build`` flag only buildx's builder has),
``docker-compose`` (the separate binary, not asked), ``unsplittable`` or
``not-asked`` (a unix socket given with ``-H`` exists on this machine).
``predaemon`` is what docker said after its parser accepted the line but
before it tried the daemon ("Cannot connect to the Docker daemon"):
``reference`` (invalid reference format...), ``digest``, ``conflict``,
``value`` (another invalid value docker checks before the daemon),
``environment`` (no such local file, no TTY, no such context, no network:
the machine, not the command line) or ``other``; empty when docker went on
to the daemon. Docker's messages are kept with quoted values longer than 40
characters elided and cut at 120 characters; labels.tsv holds keys, kinds and docker's messages, no
text of the corpus beyond what docker quotes.

    .venv/bin/python eval/realnotes/label.py [--refresh]

Needs docker 28.2.2 on PATH and ``unshare -n`` (as tests/oracle.py); takes a
minute on two cores. A line already in labels.tsv whose commands are
unchanged (column ``asked``, a digest of its argvs) is not asked again.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from collections import Counter

from common import (
    LABELS,
    PARSER_REJECTIONS,
    PREDAEMON_REJECTIONS,
    ROOT,
    corpus_lines,
    dockerlines,
    load_manifest,
    read_tsv,
    require_corpus,
    write_tsv,
)

sys.path.insert(0, str(ROOT))
from tests import oracle

HEADER = [
    "key",
    "asked",
    "ncmd",
    "written_kind",
    "written_says",
    "written_predaemon",
    "written_predaemon_says",
    "kind",
    "says",
    "predaemon",
    "predaemon_says",
]
if {k for k, _ in oracle.SYNTAX_ERRORS} != PARSER_REJECTIONS:
    raise RuntimeError("tests/oracle.py's rejection kinds changed: update common.PARSER_REJECTIONS")
#: CLI plugins people write about (none is installed where the labels are made).
PLUGINS = frozenset(
    {
        "ai",
        "app",
        "bake",
        "buildx",
        "cloud",
        "cluster",
        "compose",
        "debug",
        "desktop",
        "dev",
        "extension",
        "feedback",
        "init",
        "mcp",
        "model",
        "offload",
        "sbom",
        "scan",
        "scout",
    }
)
#: Flags of `docker buildx build` (buildx v0.36 docs/reference/buildx_build.md): where buildx is
#: installed, `docker build` runs it and takes them; the legacy builder here does not.
BUILDX_BUILD_FLAGS = frozenset(
    {
        "add-host",
        "allow",
        "annotation",
        "attest",
        "build-arg",
        "build-context",
        "builder",
        "cache-from",
        "cache-to",
        "call",
        "cgroup-parent",
        "check",
        "debug",
        "file",
        "iidfile",
        "label",
        "load",
        "metadata-file",
        "network",
        "no-cache",
        "no-cache-filter",
        "output",
        "platform",
        "policy",
        "progress",
        "provenance",
        "pull",
        "push",
        "quiet",
        "resource",
        "sbom",
        "secret",
        "shm-size",
        "ssh",
        "tag",
        "target",
        "ulimit",
        "D",
        "f",
        "o",
        "q",
        "t",
    }
)
BUILD_COMMANDS = (("build",), ("image", "build"), ("builder", "build"))
#: Global options that take a value (docker 28.2.2 `docker --help`).
GLOBAL_VALUE_FLAGS = frozenset(
    {"-c", "--context", "--config", "-H", "--host", "-l", "--log-level", "--tlscacert", "--tlscert", "--tlskey"}
)
#: Flags whose value docker parses as a number, size, duration or port (placeholders there become "1").
NUMERIC_FLAGS = frozenset(
    {
        "-p",
        "--publish",
        "--expose",
        "-m",
        "--memory",
        "--memory-swap",
        "--memory-reservation",
        "--cpus",
        "-c",
        "--cpu-shares",
        "--shm-size",
        "-t",
        "--time",
        "-n",
        "--tail",
        "--pids-limit",
        "--cpu-period",
        "--cpu-quota",
        "--blkio-weight",
        "--oom-score-adj",
        "--stop-timeout",
        "--replicas",
        "--scale",
    }
)

#: Flags whose value holds an IP address (a placeholder there becomes 127.0.0.1).
IP_FLAGS = frozenset({"--add-host", "--dns", "--ip", "--gateway", "--aux-address"})

_CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_BRACKETED = re.compile(r"\[[A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff-]*\]")  # [imageName] used as a value placeholder
_BRACE = re.compile(r"(?<!\{)\{(?!\{)[^{}\s]*\}(?!\})")  # {name}, {} (not Go's {{...}})
_VARIABLE = re.compile(r"\$\{[^}]*\}|\$env:[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%")
_CAPS = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9_]+(?![a-z0-9])")


def normalise(argv: list[str]) -> list[str]:
    """argv with documentation placeholders replaced by neutral values."""
    out = [argv[0]]
    while len(argv) > 1 and argv[1] == dockerlines.SUBSTITUTION:
        argv = argv[:1] + argv[2:]  # docker $(docker-machine config host1) ...: the substitution gives global options
    for i, word in enumerate(argv[1:], 1):
        prev = argv[i - 1]
        if word in ("...", "…", "......"):
            out.append("x")  # an ellipsis that stands for the rest of the command
            continue
        numeric = prev in NUMERIC_FLAGS or any(word.startswith(f + "=") for f in NUMERIC_FLAGS if f.startswith("--"))
        address = prev in IP_FLAGS or any(word.startswith(f + "=") for f in IP_FLAGS)
        fill = "127.0.0.1" if address else "1" if numeric else "x"
        new = dockerlines.PLACEHOLDER.sub(fill, word)
        new = _VARIABLE.sub(fill, new)
        new = _BRACE.sub(fill, new)
        new = _BRACKETED.sub(fill, new)
        new = _CJK.sub(fill, new)
        if not word.startswith("-") or "=" in word:
            head, sep, value = new.partition("=") if word.startswith("-") else ("", "", new)
            value = _CAPS.sub(lambda m, fill=fill, numeric=numeric: fill if numeric else m.group().lower(), value)
            new = head + sep + value
        out.append(new)
    return out


def command_words(argv: list[str]) -> list[str]:
    """The words after docker's global options."""
    i = 1
    while i < len(argv):
        word = argv[i]
        if word in GLOBAL_VALUE_FLAGS:
            i += 2
        elif word.startswith("-"):
            i += 1
        else:
            return argv[i:]
    return []


def needs_plugin(argv: list[str], message: str) -> bool:
    """A rejection only because this docker lacks a CLI plugin: a plugin's command, or a
    `docker build` flag that only buildx's builder has."""
    words = command_words(argv)
    if words and words[0] in PLUGINS:
        return True
    flag = re.match(r"unknown flag: --(\S+)|unknown shorthand flag: '(.)'", message)
    return bool(
        flag
        and any(tuple(words[: len(c)]) == c for c in BUILD_COMMANDS)
        and (flag.group(1) or flag.group(2)) in BUILDX_BUILD_FLAGS
    )


def socket_given(argv: list[str]) -> bool:
    """True when the command names a unix socket that exists here (-H unix:///var/run/docker.sock)."""
    for word in argv:
        for path in re.findall(r"unix://(/[^\s,]+)", word):
            if os.path.exists(path):
                return True
    return False


_QUOTED = re.compile(r'"([^"]{41,})"|\'([^\']{41,})\'')


def elide(message: str) -> str:
    message = _QUOTED.sub(lambda m: '"…"', message)
    return message if len(message) <= 120 else message[:119] + "…"


#: Ordered rules: the first pattern that matches docker's message gives the kind.
PREDAEMON_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        # pflag's message with a space in the flag text, which tests/oracle.py's
        # anchored pattern does not take for a parser error
        ("unknown-flag", r"^unknown (?:shorthand )?flag: "),
        ("reference", r"invalid reference format|Error parsing reference|is not a valid repository/tag"),
        ("digest", r"invalid checksum digest|invalid digest"),
        ("conflict", r"conflicting options"),
        (
            "environment",
            r"no such file or directory|not a TTY|non TTY|context .*not found|does not exist|"
            r"permission denied|is a directory|unable to prepare context|error during connect|dial |"
            r"lookup |Could not resolve|ssh|unknown server OS|No such manifest|no signatures|"
            r"cannot access|invalid output path|level=|https?://|credentials|the input device|"
            r"Cannot perform an interactive login|error reading|passphrase|failed to (?:read|stat|open|load|connect)",
        ),
        (
            "value",
            r"invalid|must|cannot|can not|unknown|not supported|no such|bad |expected|requires|needs|"
            r"missing|too many|not allowed|out of range|unsupported|is required|template|no matching",
        ),
    )
)


#: Lines docker prints around a pre-daemon error that are not the error.
_NOISE = ("WARNING", "Flag --", "Using default tag", "Generating key for", "Run 'docker", "See 'docker")


def predaemon(verdict: oracle.Verdict, output: str) -> tuple[str, str]:
    """(kind, message) of a rejection docker made after parsing, before the daemon."""
    if verdict.rejected and verdict.kind not in oracle.PREDAEMON_KINDS:
        return "", ""
    if verdict.kind == "timeout":
        return "timeout", ""
    lines = [
        line.strip()
        for line in output.splitlines()
        if line.strip() and line.strip() not in oracle.LEGACY_BUILDER_BANNER
    ]
    if any("Cannot connect to the Docker daemon" in line for line in lines) or verdict.returncode == 0:
        return "", ""
    if not lines:
        return "other", f"(exit {verdict.returncode}, no output)"
    message = next((line for line in lines if line not in ("[]", "{}") and not line.startswith(_NOISE)), lines[-1])
    text = message.removeprefix("docker: ").removeprefix("Error: ").removeprefix("ERROR: ")
    kind = next((k for k, pattern in PREDAEMON_RULES if pattern.search(text)), "other")
    return kind, elide(message)


def argvs_of(line: dockerlines.DockerLine) -> list[list[str] | str]:
    """Per docker command of the line: its argv, or a kind that says why docker is not asked."""
    out: list[list[str] | str] = []
    for command in line.commands:
        words = dockerlines.split_words(command, line.windows)
        if words is None:
            out.append("unsplittable")
            continue
        part = dockerlines.docker_part(words)
        if part is None:
            out.append("unsplittable")  # docker only after the fallback whitespace split
        elif part[0] == "docker-compose":
            out.append("docker-compose")
        elif "xargs" in words[: len(words) - len(part)] and not any(
            w in ("-I", "-i") or w.startswith("-I") for w in words[: len(words) - len(part)]
        ):
            out.append(["docker", *part[1:], "x"])  # xargs appends the arguments it reads
        elif socket_given(part) or any("\0" in w for w in part):
            out.append("not-asked")
        else:
            out.append(["docker", *part[1:]])
    return out


def asked_digest(written: list, normal: list) -> str:
    """What was asked for a line (its argvs), so that a cached label is redone when that changes."""
    text = repr((written, normal)).encode("utf-8", "surrogatepass")
    return hashlib.sha1(text).hexdigest()[:12]


def is_rejection(kind: str, predaemon_kind: str) -> bool:
    return kind in PARSER_REJECTIONS or predaemon_kind in PREDAEMON_REJECTIONS


def verdict_fields(results: list[tuple[oracle.Verdict, str] | str]) -> tuple[str, str, str, str]:
    """(kind, says, predaemon, predaemon_says) of a line from its commands' results."""
    first: tuple[str, str, str, str] | None = None
    for result in results:
        if isinstance(result, str):
            fields = (result, "", "", "")
        else:
            verdict, output = result
            if verdict.rejected and verdict.kind not in oracle.PREDAEMON_KINDS:  # the parser's
                kind = verdict.kind
                argv = list(verdict.argv)
                if needs_plugin(argv, verdict.message):
                    kind = "plugin-missing"
                fields = (kind, elide(verdict.message), "", "")
            else:
                pk, pm = predaemon(verdict, output)
                parsed = "timeout" if verdict.kind == "timeout" else "accepted"
                fields = ("unknown-flag", pm, "", "") if pk == "unknown-flag" else (parsed, "", pk, pm)
        if first is None:
            first = fields
        if is_rejection(fields[0], fields[2]):
            return fields
    return first or ("unsplittable", "", "", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--refresh", action="store_true", help="ask docker again about every line")
    parser.add_argument("--any-docker", action="store_true", help="accept a docker other than 28.2.2")
    args = parser.parse_args(argv)
    reason = oracle.unavailable_reason()
    if reason:
        sys.exit(f"the docker oracle cannot run here: {reason}")
    if oracle.docker_version() != oracle.RECORDED_DOCKER_VERSION and not args.any_docker:
        sys.exit(f"docker {oracle.docker_version()} is not {oracle.RECORDED_DOCKER_VERSION} (use --any-docker)")
    repos = load_manifest()
    require_corpus(repos)
    lines = corpus_lines(repos)
    old = {} if args.refresh else {row["key"]: row for row in read_tsv(LABELS)}
    plans = {}
    asks: dict[tuple[str, ...], None] = {}
    todo = []
    for line in lines:
        written = argvs_of(line)
        normal = [a if isinstance(a, str) else normalise(a) for a in written]
        plans[line.key] = (written, normal, asked_digest(written, normal))
        if line.key in old and old[line.key].get("asked") == plans[line.key][2]:
            continue
        todo.append(line)
        for a in written + normal:
            if not isinstance(a, str):
                asks[tuple(a)] = None
    print(f"{len(lines)} docker lines, {len(todo)} to label: asking docker about {len(asks)} command lines", flush=True)
    answers = dict(zip(asks, oracle.docker_verdicts_full([list(a) for a in asks], workers=2), strict=True))
    rows = []
    redo = {line.key for line in todo}
    for line in lines:
        if line.key not in redo:
            rows.append(old[line.key])
            continue
        written, normal, asked = plans[line.key]
        w = verdict_fields([a if isinstance(a, str) else answers[tuple(a)] for a in written])
        n = verdict_fields([a if isinstance(a, str) else answers[tuple(a)] for a in normal])
        if not is_rejection(w[0], w[2]):
            n = w  # replacing placeholders must not make a rejection (a Go template's $var)
        if w == n:
            w = ("", "", "", "")  # the placeholders changed nothing: the written_* columns stay empty
        rows.append(dict(zip(HEADER, (line.key, asked, str(len(line.commands)), *w, *n), strict=True)))
    write_tsv(LABELS, HEADER, rows)
    kinds = Counter(row["kind"] for row in rows)
    pre = Counter(row["predaemon"] for row in rows if row["predaemon"])
    print(f"wrote {len(rows)} labels to {LABELS}")
    print("  parser: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("  pre-daemon: " + ", ".join(f"{k} {n}" for k, n in pre.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
