"""What the checker knows about a command-line program beyond its help text: its profile.

Everything docker-specific that is not in docker's help sits here, in one
:class:`Profile` value (:data:`DOCKER`): the program's name, the sections of
its help, its help and version flags, the environment that keeps it from a
daemon, how to read its version, and the facts its help does not state but
its parser applies (where flag parsing stops, argument counts that differ
from the Usage line, hidden commands...). A CLI plugin of docker (compose,
buildx) is a profile built from the ``rules`` of its committed snapshot
(:func:`plugin_profile`); another cobra-style CLI would be one more profile
and a snapshot, not edits across the modules.

Each of docker's facts was measured against docker 28.2.2's own parser (the
differential test in tests/test_differential.py keeps checking it) and traced
to docker/cli's source. Command paths are canonical: the first path in a
command's ``Aliases:`` line (``docker ps`` is ``container ls``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import values
from .model import Command, Option, Param, Parsing

Path = tuple[str, ...]


COBRA_HELP = Option("help", shorthand="h", description="Print usage", shorthand_deprecated="use --help")


@dataclass(frozen=True)
class Profile:
    name: str  # "docker", "compose": what the findings and the help call the program
    program: str  # the command that runs it: "docker"
    mount: Path = ()  # where its commands sit in docker's tree: ("compose",) for the compose plugin
    help_sections: frozenset[str] = frozenset({"Aliases", "Options", "Global Options", "Examples"})
    # cobra's help flag, added to every command; docker deprecates its -h shorthand
    help_flag: Option = COBRA_HELP
    version_flag: str | None = "version"  # a flag of the root that prints and stops
    version_pattern: re.Pattern[str] = re.compile(r"^Docker version (?P<version>[0-9][0-9A-Za-z.+~-]*)[, ]")
    # the environment of a live run: variables dropped, and set
    scrubbed_env: tuple[str, ...] = ()
    set_env: Mapping[str, str] = field(default_factory=dict)
    config_env: str = "DOCKER_CONFIG"  # the variable naming its configuration folder
    plugin_dirs: tuple[str, ...] = ()  # where its CLI plugins are installed (they change its help)
    parsing: Mapping[Path, Parsing] = field(default_factory=dict)
    arity: Mapping[Path, tuple[int, int | None]] = field(default_factory=dict)  # (min, max); None: no max
    hidden_commands: frozenset[Path] = frozenset()
    lenient_groups: frozenset[Path] = frozenset()  # groups that print help for an unknown word
    plugins: frozenset[str] = frozenset()  # CLI plugins people write about
    plugin_stubs: Mapping[str, str] = field(default_factory=dict)  # built-in word -> the plugin it hands over to
    hidden_flag_candidates: tuple[str, ...] = ()  # flags the snapshot generator asks about for every command
    bare_flag_commands: frozenset[Path] = frozenset()  # where '-it' is idiomatic and a bare 'it' a slip
    executables: tuple[str, ...] = ()  # the names a command line runs it by (a path's last part)
    # hidden flags that are no mistake (compose exec's -i/-t: hidden because they are the default)
    quiet_hidden_flags: Mapping[Path, frozenset[str]] = field(default_factory=dict)
    # retired programs whose lines are checked as the command that replaced them: name -> its path
    legacy_programs: Mapping[str, Path] = field(default_factory=dict)
    snapshot: str = ""  # the committed help snapshot (package data), for a program without one on PATH
    # values its parser checks beyond the type word: (command, flag) -> check (see values.py)
    flag_checks: Mapping[tuple[Path, str], values.Check] = field(default_factory=dict)
    # kinds of objects its commands take, and the words that name them in placeholders and Usage lines
    object_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> words in a placeholder
    param_prefixes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> Usage parameter prefixes
    # release, commit and repository of a plugin's snapshot, for the source statement
    release: str = ""
    # positional arguments its client parses as image references before any daemon: command ->
    # per argument, "any" (an image ID or a name), "named" (a name) or None (not parsed there);
    # a last mode ending in "*" applies to every later argument too
    reference_args: Mapping[Path, tuple[str | None, ...]] = field(default_factory=dict)
    # checks its client makes on several flags of a command together, before the daemon (see values.py)
    option_set_checks: Mapping[Path, values.OptionSetCheck] = field(default_factory=dict)
    # flags of old releases its parser no longer has, and what replaced them: (command, flag) -> hint
    retired_flags: Mapping[tuple[Path, str], str] = field(default_factory=dict)

    def object_kind(self, placeholder: str) -> str | None:
        """The one kind of object a placeholder names (``<container_id>``: container), if exactly one."""
        text = placeholder.lower()
        found = [
            kind
            for kind, words in self.object_words.items()
            if any(
                text == w[1:] if w.startswith("=") else text.endswith(w[1:]) if w.startswith("$") else w in text
                for w in words
            )
        ]
        return found[0] if len(found) == 1 else None

    def param_kind(self, param: Param) -> str | None:
        """The kind of object a Usage parameter takes (``CONTAINER...``: container)."""
        name = param.name.upper()
        return next(
            (
                kind
                for kind, prefixes in self.param_prefixes.items()
                if any(name == p[1:] if p.startswith("=") else name.startswith(p) for p in prefixes)
            ),
            None,
        )

    def apply(self, command: Command) -> Command:
        """Add what the help text cannot tell: the parsing mode and argument-count fixes."""
        changes: dict[str, Any] = {}
        canonical = command.canonical
        if canonical in self.parsing:
            changes["parsing"] = self.parsing[canonical]
        if canonical in self.arity:
            changes["min_args"], changes["max_args"] = self.arity[canonical]
        if command.program != self.program:
            changes["program"] = self.program
        if self.mount and any(a.split()[1 : 1 + len(self.mount)] != list(self.mount) for a in command.aliases):
            # Aliases outside the plugin (buildx build's "docker build") are docker's, not the plugin's names.
            changes["aliases"] = tuple(
                a for a in command.aliases if a.split()[1 : 1 + len(self.mount)] == list(self.mount)
            )
        return dataclasses.replace(command, **changes) if changes else command


BOGUS_HOST = "unix:///nonexistent/dockercheck.sock"

DOCKER = Profile(
    name="docker",
    program="docker",
    # docker's variables that could point it at a daemon or change what help shows
    scrubbed_env=(
        "DOCKER_HOST",
        "DOCKER_CONTEXT",
        "DOCKER_TLS",
        "DOCKER_TLS_VERIFY",
        "DOCKER_CERT_PATH",
        "DOCKER_API_VERSION",
        "DOCKER_HIDE_LEGACY_COMMANDS",
        "DOCKER_CLI_EXPERIMENTAL",
        "COLUMNS",
    ),
    set_env={"DOCKER_HOST": BOGUS_HOST, "DOCKER_CLI_HINTS": "false", "LC_ALL": "C"},
    plugin_dirs=(
        "{config}/cli-plugins",
        "/usr/local/lib/docker/cli-plugins",
        "/usr/local/libexec/docker/cli-plugins",
        "/usr/lib/docker/cli-plugins",
        "/usr/libexec/docker/cli-plugins",
    ),
    # Commands that call flags.SetInterspersed(false): everything after IMAGE or
    # CONTAINER belongs to the command run inside the container.
    parsing=dict.fromkeys(
        (
            ("container", "run"),
            ("container", "create"),
            ("container", "exec"),
            ("container", "commit"),
            ("container", "top"),
            ("image", "tag"),
            ("service", "create"),
        ),
        Parsing.STOPS,
    ),
    # Where the Usage line and the Args validator disagree:
    #   image import: Usage "file|URL|- [REPOSITORY[:TAG]]", validator RequiresMinArgs(1)
    #   plugin create: Usage "PLUGIN PLUGIN-DATA-DIR", validator RequiresMinArgs(2)
    #   volume update: Usage "[VOLUME]", validator ExactArgs(1)
    arity={("image", "import"): (1, None), ("plugin", "create"): (2, None), ("volume", "update"): (1, 1)},
    # Commands docker hides from its listings but runs. Their paths are fixed here,
    # so asking docker for their help never passes text from a snippet.
    hidden_commands=frozenset(
        {
            ("completion",),  # cobra's completion command
            ("completion", "bash"),
            ("completion", "fish"),
            ("completion", "powershell"),
            ("completion", "zsh"),
            ("system", "dial-stdio"),
        }
    ),
    # Groups without docker's NoArgs validator: an unknown word just prints their help.
    lenient_groups=frozenset({("completion",)}),
    # CLI plugins people write about. When one is missing from this docker and no
    # snapshot of it is shipped, its commands cannot be verified: a notice.
    plugins=frozenset(
        {
            "ai",
            "app",
            "buildx",
            "cloud",
            "cluster",
            "compose",
            "debug",
            "desktop",
            "dev",
            "extension",
            "feedback",
            "init",
            "mcp",
            "model",
            "offload",
            "sbom",
            "scan",
            "scout",
        }
    ),
    # Built-in stubs that only hand over to a plugin: docker parses nothing of theirs.
    plugin_stubs={"bake": "buildx"},
    # Flags docker hides from --help (MarkHidden, Hidden = true, MarkDeprecated and
    # experimental annotations in docker/cli 28.x).
    hidden_flag_candidates=(
        "--checkpoint",
        "--checkpoint-dir",
        "--disable-content-trust",
        "--dns-opt",
        "--kernel-memory",
        "--name",
        "--net",
        "--net-alias",
        "--orchestrator",
        "--pause",
        "--squash",
        "--time",
        "--tree",
        "--use-api-socket",
    ),
    bare_flag_commands=frozenset({("container", "run"), ("container", "create"), ("container", "exec")}),
    executables=("docker", "docker.exe"),
    # Compose v1 (a Python program, retired in 2023): `docker-compose up` is `docker compose up` in v2.
    legacy_programs={"docker-compose": ("compose",), "docker-compose.exe": ("compose",)},
    snapshot="docker-28.2.2.json",
    flag_checks=values.FLAG_CHECKS,
    option_set_checks=values.OPTION_SET_CHECKS,
    # words in a placeholder ("=" whole word, "$" at its end, else anywhere) and Usage parameters
    object_words={
        "image": ("image", "repositor", "=repo", "=tag", "$:tag", "$/repo"),
        "container": ("container",),
        "volume": ("volume",),
        "network": ("network",),
    },
    param_prefixes={
        "image": ("IMAGE", "SOURCE_IMAGE", "TARGET_IMAGE", "NAME[:TAG", "REPOSITORY"),
        "container": ("CONTAINER",),
        "volume": ("=VOLUME",),
        "network": ("=NETWORK",),
    },
    # Measured with docker 28.2.2 (tests/differential: "image references"); in docker/cli:
    # run and create call reference.ParseAnyReference on IMAGE (an image ID is allowed),
    # client.ImageTag ParseAnyReference on SOURCE and ParseNormalizedNamed on TARGET, pull,
    # push, commit, trust sign/revoke/inspect, plugin install/push/create and the manifest
    # commands ParseNormalizedNamed. history, rmi, save, image inspect and service create leave
    # IMAGE to the daemon; manifest rm and create parse later names after a registry call.
    reference_args={
        ("container", "run"): ("any",),
        ("container", "create"): ("any",),
        ("image", "tag"): ("any", "named"),
        ("image", "pull"): ("named",),
        ("image", "push"): ("named",),
        ("container", "commit"): (None, "named"),
        ("trust", "sign"): ("named",),
        ("trust", "revoke"): ("named",),
        ("trust", "inspect"): ("named*",),
        ("plugin", "install"): ("named",),
        ("plugin", "push"): ("named",),
        ("plugin", "create"): ("named",),
        ("manifest", "create"): ("named", "named"),
        ("manifest", "annotate"): ("named", "named"),
        ("manifest", "inspect"): ("named", "named"),
        ("manifest", "push"): ("named",),
        ("manifest", "rm"): ("named",),
    },
    retired_flags={
        ((), "-d"): "'docker -d' started the daemon before docker 1.8; the daemon is now 'dockerd'",
        ((), "--daemon"): "'docker --daemon' started the daemon before docker 1.8; the daemon is now 'dockerd'",
    },
)


def plugin_profile(data: Mapping, base: Profile = DOCKER) -> Profile:
    """The profile of a CLI plugin from its snapshot (``reference.py``'s ``rules``).

    Paths in the snapshot are docker's (``compose up``); the plugin runs as
    ``docker <plugin>``, with docker's help flag and environment.
    """
    rules = data.get("rules", {})

    def paths(section: str) -> list[Path]:
        return [tuple(key.split()) for key in rules.get(section, {})]

    parsing = dict.fromkeys(paths("non_interspersed"), Parsing.STOPS)
    arity = {
        tuple(key.split()): (int(entry["min_args"]), None if entry["max_args"] is None else int(entry["max_args"]))
        for key, entry in rules.get("arity", {}).items()
    }
    quiet = {
        tuple(key.split()): frozenset(entry["flags"]) for key, entry in rules.get("quiet_hidden_flags", {}).items()
    }
    return Profile(
        name=data["plugin"],
        program=base.program,
        mount=(data["plugin"],),
        help_sections=base.help_sections,
        help_flag=base.help_flag,
        version_flag=None,
        version_pattern=base.version_pattern,
        scrubbed_env=base.scrubbed_env,
        set_env=base.set_env,
        config_env=base.config_env,
        plugin_dirs=base.plugin_dirs,
        executables=base.executables,
        object_words=base.object_words,
        param_prefixes=base.param_prefixes,
        parsing=parsing,
        arity=arity,
        hidden_commands=frozenset(paths("hidden_commands")),
        quiet_hidden_flags=quiet,
        flag_checks=base.flag_checks,
        release=f"{data['plugin']} {data['release']}",
    )
