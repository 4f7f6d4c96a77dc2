"""The grammar snapshots of the compose and buildx CLI plugins (``python -m dockercheck.reference``).

(a) The converter, run on the small verbatim copy of the plugins' reference in
    tests/fixtures/reference/{compose,buildx}, writes exactly the golden files
    in tests/fixtures/reference/expected/. After a deliberate change of the
    converter or of src/dockercheck/data/plugin-facts.json, update them with:

        .venv/bin/python -m dockercheck.reference --partial \\
            --compose tests/fixtures/reference/compose --buildx tests/fixtures/reference/buildx \\
            --output-dir tests/fixtures/reference/expected --index-dir tests/fixtures/reference/expected

    (``make plugin-snapshots`` runs the same command.)
(b) For every command of the committed snapshots (src/dockercheck/data/
    {compose,buildx}-<version>.json), dockercheck.helptext.parse_help of the
    help text gives the flags the reference states: long and short names,
    whether a value is taken, the type word and the default. The reference side
    is tests/fixtures/reference/<plugin>-<version>-flags.json, which the same
    run derived from the reference files (not from the help text).
(c) Every command has a usage line and a description that is not a usage line.

No network and no git: the whole reference is only needed to regenerate.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dockercheck import reference
from dockercheck.grammar import Grammar
from dockercheck.helptext import parse_help
from dockercheck.model import FlagProbe
from dockercheck.sources import Snapshot

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "reference"
DATA = ROOT / "src" / "dockercheck" / "data"
FACTS = json.loads((DATA / "plugin-facts.json").read_text("utf-8"))
VERSIONS = {plugin: FACTS[plugin]["release"].lstrip("v") for plugin in reference.PLUGINS}
SNAPSHOTS = {p: json.loads((DATA / f"{p}-{v}.json").read_text("utf-8")) for p, v in VERSIONS.items()}
INDEXES = {p: json.loads((FIXTURES / f"{p}-{v}-flags.json").read_text("utf-8")) for p, v in VERSIONS.items()}
ALL = [(p, key) for p in reference.PLUGINS for key in sorted(SNAPSHOTS[p]["help"])]


def _command(plugin: str, key: str):
    return parse_help(tuple(key.split()), SNAPSHOTS[plugin]["help"][key])


# ---------------------------------------------------------------- (a) regeneration


def test_fixture_regenerates_the_golden_files(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dockercheck.reference",
            "--partial",
            "--compose",
            str(FIXTURES / "compose"),
            "--buildx",
            str(FIXTURES / "buildx"),
            "--output-dir",
            str(out),
            "--index-dir",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    expected = sorted(p.name for p in (FIXTURES / "expected").iterdir())
    assert (
        written == expected == sorted(f"{p}-{v}{suffix}.json" for p, v in VERSIONS.items() for suffix in ("", "-flags"))
    )
    for name in expected:
        assert (out / name).read_text("utf-8") == (FIXTURES / "expected" / name).read_text("utf-8"), (
            f"{name} differs from the golden file: see this module's docstring to update it"
        )
    # the stale files of the fixture are named, and nothing else is wrong
    assert "stale): docker_compose_convert.yaml" in result.stderr
    assert "stale): buildx_policy_json-schema.md" in result.stderr


def test_generation_is_deterministic():
    files = reference.read_directory(FIXTURES / "compose")
    facts = FACTS["compose"]
    first = reference.convert("compose", files, facts, "v5.5.0", facts["commit"], partial=True)
    second = reference.convert("compose", dict(reversed(list(files.items()))), facts, "v5.5.0", facts["commit"], True)
    assert reference.dumps(first[0]) == reference.dumps(second[0])
    assert reference.dumps(first[1], collapse=4) == reference.dumps(second[1], collapse=4)


def test_a_complete_reference_is_required_without_partial():
    files = reference.read_directory(FIXTURES / "compose")
    with pytest.raises(reference.ReferenceError, match="has no reference file"):
        reference.convert("compose", files, FACTS["compose"], "v5.5.0", FACTS["compose"]["commit"])


def test_command_line_errors(tmp_path):
    assert reference.main(["--compose", str(tmp_path / "missing"), "--output-dir", str(tmp_path)]) == 1
    with pytest.raises(SystemExit):
        reference.main(["--output-dir", str(tmp_path)])  # nothing to convert


# ---------------------------------------------------------------- the committed snapshots


@pytest.mark.parametrize("plugin", reference.PLUGINS)
def test_snapshot_names_its_release(plugin):
    data, index, facts = SNAPSHOTS[plugin], INDEXES[plugin], FACTS[plugin]
    for key in ("release", "commit", "repository"):
        assert data[key] == index[key] == facts[key]
    assert re.fullmatch(r"[0-9a-f]{40}", data["commit"])
    assert data["version"] == data["release"].lstrip("v") == VERSIONS[plugin]
    assert data["plugin"] == plugin and data["license"] == "Apache-2.0"
    assert data["generated_by"].startswith("python -m dockercheck.reference")
    assert sorted(data["help"]) == sorted(index["commands"])
    assert set(data) >= {"help", "probes", "rules"}


def test_tree_sizes():
    compose, buildx = SNAPSHOTS["compose"]["help"], SNAPSHOTS["buildx"]["help"]
    assert len(compose) == 44 and len(buildx) == 36
    assert sum(len(c["options"]) for c in INDEXES["compose"]["commands"].values()) == 256
    assert sum(len(c["options"]) for c in INDEXES["buildx"]["commands"].values()) == 261
    assert INDEXES["compose"]["ignored_files"] == [
        "docker_compose_alpha_dry-run.yaml",
        "docker_compose_alpha_scale.yaml",
        "docker_compose_alpha_watch.yaml",
        "docker_compose_convert.yaml",
    ]
    assert INDEXES["buildx"]["ignored_files"] == ["buildx_policy_json-schema.md"]


# ---------------------------------------------------------------- (b) help flags == reference flags


@pytest.mark.parametrize(("plugin", "key"), ALL, ids=[f"{p}:{k}" for p, k in ALL])
def test_help_flags_match_the_reference(plugin, key):
    command = _command(plugin, key)
    ref = INDEXES[plugin]["commands"][key]
    got = {f"--{o.option}": o for o in command.options}
    assert sorted(got) == sorted(ref["options"])
    for name, expected in ref["options"].items():
        option = got[name]
        assert option.shorthand == expected["shorthand"], name
        assert option.value_type == expected["type_word"], name
        assert option.takes_value == (expected["value_type"] != "bool"), name
        if expected["default"] is not None:
            assert option.default_value == expected["default"], name
        elif option.default_value is not None:
            # the usage text itself ends in "(default ...)", which parse_help reads as a
            # default (as it does for docker's own "docker ps -a"): nothing was added
            assert f"{option.description} (default {option.default_value})" == expected["description"], name
        else:
            assert option.description == expected["description"], name
    # the flags the help hides are the probes
    probes = SNAPSHOTS[plugin]["probes"]
    for name, probe in ref["hidden_options"].items():
        assert probes[f"{key} {name}"] == probe
        assert command.option(name) is None, f"{name} is hidden but listed"


@pytest.mark.parametrize(("plugin", "key"), ALL, ids=[f"{p}:{k}" for p, k in ALL])
def test_help_tree_matches_the_reference(plugin, key):
    command = _command(plugin, key)
    ref = INDEXES[plugin]["commands"][key]
    assert command.usage == " ".join(ref["usage"].split("\n")[0].split())
    assert list(command.aliases) == ref["aliases"]
    assert sorted(c.name for c in command.subcommands) == ref["subcommands"]
    for child in ref["subcommands"]:
        assert f"{key} {child}" in SNAPSHOTS[plugin]["help"]
    assert command.is_group == command.usage.endswith(" COMMAND")


# ---------------------------------------------------------------- (c) usage and description


@pytest.mark.parametrize(("plugin", "key"), ALL, ids=[f"{p}:{k}" for p, k in ALL])
def test_usage_and_short_description(plugin, key):
    text = SNAPSHOTS[plugin]["help"][key]
    ref = INDEXES[plugin]["commands"][key]
    usage_block, rest = text.split("\n\n", 1)
    lines = usage_block.split("\n")
    assert lines[0] == f"Usage:  docker {key}" or lines[0].startswith(f"Usage:  docker {key} ")
    assert all(line.startswith(f"\tdocker {key} ") for line in lines[1:])  # compose cp has two usages
    description = rest.split("\n\n", 1)[0]
    first = description.split("\n")[0]
    assert first and first == ref["description"].split("\n")[0]
    assert not first.startswith(("docker ", "Usage", "\t")) and first[0].isupper(), first
    assert ref["short"] and not ref["short"].startswith("docker ")
    # A second usage line (compose cp, as docker's own container cp) is usage, not the description.
    assert _command(plugin, key).short == first


# ---------------------------------------------------------------- what docker's help shows


def _option(plugin, key, name):
    option = _command(plugin, key).option(name)
    assert option is not None, f"{key} {name}"
    return option


def test_type_words_and_defaults_as_pflag_prints_them():
    assert _option("compose", "compose up", "--scale").value_type == "scale"  # a `scale` in the usage
    assert _option("compose", "compose up", "-t").value_type == "int"
    assert _option("compose", "compose up", "--detach").value_type is None
    assert _option("compose", "compose", "--ansi").default_value == "auto"
    assert '(default "auto")' in SNAPSHOTS["compose"]["help"]["compose"]  # strings are quoted
    assert _option("compose", "compose", "--parallel").default_value == "-1"
    assert _option("compose", "compose", "-f").value_type == "stringArray"
    assert _option("compose", "compose run", "--cap-add").value_type == "list"
    assert _option("buildx", "buildx build", "--add-host").value_type == "strings"  # stringSlice
    assert _option("buildx", "buildx build", "--ulimit").default_value == "[]"
    assert _option("buildx", "buildx build", "--shm-size").value_type == "bytes"
    assert _option("buildx", "buildx prune", "--timeout").default_value == "20s"
    assert "(default 20s)" in SNAPSHOTS["buildx"]["help"]["buildx prune"]
    assert _option("buildx", "buildx imagetools inspect", "--format").default_value is None
    assert _option("buildx", "buildx build", "--check").value_type is None


def test_wrapping_as_pflag_does():
    for plugin in reference.PLUGINS:
        for key, text in SNAPSHOTS[plugin]["help"].items():
            for line in text.split("Options:\n", 1)[-1].split("\n\n", 1)[0].splitlines():
                # pflag breaks at spaces only: a longer line is one unbreakable word
                assert len(line) <= 79 or " " not in line.strip(), (key, line)


def test_global_and_persistent_flags():
    root = _command("compose", "compose")
    assert {"file", "project-name", "profile", "env-file", "project-directory", "ansi", "dry-run"} <= {
        o.option for o in root.options
    }
    up = _command("compose", "compose up")
    assert up.option("-f") is None and up.option("--project-name") is None  # local to docker compose
    assert up.option("--dry-run") is not None  # persistent: docker lists it under each subcommand
    assert INDEXES["compose"]["commands"]["compose up"]["options"]["--dry-run"]["inherited"]
    build = _command("buildx", "buildx build")
    assert build.option("--builder") and build.option("-D")
    assert _command("buildx", "buildx ls").option("--builder") is None  # hidden there
    assert SNAPSHOTS["buildx"]["probes"]["buildx ls --builder"] == {"exists": True, "takes_value": True}


def test_hidden_and_deprecated_flags_are_probes():
    compose, buildx = SNAPSHOTS["compose"]["probes"], SNAPSHOTS["buildx"]["probes"]
    assert compose["compose --workdir"] == {"exists": True, "takes_value": True}
    assert compose["compose -v"] == {"exists": True}
    assert compose["compose exec -t"] == {"exists": True}
    assert compose["compose up --y"]["deprecated"] == "--y is deprecated, please use --yes instead"
    assert compose["compose run --volumes"] == {"exists": True, "takes_value": True}
    assert buildx["buildx build -m"] == buildx["buildx build --memory"] == {"exists": True, "takes_value": True}
    assert buildx["buildx debug build --squash"]["deprecated"].startswith("experimental flag squash")
    assert buildx["buildx bake --list-targets"] == {
        "exists": True,
        "deprecated": "list-targets is deprecated, use list=targets instead",
    }
    for key in list(compose) + list(buildx):
        path, flag = key.rsplit(" ", 1)
        plugin = path.split()[0]
        assert _command(plugin, path).option(flag) is None, key


def test_aliases_and_hidden_commands():
    build = _command("buildx", "buildx build")
    assert build.aliases == ("docker build", "docker builder build", "docker image build", "docker buildx b")
    rules = SNAPSHOTS["buildx"]["rules"]
    assert rules["external_aliases"]["buildx build"]["aliases"] == list(build.aliases[:3])
    listing = _command("compose", "compose bridge transformations list")
    assert listing.aliases[1] == "docker compose bridge transformations ls"
    assert "alpha" not in {c.name for c in _command("compose", "compose").subcommands}
    assert "compose alpha viz" in SNAPSHOTS["compose"]["help"]
    assert {"buildx install", "buildx uninstall", "buildx dap attach"} <= set(rules["hidden_commands"])
    assert "install" not in {c.name for c in _command("buildx", "buildx").subcommands}
    assert "EXPERIMENTAL:" in SNAPSHOTS["buildx"]["help"]["buildx debug build"]
    inspect = _command("buildx", "buildx history inspect")
    assert inspect.is_group and inspect.usage == "docker buildx history inspect [OPTIONS] COMMAND"


def test_rules_cite_the_source():
    for plugin in reference.PLUGINS:
        rules = SNAPSHOTS[plugin]["rules"]
        assert set(rules) == {
            "arity",
            "non_interspersed",
            "hidden_commands",
            "experimental_commands",
            "external_aliases",
            "persistent_flags",
            "quiet_hidden_flags",
        }
        for section, entries in rules.items():
            for key, entry in entries.items():
                evidence = entry["evidence"]
                for item in [evidence] if isinstance(evidence, str) else evidence:
                    assert re.fullmatch(r"[\w./-]+\.go:\d+: .+", item), (section, key, item)
    compose = SNAPSHOTS["compose"]["rules"]
    assert set(compose["non_interspersed"]) == {"compose", "compose run", "compose exec"}
    assert set(compose["quiet_hidden_flags"]["compose exec"]["flags"]) == {"-i", "-t", "--interactive", "--tty"}
    assert (
        compose["arity"]["compose attach"]["min_args"] == 1 and compose["arity"]["compose attach"]["max_args"] is None
    )
    for key, rule in {**compose["arity"], **SNAPSHOTS["buildx"]["rules"]["arity"]}.items():
        plugin = key.split()[0]
        command = _command(plugin, key)
        # each arity rule corrects the usage line: it must disagree with what parse_help reads
        assert (command.min_args, command.max_args) != (rule["min_args"], rule["max_args"]), key


def test_the_snapshot_loads_as_a_help_source():
    data = SNAPSHOTS["compose"]
    probes = {k: FlagProbe(**v) for k, v in data["probes"].items()}
    grammar = Grammar(Snapshot(data["version"], data["help"], probes))
    group = grammar.command(("compose", "bridge", "transformations"))
    assert grammar.find_child(group, "ls").path == ("compose", "bridge", "transformations", "list")
    run = grammar.command(("compose", "run"))
    assert grammar.probe(run, "--volumes") == FlagProbe(exists=True, takes_value=True)
    assert grammar.probe(run, "--nonsense") == FlagProbe(exists=False)


# ---------------------------------------------------------------- pflag's rules themselves


def test_pflag_helpers():
    flag = reference.Flag("scale", None, "stringArray", "[]", "Scale `SERVICE` to NUM")
    assert reference.unquote_usage(flag) == ("SERVICE", "Scale SERVICE to NUM")
    assert reference.type_word(reference.Flag("n", None, "uint64", "0", "x")) == "uint"
    assert reference.type_word(reference.Flag("n", None, "bool", "false", "x")) is None
    assert reference.default_is_zero("duration", "0s") and not reference.default_is_zero("list", "[]")
    assert reference.go_quote('a "b"\n') == '"a \\"b\\"\\n"'
    text = reference.flag_usages([reference.Flag("file", "f", "string", "x y", "a " * 60)])
    lines = text.splitlines()
    assert lines[0].startswith("  -f, --file string   a a") and all(len(line) <= 79 for line in lines)
    assert lines[-1].endswith('(default "x y")')
