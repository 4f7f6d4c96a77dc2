"""docker compose and docker buildx, checked against their committed snapshots (or the live plugin).

Tables of lines per command family, valid and not; `docker-compose` (Compose
v1) checked as v2 with a warning; `docker build` as BuildKit's unless
DOCKER_BUILDKIT=0; a docker that has the compose plugin is asked live, one
that lacks it gets the snapshot and the log line says which release.
"""

from __future__ import annotations

import pytest

from dockercheck import check_line, load_grammar
from dockercheck.sources import Snapshot, plugin_snapshots
from fakedocker import make_docker, python_fake

GRAMMAR = load_grammar("snapshot")


def codes(line: str, grammar=GRAMMAR) -> list[str]:
    return [f"{f.code}@{f.column}" for f in check_line(line, grammar)]


VALID = [
    # up / down / start / stop
    "docker compose up -d",
    "docker compose up -d --build --force-recreate web db",
    "docker compose up --scale web=3 -d",
    "docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d",
    "docker compose -p myproject --profile debug up",
    "docker compose --env-file .env.prod up -d",
    "docker compose down",
    "docker compose down -v --rmi all --remove-orphans",
    "docker compose stop web",
    "docker compose restart",
    # logs / ps / top / images / config / ls
    "docker compose logs -f web",
    "docker compose logs --tail=100 -t",
    "docker compose ps -a",
    "docker compose ps --format json",
    "docker compose ls",
    "docker compose config --services",
    "docker compose images",
    "docker compose top",
    # run / exec: flag parsing stops at SERVICE, the rest is the command's
    "docker compose exec web sh -c 'ls -l'",
    "docker compose exec -it web bash",  # -i and -t are hidden defaults, no mistake
    "docker compose exec -T db psql -U postgres",
    "docker compose exec web ls -la",
    "docker compose run --rm web python manage.py migrate",
    "docker compose run -it --rm web sh",
    "docker compose run --rm -e DEBUG=1 -p 8000:8000 web npm test -- --watch",
    # build / pull / push / cp / version
    "docker compose build --no-cache",
    "docker compose build --pull web",
    "docker compose pull",
    "docker compose push web",
    "docker compose cp web:/app/log.txt .",
    "docker compose version",
    "docker compose --dry-run up -d",
    # buildx
    "docker buildx build --platform linux/amd64,linux/arm64 --push -t me/app:1.0 .",
    "docker buildx build -t app --load .",
    "docker buildx build --cache-from type=registry,ref=me/cache --cache-to type=inline -o type=docker .",
    "docker buildx build --secret id=npm,src=.npmrc --ssh default .",
    "docker buildx build -f Dockerfile.dev --target dev --build-arg VERSION=1 .",
    "docker buildx b -t app .",  # an alias of buildx build
    "docker buildx create --name mybuilder --use",
    "docker buildx create --driver docker-container --bootstrap",
    "docker buildx use mybuilder",
    "docker buildx ls",
    "docker buildx inspect --bootstrap",
    "docker buildx rm mybuilder",
    "docker buildx bake",
    "docker buildx bake --print",
    "docker buildx bake -f docker-bake.hcl app",
    "docker buildx imagetools inspect alpine",
    "docker buildx imagetools create -t me/app:latest me/app:amd64 me/app:arm64",
    "docker buildx prune -f",
    "docker buildx du",
    "docker buildx version",
    "docker --context remote buildx ls",  # docker's global flags before the plugin
    # docker build is BuildKit's docker buildx build
    "docker build --secret id=npm .",
    "docker build -t app --ssh default .",
    "docker image build -o out .",
    "docker builder build --push -t me/app .",
    "docker build --platform linux/arm64 -t app .",
    "DOCKER_BUILDKIT=1 docker build --secret id=x .",
    "DOCKER_BUILDKIT=0 docker build -t app .",
]


@pytest.mark.parametrize("line", VALID)
def test_valid_plugin_lines(line):
    assert codes(line) == []


INVALID = [
    ("docker compose upp -d", ["DC001@16"]),
    ("docker compose up --detachh", ["DC002@19"]),
    ("docker compose up -x", ["DC002@20"]),
    ("docker compose -x up", ["DC002@17"]),
    ("docker compose up -d --scale", ["DC003@22"]),
    ("docker compose logs --tail", ["DC003@21"]),
    ("docker compose exec web", ["DC005@1"]),  # SERVICE and COMMAND
    ("docker compose exec", ["DC005@1"]),
    ("docker compose run", ["DC005@1"]),
    ("docker compose port web", ["DC005@1"]),  # SERVICE PRIVATE_PORT (its validator: at least 2)
    ("docker compose up --timeout abc", ["DC004@29"]),  # an int
    ("docker compose --parallel many up", ["DC004@27"]),
    ("docker compose ls extra", ["DC006@19"]),
    ("docker compose up -d web --build", []),  # flags after SERVICE are parsed: not a mistake
    ("docker compose down --volume", ["DC102@21"]),  # deprecated: --volumes
    ("docker compose build --force-rm", ["DC101@22"]),  # a Compose v1 flag kept as a hidden no-op
    ("docker compose exec web -it bash", []),  # after SERVICE: the command's words
    ("docker buildx build --bogus .", ["DC002@21"]),
    ("docker buildx build -t app", ["DC005@1"]),  # PATH | URL | -
    ("docker buildx build . extra", ["DC006@23"]),
    ("docker buildx build -t MyApp .", ["DC004@24"]),  # tags are lowercase
    ("docker buildx biuld .", ["DC001@15"]),
    ("docker buildx imagetools inpsect alpine", ["DC001@26"]),
    ("docker buildx use", []),  # its validator: at most 1 (the Usage says NAME)
    ("docker buildx create --driver", ["DC003@22"]),
    ("docker build --bogus .", ["DC002@14"]),
    ("docker build --secret id=x", ["DC005@1"]),
    ("DOCKER_BUILDKIT=0 docker build --secret id=x .", ["DC002@32"]),  # the legacy builder has no --secret
]


@pytest.mark.parametrize(("line", "expected"), INVALID)
def test_invalid_plugin_lines(line, expected):
    assert codes(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("docker-compose up -d", ["DC108@1"]),
        ("docker-compose -f a.yml -p name up --build", ["DC108@1"]),
        ("sudo docker-compose logs -f web", ["DC108@6"]),
        ("docker-compose upp", ["DC108@1", "DC001@16"]),  # v2's grammar decides the rest
        ("docker-compose up --bogus", ["DC108@1", "DC002@19"]),
        ("docker-compose exec web", ["DC005@1", "DC108@1"]),
    ],
)
def test_compose_v1_is_checked_as_v2_with_a_warning(line, expected):
    assert codes(line) == expected
    first = next(f for f in check_line(line, GRAMMAR) if f.code == "DC108")
    assert first.suggestion == "docker compose"
    assert "'docker-compose' (Compose v1) is retired" in first.message


def test_the_source_line_names_each_plugins_release():
    grammar = load_grammar("snapshot", prefetch=[["compose", "up"], ["buildx", "build", "."]])
    line = grammar.describe()
    for name, data in plugin_snapshots().items():
        assert f"{name} {data['version']} help from snapshot of {name} {data['version']}" in line


def test_a_plugin_without_a_snapshot_stays_a_notice():
    assert [f.code for f in check_line("docker scout cves alpine", GRAMMAR)] == ["DC201"]
    assert [f.code for f in check_line("docker model run ai/smollm2", GRAMMAR)] == ["DC201"]


def _docker_with_compose(tmp_path):
    """A fake docker 28.2.2 that has the compose plugin: its help answers for `docker compose ...`."""
    compose = plugin_snapshots()["compose"]
    root = (
        Snapshot.load()
        .helps[""]
        .replace("  builder     Manage builds\n", "  builder     Manage builds\n  compose*    Docker Compose\n")
    )
    extra = {"": root, **compose["help"]}
    extra["compose up"] = extra["compose up"].replace(
        "Options:\n", "Options:\n      --livewire     A flag of this plugin's release\n"
    )
    return make_docker(tmp_path / "bin", python_fake(extra=extra)) / "docker"


def test_a_docker_with_the_compose_plugin_is_asked_live(tmp_path):
    docker = _docker_with_compose(tmp_path)
    grammar = load_grammar("live", executable=str(docker), cache_dir=tmp_path / "cache", prefetch=[["compose", "up"]])
    assert codes("docker compose up --livewire -d", grammar) == []  # its own flag, from its own help
    version = grammar.version
    assert f"compose {version} help from docker {version} at" in grammar.describe()
    assert "snapshot of compose" not in grammar.describe()
    # buildx: this docker lacks it, so its snapshot; the line says why
    assert codes("docker buildx build --push .", grammar) == []
    assert "buildx 0.36.1 help from snapshot of buildx 0.36.1; this docker has no buildx plugin" in grammar.describe()
