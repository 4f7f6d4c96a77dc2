"""Differential test: dockercheck against the real docker client's parser.

Every line of tests/differential/corpus.txt is given, live and in parallel,
to docker (through tests/oracle.py: no daemon, no network, throw-away config)
and to ``dockercheck.check_line``.  The checker rejects a line when one of its
findings has severity "error"; docker rejects it when its parser prints a
syntax error.  The two verdicts must agree on every line.

expected.tsv holds docker 28.2.2's verdicts so that reviewers can read them;
with that version installed the live verdicts must still equal it, so that a
change in docker (or in the oracle's classification) is noticed.

The checker is also compared, on every machine and in every run (``make
unit`` too), with the recorded verdicts: on the snapshot of docker 28.2.2's
help, the version expected.tsv was recorded with, whatever docker is on
PATH. Only the comparisons with a live docker (marked ``oracle``) need
docker and `unshare -n`: without them they skip, except under CI (the CI
environment variable set), where they fail.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pytest

try:
    import oracle  # tests/ is on sys.path (pytest's default "prepend" import mode)
except ImportError:  # tests/ became a package
    from tests import oracle

MIN_CORPUS_LINES = 300


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return oracle.load_corpus()


@pytest.fixture(scope="module")
def live(corpus) -> dict[str, oracle.Verdict]:
    """docker's live verdict for every corpus line (computed once)."""
    oracle.require_oracle()
    verdicts = oracle.docker_verdicts([oracle.docker_argv(line) for line in corpus])
    return dict(zip(corpus, verdicts, strict=True))


# ---------------------------------------------------------------- the corpus


def test_corpus_is_well_formed(corpus):
    assert len(corpus) >= MIN_CORPUS_LINES, f"only {len(corpus)} corpus lines"
    duplicates = [line for line, n in Counter(corpus).items() if n > 1]
    assert not duplicates, f"duplicate corpus lines: {duplicates}"
    for line in corpus:
        argv = oracle.argv_of(line)
        assert argv[0] == "docker", f"not a docker command: {line!r}"
        assert "\t" not in line, f"tab in corpus line: {line!r}"


def test_expected_tsv_matches_corpus(corpus):
    expected = oracle.load_expected()
    assert list(expected) == corpus, (
        "expected.tsv is out of date with corpus.txt; run `python -m tests.oracle --record`"
    )
    kinds = {kind for _, kind, _ in expected.values()}
    assert kinds <= set(oracle.KINDS)
    for line, (rejected, kind, _) in expected.items():
        assert rejected == (kind not in ("accepted", "timeout")), line
    rejected = sum(r for r, _, _ in expected.values())
    assert rejected * 4 >= len(expected), "the corpus should keep plenty of mistakes"


# ---------------------------------------------------------------- command tree coverage


@dataclass
class Node:
    children: dict[str, Node] = field(default_factory=dict)


_SECTION = re.compile(r"^((?:[A-Z][a-z]+ )*)Commands:$")
_COMMAND_LINE = re.compile(r"^  ([a-z][a-z0-9-]*)\*?\s")
_GLOBAL_FLAG = re.compile(r"^\s+(?:-(\w), )?--([\w-]+)(?: (\w+))?(?:\s|$)")
#: Help sections listing command groups (which have subcommands of their own).
_GROUP_SECTIONS = ("Management ", "Swarm ")


def _commands(help_text: str) -> list[tuple[str, bool]]:
    """(name, is_group) for every command in the "...Commands:" sections of
    a help text."""
    names, section = [], None
    for line in help_text.splitlines():
        if m := _SECTION.match(line):
            section = m.group(1)
        elif not line.strip():
            section = None
        elif section is not None and (m := _COMMAND_LINE.match(line)):
            names.append((m.group(1), section in _GROUP_SECTIONS))
    return names


def _global_value_flags(help_text: str) -> set[str]:
    """Root flags that take a value ("-H", "--host", ...), from Global Options."""
    flags, inside = set(), False
    for line in help_text.splitlines():
        if line.startswith("Global Options:"):
            inside = True
        elif inside and not line.strip():
            break
        elif inside and (m := _GLOBAL_FLAG.match(line)) and m.group(3):
            flags.add("--" + m.group(2))
            if m.group(1):
                flags.add("-" + m.group(1))
    return flags


def _tree() -> tuple[Node, set[str]]:
    """docker's command tree from its live help, and the root's value flags."""
    root_help = oracle.docker_help()
    root = Node()

    def grow(node: Node, path: tuple[str, ...], text: str) -> None:
        for name, is_group in _commands(text):
            child = node.children.setdefault(name, Node())
            if is_group:
                grow(child, (*path, name), oracle.docker_help([*path, name]))

    grow(root, (), root_help)
    return root, _global_value_flags(root_help)


def _command_path(argv: list[str], root: Node, value_flags: set[str]) -> tuple[str, ...]:
    i = 1
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "-":
        i += 2 if argv[i] in value_flags else 1
    path, node = [], root
    while i < len(argv) and argv[i] in node.children:
        path.append(argv[i])
        node = node.children[argv[i]]
        i += 1
    return tuple(path)


def _leaves(node: Node, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path] if path else []
    for name, child in node.children.items():
        out += _leaves(child, (*path, name))
    return out


@pytest.mark.oracle
def test_corpus_covers_docker_command_tree(corpus, live):
    """Every command and subcommand listed by docker's help (two levels below
    the groups, e.g. `trust key generate`) appears in a line docker accepts."""
    root, value_flags = _tree()
    assert len(root.children) >= 40, f"parsed too few commands: {sorted(root.children)}"
    accepted_paths = set()
    for line in corpus:
        if not live[line].rejected:
            path = _command_path(oracle.argv_of(line), root, value_flags)
            accepted_paths.update(path[:n] for n in range(1, len(path) + 1))
    missing = [" ".join(p) for p in _leaves(root) if p not in accepted_paths]
    assert not missing, f"no accepted corpus line for: {missing}"


# ---------------------------------------------------------------- docker drift


@pytest.mark.oracle
def test_docker_verdicts_match_recorded(corpus, live):
    version = oracle.docker_version()
    if version != oracle.RECORDED_DOCKER_VERSION:
        pytest.skip(f"docker {version} here; expected.tsv is docker {oracle.RECORDED_DOCKER_VERSION}'s")
    expected = oracle.load_expected()
    drift = []
    for line in corpus:
        v = live[line]
        rejected, kind, says = expected[line]
        if (v.rejected, v.kind) != (rejected, kind):
            drift.append(f"  {line}\n    recorded: {kind}: {says}\n    live:     {v.kind}: {oracle.says(v)}")
    assert not drift, "docker's live verdicts differ from expected.tsv:\n" + "\n".join(drift)


# ---------------------------------------------------------------- the differential


def _describe(findings) -> str:
    if not findings:
        return "(no findings)"
    return "; ".join(f"{f.severity} {f.code}@{f.column}: {f.message}" for f in findings)


def _recorded_verdicts() -> dict[str, oracle.Verdict]:
    """expected.tsv as verdicts: what docker 28.2.2 said of each corpus line, recorded."""
    return {
        line: oracle.Verdict(tuple(oracle.docker_argv(line)), rejected, kind, says, None, says if rejected else "")
        for line, (rejected, kind, says) in oracle.load_expected().items()
    }


def test_dockercheck_agrees_with_the_recorded_verdicts(corpus, capsys):
    """The core claim on any machine, docker or not: the checker, on the snapshot of docker 28.2.2's help,
    rejects exactly the lines docker 28.2.2 rejected when expected.tsv was recorded."""
    from dockercheck.session import DocsChecker
    from dockercheck.sources import SNAPSHOT_VERSION

    assert oracle.RECORDED_DOCKER_VERSION == SNAPSHOT_VERSION, "expected.tsv and the snapshot are of other dockers"
    recorded = _recorded_verdicts()
    assert list(recorded) == corpus, "expected.tsv is out of date with corpus.txt"
    _compare(
        corpus,
        recorded,
        DocsChecker.shared("snapshot").grammar,
        f"docker {oracle.RECORDED_DOCKER_VERSION}, recorded",
        capsys,
    )


@pytest.mark.oracle
def test_dockercheck_agrees_with_docker(corpus, live, capsys):
    from dockercheck.session import DocsChecker

    _compare(corpus, live, DocsChecker.shared("auto").grammar, "docker, live", capsys)


def _compare(corpus, verdicts, grammar, judge: str, capsys) -> None:
    """Every corpus line through ``check_line`` on ``grammar``, against ``verdicts`` (line -> docker's verdict)."""
    from dockercheck import check_line  # imported here: the checker may not exist yet
    from dockercheck.profile import DOCKER
    from dockercheck.session import DocsChecker

    snapshot = DocsChecker.shared("snapshot").grammar
    buildx = snapshot.mount("buildx")
    assert buildx is not None
    legacy = {n for o in snapshot.command(("image", "build")).options for n in (f"--{o.option}", f"-{o.shorthand}")}
    buildkit_only = {
        n for o in buildx.command(("buildx", "build")).options for n in (f"--{o.option}", f"-{o.shorthand}")
    } - legacy
    # the legacy builder's flags buildx keeps as hidden no-ops (-m, --cpu-shares...): buildx takes any value
    buildkit_only |= {key.split()[-1] for key in buildx.source.probes if key.startswith("buildx build ")}

    disagreements = []
    abstained = []
    per_kind: Counter[str] = Counter()
    agree_per_kind: Counter[str] = Counter()
    for line in corpus:
        v = verdicts[line]
        try:
            findings = list(check_line(line, grammar))
            crash = None
        except Exception as exc:  # a crash is a disagreement, not an abort
            findings, crash = [], f"{type(exc).__name__}: {exc}"
        checker_rejects = any(f.severity == "error" for f in findings)
        # Where this docker cannot be the judge, the line is not compared: a CLI plugin it lacks (the
        # checker reads compose's and buildx's from their snapshots: tests/test_plugins.py checks those),
        # or `docker build` with a flag the two builders read differently (the checker reads docker build
        # as buildx's, as docker does where buildx is installed; this docker has only the legacy builder).
        argv = oracle.argv_of(line)[1:]
        word = next((w for w in argv if not w.startswith("-")), "")
        buildkit = (
            word in ("build", "image", "builder")
            and "build" in argv
            and any(w.split("=", 1)[0] in buildkit_only or w[:2] in buildkit_only for w in argv)
        )
        if word in DOCKER.plugins or word in DOCKER.plugin_stubs or buildkit:
            abstained.append(line)
            continue
        per_kind[v.kind] += 1
        # a rejection docker makes before the daemon is the checker's DC008, and DC008 is one of those
        argument_error = any(f.code == "DC008" and f.severity == "error" for f in findings)
        same_kind = (v.kind in oracle.PREDAEMON_KINDS) == argument_error or not checker_rejects
        if crash is None and checker_rejects == v.rejected and same_kind:
            agree_per_kind[v.kind] += 1
            continue
        docker_state = f"REJECTED [{v.kind}]" if v.rejected else "accepted"
        checker_state = "crashed" if crash else ("REJECTED" if checker_rejects else "accepted")
        disagreements.append(
            f"- {line}\n"
            f"    docker:      {docker_state}: {oracle.says(v)}\n"
            f"    dockercheck: {checker_state}: {crash or _describe(findings)}"
        )

    checked = len(corpus) - len(abstained)
    agreed = checked - len(disagreements)
    summary = f"{judge} and dockercheck agree on {agreed}/{checked} lines ({100.0 * agreed / checked:.1f}%)"
    by_kind = ", ".join(f"{k} {agree_per_kind[k]}/{n}" for k, n in per_kind.most_common())
    with capsys.disabled():
        print(
            f"\n{summary}\n  by docker verdict: {by_kind}\n"
            "  not compared (CLI plugins this docker lacks; build flags the two builders read differently): "
            f"{len(abstained)}"
        )
    assert len(abstained) <= len(corpus) // 20, f"the checker abstains too often: {abstained}"
    assert not disagreements, f"{summary}; {len(disagreements)} disagreements:\n" + "\n".join(disagreements)
