"""Ask the real docker client's command-line parser for a verdict, safely.

The docker CLI installed on the machine is used as an oracle for *syntax*: it
parses its command line (cobra + pflag, plus docker's own argument-count
validators) before it contacts any daemon.  A command line docker's parser
refuses produces one of a small set of messages ("unknown flag: --foo",
"'docker ps' accepts no arguments", ...); a command line it accepts gets
further and fails later ("Cannot connect to the Docker daemon", "invalid
reference format", "open a: no such file or directory", a prompt that reads
EOF, "the input device is not a TTY", help text, ...).  Those later failures
are *not* syntax errors and are reported as ``accepted``.

Safety.  The command is never given to a shell: docker is executed from an
argv list, inside a new, empty network namespace (``unshare -n``; this needs
root or user namespaces), so that a command's own ``-H tcp://...`` or a
registry login cannot reach the network.  It runs with

* ``DOCKER_HOST=unix:///nonexistent.sock`` (no daemon),
* ``DOCKER_CONFIG`` and ``HOME`` pointing to fresh temporary directories
  (so ``docker context create``, ``docker logout`` ... only touch those),
* a fresh, empty temporary directory as the working directory,
* a minimal environment (PATH, HOME, DOCKER_HOST, DOCKER_CONFIG; nothing
  else inherited), stdin from /dev/null, and a 10 s timeout.

A network namespace does not hide unix sockets: ``-H unix:///var/run/docker.sock``
would reach a daemon running on the machine, so corpus lines use ``-H unix://``
only with read-only commands (``ps``, ``images``).

Where the line is drawn: the parser layer counts as a rejection (pflag's
flag errors, docker's argument-count validators, unknown commands and help
topics), and so do the checks docker makes after parsing, before any daemon
contact, that dockercheck checks too, each as a kind of its own
(PREDAEMON_ERRORS: an image reference's format or case, "invalid reference
format", its digest, "invalid checksum digest length", and the IPAM flags of
``docker network create``, "no matching subnet for aux-address").  Other checks
docker makes after parsing ("Unable to parse logging level: foo",
"conflicting options: ...", "you must provide one or more flags") are
``accepted``: dockercheck does not check them.

Documentation placeholders (``<image>``, ``<your-docker-id>/app``) are given
to docker as ``x`` (:func:`docker_argv`): the reader fills them in, and
dockercheck checks them as such values, so only docker's parser sees them as
written.

Every temporary directory is removed afterwards.  CLI plugins installed
system-wide (e.g. /usr/libexec/docker/cli-plugins/docker-compose) would still
be found by docker; on the reference machine there are none, which is why
``docker compose`` is an unknown command in the recorded verdicts.

Usage as a program (from the repository root)::

    python -m tests.oracle docker run -it --rm ubuntu bash   # one verdict
    python -m tests.oracle --record     # rewrite tests/differential/expected.tsv
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_SECONDS = 10.0
#: Number of (non-blank) output lines kept in ``Verdict.output``.
OUTPUT_LINES = 5
#: The docker version whose verdicts are recorded in expected.tsv.
RECORDED_DOCKER_VERSION = "28.2.2"
#: A fixed PATH for the child; docker itself is run by absolute path.
CHILD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "differential" / "corpus.txt"
EXPECTED = HERE / "differential" / "expected.tsv"


@dataclass(frozen=True)
class Verdict:
    """What docker's parser made of one argv."""

    argv: tuple[str, ...]
    #: True when docker's parser refused the command line (a syntax error).
    rejected: bool
    #: "accepted", "timeout" or one of the rejection kinds in SYNTAX_ERRORS.
    kind: str
    #: The first OUTPUT_LINES non-blank lines of stdout+stderr (interleaved),
    #: without the legacy-builder banner (see LEGACY_BUILDER_BANNER).
    output: str
    #: docker's exit status (None after a timeout).
    returncode: int | None = None
    #: The output line that decided a rejection ("" when accepted).
    message: str = ""

    @property
    def first_line(self) -> str:
        return self.output.split("\n", 1)[0] if self.output else ""


# --------------------------------------------------------------------------
# Classification.  Each pattern is matched against each output line (after
# stripping trailing whitespace), anchored at the start of the line; the
# first line matching any pattern decides.  Sources of the messages, docker
# CLI v28.2.2:
#   pflag v1.0.6 flag.go: "unknown flag: --%s", "unknown shorthand flag: %q
#     in -%s", "flag needs an argument: %s" / "%q in -%s", "bad flag syntax:
#     %s", "invalid argument %q for %q flag: %v"
#   cli/required.go: "docker: '%s' accepts no arguments", "requires at least
#     %d argument(s)", "requires at most", "requires at least %d and at most
#     %d", "requires %d argument(s)"; NoArgs on a command group says
#     "docker: unknown command: docker <group> <arg>"
#   cmd/docker/docker.go: "docker: unknown command: docker %s",
#     "unknown help topic: %v"
#   cobra v1.9.1 args.go (only `docker context use` uses cobra's own
#     validators): "accepts %d arg(s), received %d" and friends, "unknown
#     command %q for %q"; command.go / flag_groups.go: required flags and
#     flag groups (unused by docker 28.2.2, kept for completeness).
# --------------------------------------------------------------------------

_Q = r"'(?:[^'\\]|\\.)+'"  # a Go %q-quoted rune, e.g. 'x' or '\x00'

SYNTAX_ERRORS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("unknown-command", r"^docker: unknown command: docker \S.*$"),
        ("unknown-command", r"^unknown help topic: "),
        ("unknown-command", r'^unknown command ".*" for ".*"'),
        ("unknown-flag", r"^unknown flag: --\S*$"),
        ("unknown-flag", rf"^unknown shorthand flag: {_Q} in -\S*$"),
        ("bad-flag-syntax", r"^bad flag syntax: "),
        ("missing-value", rf"^flag needs an argument: (?:--\S+|{_Q} in -\S*)$"),
        ("invalid-value", r'^invalid argument ".*" for "(?:-\S, )?--[^"]+" flag: '),
        ("arg-count", r"^docker: '[^']+' accepts no arguments$"),
        (
            "arg-count",
            r"^docker: '[^']+' requires (?:at least \d+ and at most \d+|at least \d+"
            r"|at most \d+|\d+) arguments?$",
        ),
        (
            "arg-count",
            r"^(?:accepts \d+ arg\(s\), received \d+"
            r"|accepts at most \d+ arg\(s\), received \d+"
            r"|requires at least \d+ arg\(s\), only received \d+"
            r"|accepts between \d+ and \d+ arg\(s\), received \d+)$",
        ),
        ("flag-constraint", r'^required flag\(s\) ".*" not set$'),
        ("flag-constraint", r"^if any flags in the group \[.*\] are set"),
        ("flag-constraint", r"^at least one of the flags in the group \[.*\] is required$"),
    )
)

#: What docker rejects after parsing and before the daemon, that dockercheck checks too
#: (searched anywhere in a line: each command prefixes it its own way, "docker: ",
#: "Error parsing reference: ...", "annotate: error parsing name for manifest ...").
#: Sources, distribution/reference v0.6.0 and opencontainers/go-digest v1.0.0, used by
#: docker/cli 28.2.2's run, create, pull, push, tag, commit, trust, plugin and manifest;
#: docker/cli's createIPAMConfig for network create.
PREDAEMON_ERRORS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("invalid-digest", r"invalid checksum digest (?:length|format)|unsupported digest algorithm"),
        (
            "invalid-reference",
            r"invalid reference format|cannot specify 64-byte hexadecimal strings"
            r"|repository name must (?:not be more than \d+ characters|be lowercase|have at least one component)",
        ),
        # docker network create's IPAM flags (cli/command/network/create.go, createIPAMConfig)
        (
            "invalid-ipam",
            r"^(?:no matching subnet for (?:range|gateway|aux-address) "
            r"|multiple overlapping subnet configuration is not supported"
            r"|cannot configure multiple (?:ranges|gateways) "
            r"|every ip-range or gateway must have a corresponding subnet"
            r"|invalid subnet: |invalid CIDR address: )",
        ),
    )
)

#: Every kind a Verdict can have.
KINDS = ("accepted", "timeout") + tuple(dict.fromkeys(k for k, _ in SYNTAX_ERRORS + PREDAEMON_ERRORS))
#: The kinds of PREDAEMON_ERRORS.
PREDAEMON_KINDS = frozenset(k for k, _ in PREDAEMON_ERRORS)


def classify(output: str) -> tuple[bool, str, str]:
    """Return (rejected, kind, deciding line) for docker's combined output.

    A parser error anywhere decides first (docker stops at it); else the
    first line that holds one of PREDAEMON_ERRORS.
    """
    lines = [line.rstrip() for line in output.splitlines()]
    for line in lines:
        for kind, pattern in SYNTAX_ERRORS:
            if pattern.match(line):
                return True, kind, line
    for line in lines:
        if line.startswith(" "):
            continue  # help text, indented
        for kind, pattern in PREDAEMON_ERRORS:
            if pattern.search(line):
                return True, kind, line
    return False, "accepted", ""


#: The banner every legacy-builder command (`docker build`, `docker image
#: build`, `docker builder ...`) prints first when buildx is not installed; it
#: is dropped from Verdict.output because it hides the interesting line.
LEGACY_BUILDER_BANNER = frozenset(
    {
        "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.",
        "Install the buildx component to build images with BuildKit:",
        "https://docs.docker.com/go/buildx/",
    }
)


def _first_lines(output: str, n: int = OUTPUT_LINES) -> str:
    """The first n non-blank lines, legacy-builder banner left out."""
    lines = [
        line.rstrip() for line in output.splitlines() if line.strip() and line.strip() not in LEGACY_BUILDER_BANNER
    ]
    return "\n".join(lines[:n])


# --------------------------------------------------------------------------
# Running docker.
# --------------------------------------------------------------------------


def _docker_path() -> str | None:
    return shutil.which("docker")


def _run_isolated(argv: Sequence[str], timeout: float) -> tuple[int | None, str]:
    """Run ``unshare -n <docker> argv[1:]`` in a throw-away environment."""
    docker = _docker_path()
    unshare = shutil.which("unshare")
    if docker is None or unshare is None:
        raise RuntimeError("docker or unshare is not on PATH")
    with tempfile.TemporaryDirectory(prefix="dockercheck-oracle-") as tmp:
        home, config, cwd = (Path(tmp) / d for d in ("home", "config", "cwd"))
        for d in (home, config, cwd):
            d.mkdir()
        env = {
            "PATH": CHILD_PATH,
            "HOME": str(home),
            "DOCKER_HOST": "unix:///nonexistent.sock",
            "DOCKER_CONFIG": str(config),
        }
        try:
            proc = subprocess.run(
                [unshare, "-n", docker, *argv[1:]],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                cwd=cwd,
                env=env,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            return None, _normalise(exc.output or b"", tmp)
        return proc.returncode, _normalise(proc.stdout, tmp)


def _normalise(raw: bytes, tmp: str) -> str:
    """Decode docker's output and make it reproducible: the per-call
    temporary directory becomes <tmp>, logrus timestamps become <time>."""
    text = raw.decode("utf-8", "replace").replace(tmp, "<tmp>")
    return re.sub(r'\btime="[^"]*"', 'time="<time>"', text)


def _validate(argv: Sequence[str]) -> tuple[str, ...]:
    if isinstance(argv, (str, bytes)):
        raise TypeError("argv must be a list of strings, not a string")
    argv = tuple(argv)
    if not argv or argv[0] != "docker":
        raise ValueError(f"refusing to run {list(argv)!r}: argv[0] must be 'docker'")
    if not all(isinstance(a, str) for a in argv):
        raise TypeError("every argv item must be a str")
    if any("\0" in a for a in argv):
        raise ValueError("argv items must not contain NUL")
    return argv


def docker_verdict(argv: Sequence[str], timeout: float = TIMEOUT_SECONDS) -> Verdict:
    """Run ``argv`` (which must start with "docker") through the real docker
    client in isolation and classify what its parser said."""
    argv = _validate(argv)
    code, output = _run_isolated(argv, timeout)
    if code is None:
        return Verdict(argv, False, "timeout", _first_lines(output), None, "")
    rejected, kind, line = classify(output)
    return Verdict(argv, rejected, kind, _first_lines(output), code, line)


def docker_help(path: Sequence[str] = ()) -> str:
    """The full help text of ``docker <path...> --help`` (isolated like a
    verdict; wrapped at 80 columns because there is no terminal)."""
    argv = _validate(["docker", *path, "--help"])
    code, output = _run_isolated(argv, TIMEOUT_SECONDS)
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} failed (exit {code}): {output[:200]}")
    return output


def docker_verdicts(
    argvs: Iterable[Sequence[str]], workers: int = 2, timeout: float = TIMEOUT_SECONDS
) -> list[Verdict]:
    """docker_verdict for many argvs, in parallel threads; results keep the
    input order.  Every argv is validated before anything runs."""
    argvs = [_validate(a) for a in argvs]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda a: docker_verdict(a, timeout), argvs))


def docker_verdict_full(argv: Sequence[str], timeout: float = TIMEOUT_SECONDS) -> tuple[Verdict, str]:
    """docker_verdict, plus docker's whole (normalised) output: what docker
    says after its parser accepted the command line (``invalid reference
    format``, ...) may come after more lines than ``Verdict.output`` keeps."""
    argv = _validate(argv)
    code, output = _run_isolated(argv, timeout)
    if code is None:
        return Verdict(argv, False, "timeout", _first_lines(output), None, ""), output
    rejected, kind, line = classify(output)
    return Verdict(argv, rejected, kind, _first_lines(output), code, line), output


def docker_verdicts_full(
    argvs: Iterable[Sequence[str]], workers: int = 2, timeout: float = TIMEOUT_SECONDS
) -> list[tuple[Verdict, str]]:
    """docker_verdict_full for many argvs, in parallel threads, in input order."""
    argvs = [_validate(a) for a in argvs]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda a: docker_verdict_full(a, timeout), argvs))


@functools.cache
def docker_version() -> str | None:
    """The client version ("28.2.2"), or None when docker does not answer."""
    docker = _docker_path()
    if docker is None:
        return None
    try:
        proc = subprocess.run(
            [docker, "--version"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env={"PATH": CHILD_PATH, "DOCKER_HOST": "unix:///nonexistent.sock"},
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.match(r"Docker version (\S+?),", proc.stdout.decode("utf-8", "replace"))
    return match.group(1) if proc.returncode == 0 and match else None


@functools.cache
def unavailable_reason() -> str | None:
    """Why the oracle cannot run here, or None when it can."""
    if _docker_path() is None:
        return "docker is not on PATH"
    unshare = shutil.which("unshare")
    if unshare is None:
        return "unshare (util-linux) is not on PATH"
    try:
        proc = subprocess.run(
            [unshare, "-n", "true"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"`unshare -n true` failed: {exc}"
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        return f"`unshare -n true` failed (exit {proc.returncode}): {err}"
    if docker_version() is None:
        return "`docker --version` did not answer"
    return None


def available() -> bool:
    """True when docker is on PATH, `unshare -n true` works and
    `docker --version` answers."""
    return unavailable_reason() is None


def ci() -> bool:
    """Running under CI (the CI environment variable set, and not to 0, false or no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_oracle() -> None:
    """For tests: return when the oracle can run; otherwise fail when the CI
    environment variable is set (CI must have docker and unshare) and skip
    with the reason elsewhere."""
    import pytest

    reason = unavailable_reason()
    if reason is None:
        return
    if ci():
        pytest.fail(f"docker oracle unavailable under CI: {reason}", pytrace=False)
    pytest.skip(f"docker oracle unavailable: {reason}")


# --------------------------------------------------------------------------
# Corpus and recorded verdicts.
# --------------------------------------------------------------------------

#: Columns of expected.tsv.  docker_says is the line that decided a rejection,
#: or the first line of docker's output for an accepted command line.
EXPECTED_HEADER = ("line", "rejected", "kind", "docker_says")


def load_corpus(path: Path = CORPUS) -> list[str]:
    """Corpus lines, without blank lines and `#` comment lines."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def argv_of(line: str) -> list[str]:
    return shlex.split(line)


#: A documentation placeholder inside a word, as dockercheck reads one (not <-it>, which stands for flags).
_PLACEHOLDER = re.compile(r"<(?=[^\s<>(&=-])[^<>\n]{0,60}?[^\s<>]>")


def docker_argv(line: str) -> list[str]:
    """The argv docker is given for a corpus line: shell words, each placeholder filled in with ``x``."""
    return argv_of(_PLACEHOLDER.sub("x", line))


def _tsv_field(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())


def says(v: Verdict) -> str:
    """The one line that best tells what docker said (expected.tsv column)."""
    return v.message if v.rejected else v.first_line


def load_expected(path: Path = EXPECTED) -> dict[str, tuple[bool, str, str]]:
    """line -> (rejected, kind, docker_says) from expected.tsv."""
    rows = path.read_text(encoding="utf-8").splitlines()
    if not rows or tuple(rows[0].split("\t")) != EXPECTED_HEADER:
        raise ValueError(f"{path}: bad header")
    expected = {}
    for row in rows[1:]:
        line, rejected, kind, first = row.split("\t")
        expected[line] = (rejected == "1", kind, first)
    return expected


def record(corpus: Path = CORPUS, expected: Path = EXPECTED) -> list[Verdict]:
    """Ask docker about every corpus line and write expected.tsv."""
    reason = unavailable_reason()
    if reason:
        raise RuntimeError(f"oracle unavailable: {reason}")
    lines = load_corpus(corpus)
    verdicts = docker_verdicts([docker_argv(line) for line in lines])
    out = ["\t".join(EXPECTED_HEADER)]
    for line, v in zip(lines, verdicts, strict=True):
        out.append("\t".join((_tsv_field(line), str(int(v.rejected)), v.kind, _tsv_field(says(v)))))
    expected.write_text("\n".join(out) + "\n", encoding="utf-8")
    return verdicts


def _main(args: list[str]) -> int:
    if args == ["--record"]:
        if docker_version() != RECORDED_DOCKER_VERSION:
            print(f"warning: docker {docker_version()} is not {RECORDED_DOCKER_VERSION}", file=sys.stderr)
        verdicts = record()
        counts = Counter(v.kind for v in verdicts)
        print(f"recorded {len(verdicts)} verdicts in {EXPECTED}")
        for kind, n in counts.most_common():
            print(f"  {kind:16} {n}")
        return 0
    if args and args[0] == "docker":
        v = docker_verdict(args)
        state = "REJECTED" if v.rejected else "accepted"
        print(f"{state} [{v.kind}] exit={v.returncode}\n{v.output}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
