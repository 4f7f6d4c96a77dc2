"""The real-notes evaluation harness (eval/realnotes/): its docker-line finder,
its placeholder handling and its metrics, on a tiny fixture written for these
tests. Needs neither the network, nor the corpus, nor docker."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "eval" / "realnotes"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "realnotes" / "sample.md"
sys.path.insert(0, str(HARNESS))

import dockerlines  # noqa: E402
import evaluate  # noqa: E402
import label  # noqa: E402


@pytest.fixture(scope="module")
def found() -> dict[int, dockerlines.DockerLine]:
    lines = dockerlines.docker_lines(FIXTURE.read_text(encoding="utf-8"), "sample.md", "me/notes")
    return {line.line: line for line in lines}


def test_docker_lines_of_the_fixture(found):
    assert sorted(found) == [10, 13, 14, 18, 19, 21, 25, 29, 31, 35, 40, 44, 45, 46, 51, 52]
    # a \ continuation is joined to the line where the command starts
    assert found[10].end_line == 11
    assert found[10].text == "docker run -d --name web -p 8080:80 nginx"
    # after && and in $(...), the docker commands are all found
    assert found[13].commands == ["docker ps", "docker stop web"]
    assert found[21].commands == ["docker ps -aq", "sudo FOO=1 docker rm -f subst"]
    # docker-compose is a docker line too; a here-document's body is not
    assert found[25].commands == ["docker-compose up -d"]
    assert 23 not in found
    # an apostrophe in a comment opens no quote; a quote over two lines is one command
    assert found[51].commands == ["docker volume ls"]
    assert found[52].end_line == 53 and found[52].text == 'docker run -e "GREETING=hello\nworld" alpine env'
    assert dockerlines.split_words(found[52].commands[0]) == [
        "docker",
        "run",
        "-e",
        "GREETING=hello\nworld",
        "alpine",
        "env",
    ]


def test_prompts_languages_and_windows_continuations(found):
    assert [found[n].prompt for n in (10, 14, 19, 29, 35, 44, 45, 46)] == [
        "$",
        "",
        "#",
        "PS",
        "C:",
        "[user@host]",
        "user@host",
        ">",
    ]
    assert found[10].block_uses_prompts and not found[18].block_uses_prompts
    assert found[29].language == "powershell" and found[29].windows and found[29].end_line == 30
    assert found[29].text == "docker build -t app ."  # PowerShell's backtick continuation
    assert found[40].language == "yaml" and found[40].commands == ["docker push registry.example/app:1.0"]
    assert found[31].commands == [r"docker run -v C:\data:C:\data app"]
    assert dockerlines.split_words(found[31].commands[0], True) == ["docker", "run", "-v", r"C:\data:C:\data", "app"]


def test_keys_are_stable(found):
    line = found[18]
    assert line.key == f"me/notes:sample.md:18:{dockerlines.line_sha('docker ps [OPTIONS]')}"
    assert len(line.sha) == 12


def test_simple_commands_keep_placeholders_and_drop_redirections():
    assert dockerlines.simple_commands("docker run <image_name||image_id> > out.txt 2>&1; echo ok") == [
        "docker run <image_name||image_id>",
        "echo ok",
    ]
    assert dockerlines.simple_commands("docker load < busybox.tar  # a comment") == ["docker load"]
    assert dockerlines.docker_part(["then", "sudo", "-u", "me", "docker", "ps"]) == ["docker", "ps"]


def test_placeholders_are_filled_in_before_docker_is_asked():
    assert label.normalise(["docker", "pull", "IMAGE"]) == ["docker", "pull", "image"]
    assert label.normalise(["docker", "rm", "<container_id>", "容器名"]) == ["docker", "rm", "x", "x"]
    assert label.normalise(["docker", "run", "-p", "HOST_PORT:CONTAINER_PORT", "-m", "<size>", "img"]) == [
        "docker",
        "run",
        "-p",
        "1:1",
        "-m",
        "1",
        "img",
    ]
    assert label.normalise(["docker", "run", "--add-host=db:${IP}", "img", "..."]) == [
        "docker",
        "run",
        "--add-host=db:127.0.0.1",
        "img",
        "x",
    ]
    assert label.normalise(["docker", "subst", "network", "ls"]) == ["docker", "network", "ls"]
    assert label.needs_plugin(["docker", "compose", "up", "-d"], "unknown shorthand flag: 'd' in -d")
    assert label.needs_plugin(["docker", "build", "--secret", "id=a", "."], "unknown flag: --secret")
    assert not label.needs_plugin(["docker", "build", "--nope", "."], "unknown flag: --nope")


def test_what_docker_says_before_the_daemon_is_classified():
    def verdict(output: str, code: int = 1):
        return label.oracle.Verdict(("docker",), False, "accepted", output, code, "")

    out = "docker: invalid reference format: repository name (library/X) must be lowercase\n\nRun 'docker run --help'"
    assert label.predaemon(verdict(out), out)[0] == "reference"
    assert (
        label.predaemon(verdict("the input device is not a TTY"), "the input device is not a TTY")[0] == "environment"
    )
    out = "Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?"
    assert label.predaemon(verdict(out), out) == ("", "")


def row(
    n: int,
    *,
    error: bool = False,
    judgment: str = "",
    kind: str = "accepted",
    coverage: str = "checked",
    predaemon: str = "",
) -> evaluate.Row:
    r = evaluate.Row(
        f"k{n}",
        "me/notes",
        "a.md",
        n,
        "docker ...",
        kind=kind,
        predaemon=predaemon,
        coverage=coverage,
        judgment=judgment,
    )
    if error:
        r.errors.append(evaluate.Found(n, "DC005", "error", "too few"))
    return r


def test_metrics_arithmetic():
    rows = [
        row(1, error=True, judgment="command", kind="unknown-flag"),  # real mistake, caught
        row(2, error=True, judgment="synopsis", kind="arg-count"),  # not a command
        row(3, error=True, judgment="command"),  # docker accepts it
        row(4, judgment="command", kind="arg-count", coverage="silent"),  # a miss, skipped silently
        row(5, judgment="command", predaemon="digest"),  # a miss before the daemon
        row(6, predaemon="environment", coverage="notice"),  # the machine, not a rejection
        row(7, error=True),  # unjudged error
    ]
    m = evaluate.compute(rows)
    assert (m.docker_lines, m.checked, m.notice, m.silent) == (7, 5, 1, 1)
    assert (m.error_lines, m.real, m.accepted, m.not_command, m.unjudged_errors) == (4, 1, 1, 1, 1)
    assert m.precision == pytest.approx(1 / 4)
    assert (m.rejected_commands, m.caught) == (3, 1)
    assert m.recall == pytest.approx(1 / 3)
    assert (m.parser_rejected_commands, m.parser_caught) == (2, 1)
    assert m.unjudged == 1
    assert evaluate.compute([]).precision is None


def test_code_span_survives_backquotes_and_pipes():
    assert evaluate.code_span("docker ps | grep x") == "`docker ps \\| grep x`"
    assert evaluate.code_span("a `b` c") == "`` a `b` c ``"
