"""The `dockercheck` command: checks Markdown without building a site."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dockercheck.diagnostics import CODES

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed" / "000_dd70fedd71bf2fd9.md"
TEXT_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>DC\d{3}) (?P<severity>error|warning|info): \S.*$"
)


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dockercheck", "--source", "snapshot", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_text_output_and_exit_status_on_the_seed():
    result = run(str(SEED.relative_to(ROOT)))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 10
    for line in lines:
        match = TEXT_LINE.match(line)
        assert match, line
        assert match["file"] == "tests/fixtures/seed/000_dd70fedd71bf2fd9.md"
    assert lines[0] == (
        "tests/fixtures/seed/000_dd70fedd71bf2fd9.md:44:15: DC002 error: unknown flag -i in '<-ins>' for 'docker ps'"
    )
    assert result.stderr.strip() == (
        "dockercheck: 15 docker commands in 1 files checked against docker 28.2.2 help from "
        "snapshot of docker 28.2.2: 4 errors, 6 warnings, 0 notices"
    )


def test_json_output():
    result = run("--format", "json", str(SEED))
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert len(findings) == 10
    for item in findings:
        assert list(item) == ["file", "line", "column", "code", "severity", "message", "command", "suggestion"]
        assert item["severity"] in ("error", "warning", "info")
        assert item["code"] in CODES
    exec_it = next(f for f in findings if f["code"] == "DC103")
    assert exec_it == {
        "file": str(SEED),
        "line": 57,
        "column": 15,
        "code": "DC103",
        "severity": "warning",
        "message": "'it' is passed to 'docker exec' as the CONTAINER; did you mean the flags -it?",
        "command": "docker exec it <image_name||image_id> bash",
        "suggestion": "-it",
    }


def test_folders_are_searched_and_output_is_sorted(tmp_path):
    write(tmp_path, "b/two.md", "```sh\ndocker ps extra\n```\n")
    write(tmp_path, "a/one.markdown", "```sh\ndocker rnu\n```\n")
    write(tmp_path, "a/skip.txt", "```sh\ndocker rnu\n```\n")
    result = run(".", cwd=tmp_path)
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == ["a/one.markdown:2:8", "b/two.md:2:11"]


@pytest.mark.parametrize(
    "text, args, status",
    [
        ("```sh\ndocker ps -a\n```\n", [], 0),
        ("```sh\ndocker exec it web bash\n```\n", [], 0),  # a warning alone
        ("```sh\ndocker exec it web bash\n```\n", ["--strict"], 1),
        ("```sh\ndocker compose up -d\n```\n", ["--strict"], 0),  # notices never fail
        ("```sh\ndocker ps extra\n```\n", [], 1),
    ],
)
def test_exit_status(tmp_path, text, args, status):
    path = write(tmp_path, "page.md", text)
    assert run(*args, str(path)).returncode == status


def test_usage_errors_exit_2(tmp_path):
    assert run(str(tmp_path / "missing.md")).returncode == 2
    assert run().returncode == 2


def test_list_codes():
    result = subprocess.run([sys.executable, "-m", "dockercheck", "--list-codes"], capture_output=True, text=True)
    assert result.returncode == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(CODES)


def test_pre_commit_hook_definition_runs_the_same_command():
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "dockercheck" and hook["entry"] == "dockercheck"
    assert hook["language"] == "python" and "markdown" in hook["types"]
    assert (ROOT / "pyproject.toml").read_text().count('dockercheck = "dockercheck.cli:main"') == 1


# ------------------------------------------------- where the help comes from: --source, DOCKERCHECK_SOURCE

SNAPSHOT_USED = "help from snapshot of docker 28.2.2:"
LIVE_USED = "help from docker 99.0.0 at "  # the fake docker on PATH


@pytest.mark.parametrize(
    "args, env, used",
    [
        ([], {}, LIVE_USED),  # auto: the docker on PATH
        ([], {"DOCKERCHECK_SOURCE": "snapshot"}, SNAPSHOT_USED),
        ([], {"DOCKERCHECK_SOURCE": "live"}, LIVE_USED),
        ([], {"DOCKERCHECK_SOURCE": ""}, LIVE_USED),  # empty: auto
        (["--source", "snapshot"], {"DOCKERCHECK_SOURCE": "live"}, SNAPSHOT_USED),  # the option wins
        (["--source", "live"], {"DOCKERCHECK_SOURCE": "snapshot"}, LIVE_USED),
        (["--source", "auto"], {"DOCKERCHECK_SOURCE": "snapshot"}, LIVE_USED),
    ],
)
def test_the_source_is_the_option_else_the_environment(tmp_path, args, env, used):
    from fakedocker import make_docker, python_fake, run_cli

    write(tmp_path, "page.md", "```sh\ndocker ps -a\n```\n")
    folder = make_docker(tmp_path / "bin", python_fake(version="99.0.0"))
    run = run_cli([*args, "page.md"], path=str(folder), cache=tmp_path / "cache", cwd=tmp_path, **env)
    assert run.returncode == 0, run.output
    assert used in run.stderr, run.stderr


@pytest.mark.parametrize(
    "args, env, message",
    [
        ([], {"DOCKERCHECK_SOURCE": "live"}, "dockercheck: docker is not on PATH"),
        (["--source", "live"], {"DOCKERCHECK_SOURCE": "snapshot"}, "dockercheck: docker is not on PATH"),
        (
            [],
            {"DOCKERCHECK_SOURCE": "bogus"},
            "dockercheck: DOCKERCHECK_SOURCE='bogus' names no help source: use one of auto, live, snapshot",
        ),
    ],
)
def test_live_without_docker_is_one_clean_error_line(tmp_path, args, env, message):
    from fakedocker import run_cli

    write(tmp_path, "page.md", "```sh\ndocker ps -a\n```\n")
    (tmp_path / "bin").mkdir()  # PATH: no docker
    run = run_cli([*args, "page.md"], path=str(tmp_path / "bin"), cache=tmp_path / "cache", cwd=tmp_path, **env)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.splitlines() == [message]  # one line, no traceback
