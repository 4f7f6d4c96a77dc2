"""The help parser, over the help of every docker command.

The committed snapshot holds ``docker <path> --help`` of docker 28.2.2 for
every command of its tree: those texts are the fixtures. Two more texts in
tests/fixtures/help/ stand for a docker with the compose plugin.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dockercheck.helptext import HelpParseError, parse_help, split_usage
from dockercheck.model import Param
from dockercheck.sources import Snapshot

FIXTURES = Path(__file__).parent / "fixtures" / "help"
SNAPSHOT = Snapshot.load()
ALL_PATHS = sorted(SNAPSHOT.helps)
# "  -a, --all   ..." or "      --all   ...": the rows of an Options section
OPTION_ROW = re.compile(r"^  (?:-\w, |    )--\w")


def _command(key: str):
    path = tuple(key.split())
    return parse_help(path, SNAPSHOT.helps[key])


@pytest.mark.parametrize("key", ALL_PATHS, ids=lambda k: k or "docker")
def test_every_help_text_parses(key):
    text = SNAPSHOT.helps[key]
    command = _command(key)
    assert command.usage.startswith(" ".join(("docker", *command.path))), command.usage
    assert command.short and not command.short.startswith("Usage")
    # one Option per option row of the text (root: Global Options too)
    section = text.split("Options:", 1)[1] if "Options:" in text else ""
    section = section.split("\n\n", 1)[0] if key else text.split("Global Options:", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in section.splitlines() if OPTION_ROW.match(line)]
    assert len(command.options) == len(rows)
    for option in command.options:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", option.option)
        assert option.shorthand is None or len(option.shorthand) == 1
        assert "  " not in option.description  # wrapped lines joined with one space
    if command.is_group:
        assert command.usage.endswith("COMMAND")
        assert command.max_args == 0
    else:
        assert 0 <= command.min_args <= (command.max_args if command.max_args is not None else 99)


def test_tree_size_and_groups():
    root = _command("")
    groups = {ref.group for ref in root.subcommands}
    assert groups == {"Common Commands", "Management Commands", "Swarm Commands", "Commands"}
    assert len(root.subcommands) == 57
    assert {o.option for o in root.options} >= {"host", "debug", "context", "log-level", "version", "config"}
    assert root.short_option("H").takes_value and not root.long_option("debug").takes_value


@pytest.mark.parametrize(
    "key, usage, params, low, high",
    [
        ("ps", "docker ps [OPTIONS]", [], 0, 0),
        ("run", "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]", ["IMAGE", "[COMMAND]", "[ARG...]"], 1, None),
        (
            "image tag",
            "docker image tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
            ["SOURCE_IMAGE[:TAG]", "TARGET_IMAGE[:TAG]"],
            2,
            2,
        ),
        ("build", "docker build [OPTIONS] PATH | URL | -", ["PATH | URL | -"], 1, 1),
        ("top", "docker top CONTAINER [ps OPTIONS]", ["CONTAINER", "[ps OPTIONS]"], 1, None),
        ("swarm join-token", "docker swarm join-token [OPTIONS] (worker|manager)", ["(worker|manager)"], 1, 1),
        (
            "trust signer add",
            "docker trust signer add OPTIONS NAME REPOSITORY [REPOSITORY...]",
            ["NAME", "REPOSITORY", "[REPOSITORY...]"],
            2,
            None,
        ),
        (
            "manifest inspect",
            "docker manifest inspect [OPTIONS] [MANIFEST_LIST] MANIFEST",
            ["[MANIFEST_LIST]", "MANIFEST"],
            1,
            2,
        ),
        (
            "context inspect",
            "docker context inspect [OPTIONS] [CONTEXT] [CONTEXT...]",
            ["[CONTEXT]", "[CONTEXT...]"],
            0,
            None,
        ),
        ("pull", "docker pull [OPTIONS] NAME[:TAG|@DIGEST]", ["NAME[:TAG|@DIGEST]"], 1, 1),
        # rules.ARITY_OVERRIDES: docker's validators disagree with these Usage lines
        (
            "import",
            "docker import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
            ["file|URL|-", "[REPOSITORY[:TAG]]"],
            1,
            None,
        ),
        ("volume update", "docker volume update [OPTIONS] [VOLUME]", ["[VOLUME]"], 1, 1),
        (
            "plugin create",
            "docker plugin create [OPTIONS] PLUGIN PLUGIN-DATA-DIR",
            ["PLUGIN", "PLUGIN-DATA-DIR"],
            2,
            None,
        ),
    ],
)
def test_usage_lines(key, usage, params, low, high):
    command = _command(key)
    assert command.usage == usage
    assert [p.display for p in command.params] == params
    assert (command.min_args, command.max_args) == (low, high)


def test_aliases_and_canonical_paths():
    ps = _command("ps")
    assert ps.aliases == ("docker container ls", "docker container list", "docker container ps", "docker ps")
    assert ps.canonical == ("container", "ls")
    assert _command("service create").canonical == ("service", "create")


@pytest.mark.parametrize(
    "key", ["run", "container run", "exec", "create", "commit", "top", "tag", "image tag", "service create"]
)
def test_where_flag_parsing_stops(key):
    assert not _command(key).interspersed


@pytest.mark.parametrize("key", ["ps", "rm", "images", "logs", "service update", "network create"])
def test_interspersed_commands(key):
    assert _command(key).interspersed


def test_options_types_defaults_and_wrapping():
    run = _command("run")
    publish = run.long_option("publish")
    assert (publish.shorthand, publish.value_type) == ("p", "list")
    assert run.short_option("p") is publish
    assert run.long_option("rm").value_type is None  # bool: no type word
    blkio = run.long_option("blkio-weight")
    assert (blkio.value_type, blkio.default_value) == ("uint16", "0")
    assert blkio.description == "Block IO (relative weight), between 10 and 1000, or 0 to disable"
    assert run.long_option("net") is None  # hidden: not in the help (see test_validate)


def test_plugin_listing_and_wrapped_plugin_help():
    root = parse_help((), (FIXTURES / "compose-plugin-root.txt").read_text())
    compose = root.child("compose")
    assert compose is not None and compose.plugin and compose.group == "Management Commands"
    assert not root.child("run").plugin
    config = root.long_option("config")
    assert config.default_value == "/home/user/.docker"
    up = parse_help(("compose", "up"), (FIXTURES / "compose-up.txt").read_text())
    assert [o.option for o in up.options] == ["abort-on-container-exit", "detach", "scale", "timeout"]
    assert up.long_option("scale").description.endswith("Overrides the `scale` setting in the Compose file if present.")
    assert (up.min_args, up.max_args) == (0, None)


def test_not_help_text_is_rejected():
    with pytest.raises(HelpParseError):
        parse_help(("ps",), "docker: 'ps' is not a docker command.\nSee 'docker --help'\n")


@pytest.mark.parametrize(
    "args, tokens",
    [
        ("[OPTIONS] IMAGE [COMMAND] [ARG...]", ["[OPTIONS]", "IMAGE", "[COMMAND]", "[ARG...]"]),
        ("CONTAINER [ps OPTIONS]", ["CONTAINER", "[ps OPTIONS]"]),
        ("[OPTIONS] PATH | URL | -", ["[OPTIONS]", "PATH | URL | -"]),
        ("NAME[:TAG|@DIGEST]", ["NAME[:TAG|@DIGEST]"]),
    ],
)
def test_split_usage(args, tokens):
    assert split_usage(args) == tokens


def test_param_display():
    assert Param("CONTAINER", optional=True, repeated=True).display == "[CONTAINER...]"
