"""Regenerate the committed snapshot of docker's help.

    python -m dockercheck.snapshot [--output src/dockercheck/data/docker-<version>.json]

Runs the docker on PATH (only ``docker <path> --help`` and
``docker <path> --help <flag>``, with no daemon reachable), walks the whole
command tree, asks about every flag docker hides from its help
(:attr:`dockercheck.profile.DOCKER.hidden_flag_candidates`) for every command
(management commands too), and
writes the answers as sorted JSON. The snapshot used by default is the one
named after :data:`dockercheck.sources.SNAPSHOT_VERSION`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import profile as profiles
from .grammar import Grammar
from .sources import LiveDocker, _probe_dict, path_key, probe_key

# A fixed, empty config location keeps the generated text free of local paths.
CONFIG_DIR = "/nonexistent/dockercheck-snapshot"


def capture(executable: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as cache:
        live = LiveDocker(executable, cache_dir=Path(cache), timeout=20, config_dir=CONFIG_DIR, budget=None)
        grammar = Grammar(live)
        paths = [path for path, ref in grammar.walk() if not ref.plugin]
        paths += sorted(profiles.DOCKER.hidden_commands)
        live.help_many(paths)
        # every command, groups too: a group's hidden persistent flag (docker stack --orchestrator) is its own
        canonical = sorted({grammar.command(p).canonical for p in paths})
        jobs = [(path, flag) for path in canonical for flag in profiles.DOCKER.hidden_flag_candidates]
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda job: live.probe(*job), jobs))
        probes = {}
        for (path, flag), answer in zip(jobs, answers, strict=True):
            if answer is None:
                raise SystemExit(f"docker gave no answer about {flag} for 'docker {path_key(path)}'")
            command = grammar.command(path)
            if answer.exists and command.option(flag) is None:
                probes[probe_key(path, flag)] = _probe_dict(answer)
        return {
            "docker_version": live.version,
            "generated_by": "python -m dockercheck.snapshot",
            "help": {path_key(p): live.helps[path_key(p)] for p in [(), *paths]},
            "probes": probes,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dockercheck.snapshot", description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="where to write (default: the package's data folder)")
    parser.add_argument("--docker", help="the docker executable (default: docker on PATH)")
    args = parser.parse_args(argv)
    data = capture(args.docker)
    output = args.output or Path(__file__).parent / "data" / f"docker-{data['docker_version']}.json"
    output.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {output}: {len(data['help'])} commands, {len(data['probes'])} hidden flags", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
