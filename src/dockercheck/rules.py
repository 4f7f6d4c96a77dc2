"""What docker's help text does not say but docker's parser does.

Each fact here was measured against docker 28.2.2's own parser (the
differential test in tests/test_differential.py keeps checking it) and
traced to docker/cli's source. Keys are canonical command paths: the first
path in a command's ``Aliases:`` line (``docker ps`` is ``container ls``).
"""

from __future__ import annotations

import dataclasses

from .model import Command

# Section titles besides "Usage" and "*Commands" (docker/cli cli/cobra.go).
HELP_SECTIONS = frozenset({"Aliases", "Options", "Global Options", "Examples"})

# Commands that call flags.SetInterspersed(false): flag parsing stops at the
# first positional argument, so everything after IMAGE or CONTAINER belongs
# to the command run inside the container.
NON_INTERSPERSED = frozenset(
    {
        ("container", "run"),
        ("container", "create"),
        ("container", "exec"),
        ("container", "commit"),
        ("container", "top"),
        ("image", "tag"),
        ("service", "create"),
    }
)

# Where the Usage line and the Args validator disagree: (min, max), None = no max.
#   image import: Usage "file|URL|- [REPOSITORY[:TAG]]", validator RequiresMinArgs(1)
#   plugin create: Usage "PLUGIN PLUGIN-DATA-DIR", validator RequiresMinArgs(2)
#   volume update: Usage "[VOLUME]", validator ExactArgs(1)
ARITY_OVERRIDES: dict[tuple[str, ...], tuple[int, int | None]] = {
    ("image", "import"): (1, None),
    ("plugin", "create"): (2, None),
    ("volume", "update"): (1, 1),
}

# CLI plugins people write about. When one is missing from this docker, its
# commands cannot be verified: a notice, not an error.
KNOWN_PLUGINS = frozenset(
    {
        "ai", "app", "buildx", "cloud", "cluster", "compose", "debug", "desktop", "dev",
        "extension", "feedback", "init", "mcp", "model", "offload", "sbom", "scan", "scout",
    }
)

# Commands docker hides from its listings but runs. Their paths are fixed here,
# so asking docker for their help never passes text from a snippet.
HIDDEN_COMMANDS = frozenset(
    {
        ("completion",),  # cobra's completion command
        ("completion", "bash"),
        ("completion", "fish"),
        ("completion", "powershell"),
        ("completion", "zsh"),
        ("system", "dial-stdio"),
    }
)
# Groups without docker's NoArgs validator: an unknown word just prints their help.
LENIENT_GROUPS = frozenset({("completion",)})
# Built-in stubs that only hand over to a plugin: docker parses nothing of theirs.
PLUGIN_STUBS = {"bake": "buildx"}

# Where the buildx plugin is installed, ``docker build`` (and its aliases) runs
# ``docker buildx build``; without it, the legacy builder, whose help this
# docker shows. A flag only BuildKit's builder has (``--secret``, ``--ssh``,
# ``--push``, ``-o``, ...) is then not a mistake but a command this docker
# cannot verify: a notice, as for a missing plugin. The flags of ``docker
# buildx build`` in buildx v0.36.1 (docs/reference/buildx_build.md).
BUILDX_BUILD = ("image", "build")
BUILDX_BUILD_FLAGS = frozenset(
    {
        "--add-host", "--allow", "--annotation", "--attest", "--build-arg", "--build-context", "--builder",
        "--cache-from", "--cache-to", "--call", "--cgroup-parent", "--check", "--debug", "--file", "--iidfile",
        "--label", "--load", "--metadata-file", "--network", "--no-cache", "--no-cache-filter", "--output",
        "--platform", "--policy", "--progress", "--provenance", "--pull", "--push", "--quiet", "--resource",
        "--sbom", "--secret", "--shm-size", "--ssh", "--tag", "--target", "--ulimit",
        "-D", "-f", "-o", "-q", "-t",
    }
)

# Flags docker hides from --help (MarkHidden, Hidden = true, MarkDeprecated and
# experimental annotations in docker/cli 28.x). The snapshot generator asks
# docker about each of these names for every command and records the answers.
HIDDEN_FLAG_CANDIDATES = (
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
)


def apply(command: Command) -> Command:
    """Add what the help text cannot tell: interspersion and argument-count fixes."""
    canonical = command.canonical
    changes: dict[str, object] = {}
    if canonical in NON_INTERSPERSED:
        changes["interspersed"] = False
    if canonical in ARITY_OVERRIDES:
        changes["min_args"], changes["max_args"] = ARITY_OVERRIDES[canonical]
    return dataclasses.replace(command, **changes) if changes else command
