"""A docker that is missing, hangs, floods, lies or is another version.

Each kind of broken docker is put first (and alone) on PATH for the
``dockercheck`` command and for ``mkdocs build`` of a temp copy of the site.
Both must finish in bounded time, fall back to the snapshot when the live
docker is unusable, say so in one log line that names the reason, never
show a traceback and leave no process behind.

A docker whose help parses is a legitimate other version: it is used live
and the log line names its version. One whose help does not parse (garbage,
empty, no command list) is unusable: the snapshot is used.
"""

from __future__ import annotations

import itertools
import re
import time

import pytest

from fakedocker import (
    docker_scripts,
    leftover_processes,
    make_docker,
    make_site,
    other_version_help,
    python_fake,
    run_build,
    run_cli,
)

pytestmark = pytest.mark.slow

# Worst cases allowed (seconds). The per-call timeout is 3 s and all calls of
# a run share a 5 s budget, so the checker's own part stays under about 6 s.
CLI_BOUND = 10.0
BUILD_BOUND = 15.0  # mkdocs, the theme and jieba take 2-3 s more on top

# Many distinct commands and a top-level typo (which makes the checker look at
# every top-level command): the most calls a cold start can need.
COMMANDS = [
    "docker ps -a",
    "docker images",
    "docker run -it --rm ubuntu bash",
    "docker exec -it web sh",
    "docker logs -f web",
    "docker pull nginx",
    "docker push me/img",
    "docker build -t x .",
    "docker network create net",
    "docker volume ls",
    "docker image prune -f",
    "docker container ls",
    "docker system df",
    "docker context ls",
    "docker builder prune",
    "docker inspect web",
    "docker stop web",
    "docker start web",
    "docker rm -f web",
    "docker rmi img",
    "docker tag a b",
    "docker login",
    "docker cp web:/x .",
    "docker stats --no-stream",
    "docker top web",
]
PAGE = "# Commands\n\n```sh\n" + "\n".join(COMMANDS) + "\ndocker rnu ubuntu\n```\n"
# The one finding, the same from the snapshot and from any sane docker.
FINDING = "page.md:29:8: DC001 error: unknown command: 'docker rnu'; did you mean 'docker run'?"
SNAPSHOT_LINE = re.compile(
    r"docker 28\.2\.2 help from snapshot of docker 28\.2\.2; "
    r"(live docker (unusable|failed): |docker [^;]*answered too slowly)"
)

_markers = itertools.count(int(time.time() * 1000) % 10_000_000 * 100 + 7_000_000_000)


def _marker() -> str:
    return str(next(_markers))


def _no_leftovers(marker: str) -> list[str]:
    for _ in range(20):
        found = leftover_processes(f"sleep {marker}")
        if not found:
            return []
        time.sleep(0.05)
    return found


# A call that runs out of time: its own timeout (3 s) or the budget of all calls (5 s), whichever a
# loaded machine makes fire first. The tests assert the outcome, not which timer fired.
TIMED_OUT = r"(did not answer within 3 s|did not (finish answering|answer) within 5 s for all calls)"
# kind -> what the one log line must say about the live docker (a regex)
UNUSABLE = {
    "missing": r"docker is not on PATH",
    "hangs": rf"'docker --version' {TIMED_OUT}",
    "hangs-forked": rf"'docker --version' {TIMED_OUT}",
    "hangs-on-help": rf"'docker (--help' )?{TIMED_OUT}",
    "floods": r"'docker --version' printed more than 1048576 bytes",
    "garbage": r"'docker --version' answered '\ufffd\ufffd\\x00\\x1b\[2J",
    "garbage-on-help": r"'docker --help' answered '\ufffd\ufffd.*\(exit 0\): it does not start with 'Usage: docker'",
    "exits-1": r"'docker --version' answered 'Cannot connect to the Docker daemon'",
    "exits-1-on-help": r"'docker --help' answered 'error: no' \(exit 1\): not exit 0",
    "not-executable-format": r"cannot run .*/docker: Exec format error",
    "v99-garbage-help": r"'docker --help' answered .*it does not start with 'Usage: docker'",
    "v99-empty-help": r"'docker --help' answered 'nothing' \(exit 0\)",
    "v99-usage-only": r"'docker --help' answered 'Usage:  docker \[OPTIONS\] COMMAND' \(exit 0\): it lists no commands",
    "v99-indented-usage": r"'docker --help' answered 'Usage:  docker --help' \(exit 0\): no 'Usage:' line",
    "v99-no-version": r"'docker --version' answered 'podman version 5.0.0'",
    "slow": TIMED_OUT,
    "hangs-on-probe": rf"answered too slowly .*{TIMED_OUT}",
}


def _docker_folder(kind: str, folder, marker: str) -> str:
    """PATH for this kind: a folder with the fake docker only (or nothing)."""
    scripts = docker_scripts(marker)
    if kind == "missing":
        folder.mkdir(parents=True)
    elif kind in scripts:
        make_docker(folder, scripts[kind])
    elif kind == "slow":
        make_docker(folder, python_fake(delay=1.2))
    elif kind == "hangs-on-probe":
        make_docker(folder, python_fake(probe_hang=marker))
    elif kind == "v99-valid":
        make_docker(folder, python_fake(version="99.0.0", extra=other_version_help()))
    else:  # pragma: no cover
        raise AssertionError(kind)
    return str(folder)


def _page(kind: str) -> str:
    if kind == "hangs-on-probe":  # --net is hidden: only a probe can tell it exists
        return PAGE.replace("docker rnu ubuntu", "docker run --net host img\ndocker rnu ubuntu")
    if kind == "v99-valid":
        return PAGE.replace("docker rnu ubuntu", "docker frobnicate -l 5 web\ndocker rnu ubuntu")
    return PAGE


def _findings(kind: str) -> list[str]:
    if kind == "hangs-on-probe":  # the snapshot knows --net
        hidden = (
            "page.md:29:12: DC101 warning: --net is not in 'docker run --help' (hidden or deprecated); "
            "docker accepts it; the listed name is --network"
        )
        return [hidden, FINDING.replace("29:8", "30:8")]
    return [FINDING.replace("29:8", "30:8")] if kind == "v99-valid" else [FINDING]


def _check_source_line(kind: str, lines: list[str]) -> None:
    if kind == "v99-valid":
        [line] = lines
        assert "docker 99.0.0 help from docker 99.0.0 at " in line, line
        return
    [line] = lines
    assert SNAPSHOT_LINE.search(line), line
    assert re.search(UNUSABLE[kind], line), line
    assert "\x1b" not in line and "\x00" not in line  # docker's garbage is quoted, not replayed


KINDS = [*UNUSABLE, "v99-valid"]
# The build goes through the same DocsChecker as the command line: one kind of each way to fail
# (missing, hanging mid-way, garbage, help that does not parse, failing during the check) and a
# valid other version show that the hook reports each as the command line does.
BUILD_KINDS = ["missing", "hangs-on-help", "garbage", "v99-usage-only", "hangs-on-probe", "v99-valid"]


@pytest.mark.parametrize("kind", KINDS)
def test_cli_with_a_broken_docker(tmp_path, kind):
    marker = _marker()
    path = _docker_folder(kind, tmp_path / "bin", marker)
    (tmp_path / "page.md").write_text(_page(kind), encoding="utf-8")
    run = run_cli(["page.md"], path=path, cache=tmp_path / "cache", cwd=tmp_path)
    assert "Traceback" not in run.output, run.output
    assert run.returncode == 1, run.output
    assert run.stdout.splitlines() == _findings(kind)
    _check_source_line(kind, [line for line in run.stderr.splitlines() if "checked against" in line])
    assert run.seconds < CLI_BOUND, (kind, run.seconds)
    assert _no_leftovers(marker) == []


@pytest.mark.parametrize("kind", BUILD_KINDS)
def test_mkdocs_build_with_a_broken_docker(tmp_path, kind):
    marker = _marker()
    path = _docker_folder(kind, tmp_path / "bin", marker)
    site = make_site(tmp_path / "site", {"page.md": _page(kind)})
    run = run_build(site, path=path, cache=tmp_path / "cache", strict=False)
    assert "Traceback" not in run.output, run.output
    assert run.returncode == 0, run.output
    for finding in _findings(kind):
        assert f"WARNING -  hooks/check_commands: docs/{finding}" in run.output
    _check_source_line(kind, [line for line in run.output.splitlines() if "dockercheck: using" in line])
    assert (site / "site" / "page" / "index.html").is_file()
    assert run.seconds < BUILD_BOUND, (kind, run.seconds)
    assert _no_leftovers(marker) == []


def test_live_only_does_not_fall_back(tmp_path):
    """`--source live` with no usable docker is an error (exit 2), not a silent fallback."""
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "bin").mkdir()
    run = run_cli(["--source", "live", "page.md"], path=str(tmp_path / "bin"), cache=tmp_path / "cache", cwd=tmp_path)
    assert run.returncode == 2, run.output
    assert run.stderr.strip() == "dockercheck: docker is not on PATH"
    assert run.stdout == ""


def test_a_hanging_docker_costs_one_timeout_not_one_per_command(tmp_path):
    """In the library: every call after the first failure fails at once."""
    from dockercheck.check import command_words
    from dockercheck.extract import extract
    from dockercheck.session import load_grammar
    from dockercheck.sources import LiveDocker, SourceError

    marker = _marker()
    make_docker(tmp_path / "bin", docker_scripts(marker)["hangs-on-help"])
    start = time.monotonic()
    grammar = load_grammar(
        "auto",
        executable=str(tmp_path / "bin" / "docker"),
        cache_dir=tmp_path / "cache",
        prefetch=command_words([extract(PAGE)]),
    )
    assert time.monotonic() - start < 4.5
    assert grammar.kind == "snapshot"
    live = LiveDocker(str(tmp_path / "bin" / "docker"), cache_dir=tmp_path / "cache2", timeout=0.5)
    with pytest.raises(SourceError, match=r"did not answer within 0\.5 s"):
        live.help(())
    start = time.monotonic()
    for path in [("ps",), ("run",), ("image", "ls")]:
        with pytest.raises(SourceError, match=r"'docker --help' did not answer"):
            live.help(path)
    with pytest.raises(SourceError):
        live.probe(("ps",), "--all")
    assert time.monotonic() - start < 0.2
    assert len(live.spawned) == 2  # --version and --help, nothing after the failure
    assert _no_leftovers(marker) == []


def test_the_budget_is_renewed_for_each_run(tmp_path, monkeypatch):
    """Under `mkdocs serve` each rebuild may ask docker again, within a new budget."""
    from dockercheck.session import DocsChecker

    make_docker(tmp_path / "bin", python_fake())
    monkeypatch.setenv("DOCKERCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    checker = DocsChecker("live")
    checker.check({"a.md": "```sh\ndocker ps -a\n```\n"})
    source = checker.grammar.source
    source.deadline = time.monotonic() - 1  # as if the first build had used the whole budget
    checker.check({"a.md": "```sh\ndocker ps -a\ndocker volume ls\n```\n"})
    assert checker.grammar.source is source and source.failure is None
    assert "volume ls" in source.helps
