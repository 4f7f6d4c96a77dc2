"""Helpers for the hostile-input tests: broken dockers, temp sites, runs.

- ``make_docker(folder, kind)`` writes a stand-in ``docker`` that misbehaves
  in one way (hangs, floods, prints garbage, is another version...);
- ``make_site(root, pages)`` copies what ``mkdocs build`` reads (the real
  mkdocs.yml, hooks and theme overrides) with the given pages instead of
  the notes;
- ``run_cli`` and ``run_build`` run ``dockercheck`` and ``mkdocs build`` in
  a child process with a chosen PATH and a private disk cache, and time them;
- ``leftover_processes(marker)`` finds processes a fake docker left behind;
- ``assert_docker_argv(args)``: what the checker may run, ``docker --version``
  or ``docker <path of docker's own help tree> --help [flag name]``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import BUILD_INPUTS
from dockercheck.sources import SNAPSHOT_VERSION, Snapshot

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT_FILE = ROOT / "src" / "dockercheck" / "data" / f"docker-{SNAPSHOT_VERSION}.json"
# The version the fakes print by default: not the snapshot's, so that the live source asks them for
# each command's help (a docker of the snapshot's very version is asked for its version only).
FAKE_VERSION = f"{SNAPSHOT_VERSION}-fake"
SLEEP = shutil.which("sleep") or "/bin/sleep"
YES = shutil.which("yes") or "/usr/bin/yes"
HEAD = shutil.which("head") or "/usr/bin/head"

# make_site copies what the build reads (conftest.BUILD_INPUTS); docs/docker.md is left out (it
# needs the rendered images), the tests' own pages take its place.
LEFT_OUT = ("docker.md",)

# A fake answering like docker 28.2.2 from the snapshot, with changes:
#   VERSION   what --version prints (by default FAKE_VERSION: not the snapshot's, so the live
#             source asks it for each command's help, as it asks any other docker)
#   EXTRA     {path: help text} added or replacing the snapshot's
#   DELAY     seconds to sleep before each answer; PROBE_HANG: sleep on flag probes
PYTHON_FAKE = """#!{python}
import json, os, sys, time
VERSION, EXTRA, DELAY, PROBE_HANG = {version!r}, {extra!r}, {delay!r}, {probe_hang!r}
args = sys.argv[1:]
time.sleep(DELAY)
if args == ["--version"]:
    print("Docker version " + VERSION + ", build fake")
    sys.exit(0)
data = json.load(open({snapshot!r}, encoding="utf-8"))
data["help"].update(EXTRA)
if "--help" not in args:
    sys.exit(3)
i = args.index("--help")
path, rest = " ".join(args[:i]), args[i + 1:]
if rest:
    if PROBE_HANG:
        os.execv({sleep!r}, [{sleep!r}, PROBE_HANG])
    probe = data["probes"].get(path + " " + rest[0])
    if probe is None:
        print("unknown flag: " + rest[0], file=sys.stderr); sys.exit(125)
    if probe.get("takes_value"):
        print("flag needs an argument: " + rest[0], file=sys.stderr); sys.exit(125)
if path not in data["help"]:
    print("unknown command: docker " + path, file=sys.stderr); sys.exit(1)
sys.stdout.write(data["help"][path])
"""

# A docker that logs each run as a JSON line (argv, cwd and what is in it,
# DOCKER_HOST, stdin), then runs the real one with the same arguments.
LOGGING_WRAPPER = """#!{python} -S
import json, os, sys
tty = sys.stdin.isatty()
with open({log!r}, "a", encoding="utf-8") as handle:
    handle.write(json.dumps({{"argv": sys.argv[1:], "cwd": os.getcwd(), "entries": os.listdir("."),
                              "host": os.environ.get("DOCKER_HOST"), "stdin_tty": tty,
                              "stdin": "" if tty else sys.stdin.read(10)}}) + "\\n")
os.execv({real!r}, [{real!r}, *sys.argv[1:]])
"""


def logging_docker(folder: Path, real: str, log: Path) -> Path:
    """``folder``/docker: logs each run to ``log`` (see LOGGING_WRAPPER), then runs ``real``."""
    return make_docker(folder, LOGGING_WRAPPER.format(python=sys.executable, log=str(log), real=real))


VERSION_OK = 'if [ "$1" = --version ]; then echo "Docker version {version}, build x"; exit 0; fi\n'


def _sh(body: str) -> str:
    return "#!/bin/sh\n" + body


def docker_scripts(marker: str) -> dict[str, str]:
    """Every kind of broken docker: name -> script text.

    ``marker`` is a unique number; a fake that sleeps sleeps that many
    seconds, so a test can look for the processes it left behind.
    """
    garbage = "printf '\\377\\376\\000\\033[2J\\033]0;pwned\\007 %s\\n' \"$*\"; " + f"{HEAD} -c 3000 /dev/urandom\n"
    return {
        "hangs": _sh(f"{SLEEP} {marker}\n"),
        "hangs-on-help": _sh(VERSION_OK.format(version=FAKE_VERSION) + f"{SLEEP} {marker}\n"),
        "hangs-forked": _sh(f"{SLEEP} {marker} &\n{SLEEP} {marker} &\nwait\n"),
        "floods": _sh(f"exec {YES} 'Usage:  docker garbage garbage garbage garbage garbage garbage'\n"),
        "garbage": _sh(garbage),
        "garbage-on-help": _sh(VERSION_OK.format(version=FAKE_VERSION) + garbage),
        "exits-1": _sh('echo "Cannot connect to the Docker daemon" >&2\nexit 1\n'),
        "exits-1-on-help": _sh(VERSION_OK.format(version=FAKE_VERSION) + 'echo "error: no" >&2\nexit 1\n'),
        "not-executable-format": "\x7fELF\x00\x00garbage",
        "v99-garbage-help": _sh(VERSION_OK.format(version="99.0.0") + garbage),
        "v99-empty-help": _sh(VERSION_OK.format(version="99.0.0")),
        "v99-usage-only": _sh(
            VERSION_OK.format(version="99.0.0") + 'printf "Usage:  docker [OPTIONS] COMMAND\\n\\n"\n'
        ),
        "v99-indented-usage": _sh(VERSION_OK.format(version="99.0.0") + 'printf "  Usage:  docker $*\\n"\n'),
        "v99-no-version": _sh('if [ "$1" = --version ]; then echo "podman version 5.0.0"; exit 0; fi\nexit 0\n'),
    }


def python_fake(
    *, version: str = FAKE_VERSION, extra: dict[str, str] | None = None, delay: float = 0.0, probe_hang: str = ""
) -> str:
    return PYTHON_FAKE.format(
        python=sys.executable,
        version=version,
        extra=extra or {},
        delay=delay,
        probe_hang=probe_hang,
        snapshot=str(SNAPSHOT_FILE),
        sleep=SLEEP,
    )


def other_version_help(marker_html: str = "") -> dict[str, str]:
    """Help of an imaginary docker 99: a new top-level command `frobnicate`.

    ``marker_html`` is put into descriptions, to see that rendered help is escaped.
    """
    helps = json.loads(SNAPSHOT_FILE.read_text(encoding="utf-8"))["help"]
    root = helps[""].replace(
        "Common Commands:\n",
        f"Common Commands:\n  frobnicate  Frobnicate a container {marker_html}\n",
    )
    frob = (
        "\nUsage:  docker frobnicate [OPTIONS] CONTAINER\n\n"
        f"Frobnicate a container {marker_html}\n\n"
        "Options:\n"
        f"  -l, --level int      How hard to frobnicate {marker_html} (default 3)\n"
        f"      --style string   A style {marker_html}\n"
    )
    return {"": root, "frobnicate": frob}


def make_docker(folder: Path, script: str) -> Path:
    """A folder holding only an executable named docker with this text."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "docker"
    path.write_text(script, encoding="utf-8")
    path.chmod(0o755)
    return folder


def make_site(root: Path, pages: dict[str, str | bytes]) -> Path:
    """A copy of the project's site with these pages (name -> text) in docs/."""
    root.mkdir(parents=True, exist_ok=True)
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", *LEFT_OUT))
        elif source.exists():
            shutil.copy2(source, root / name)
    (root / "img").mkdir(exist_ok=True)
    for name, text in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
    return root


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def child_env(path: str, cache: Path, **extra: str) -> dict[str, str]:
    """The environment of a child run: this PATH, a private cache, nothing inherited that matters."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DOCKER", "MAKE", "OFFLINE", "SITE_URL", "PYTEST", "COV_"))
    }
    return env | {"PATH": path, "DOCKERCHECK_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1"} | extra


def run_child(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Run:
    start = time.monotonic()
    result = subprocess.run(
        argv,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    return Run(result.returncode, result.stdout, result.stderr, time.monotonic() - start)


def run_cli(args: list[str], *, path: str, cache: Path, cwd: Path, timeout: float = 120, **extra: str) -> Run:
    return run_child([sys.executable, "-m", "dockercheck", *args], cwd, child_env(path, cache, **extra), timeout)


def run_build(site: Path, *, path: str, cache: Path, strict: bool = True, timeout: float = 300, **extra: str) -> Run:
    argv = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else [])]
    return run_child(argv, site, child_env(path, cache, **extra), timeout)


def leftover_processes(marker: str) -> list[str]:
    """Command lines of live processes that carry ``marker`` (zombies aside)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(f"{proc.name}: {cmdline}")
    return found


TREE = set(Snapshot.load().helps)  # "" (the root), "run", "container ls", ...
FLAG = re.compile(r"--[a-z0-9][a-z0-9-]*|-[A-Za-z0-9]")


def assert_docker_argv(args: list[str]) -> None:
    """docker --version, or docker <path of docker's own help tree> --help [flag name]."""
    if args == ["--version"]:
        return
    assert "--help" in args, args
    i = args.index("--help")
    assert " ".join(args[:i]) in TREE, args
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9_-]*", word) for word in args[:i]), args
    assert len(args) - i - 1 <= 1, args
    if len(args) == i + 2:
        assert FLAG.fullmatch(args[-1]), args
