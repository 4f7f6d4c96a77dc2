"""Tests of tests/oracle.py: classification (no docker needed), refusal of
anything that is not a docker argv, and a few live verdicts and isolation
checks (oracle marker; skipped without docker/unshare, failed under CI)."""

from __future__ import annotations

import socket

import pytest

try:
    import oracle  # tests/ is on sys.path (pytest's default "prepend" import mode)
except ImportError:  # tests/ became a package
    from tests import oracle


# ---------------------------------------------------------------- classification


@pytest.mark.parametrize(
    ("output", "kind"),
    [
        ("docker: unknown command: docker foo\n\nRun 'docker --help' for more information", "unknown-command"),
        ("docker: unknown command: docker container lst\n\nUsage:  docker container\n", "unknown-command"),
        ("unknown help topic: foo", "unknown-command"),
        ("unknown flag: --foo\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]", "unknown-flag"),
        ("unknown shorthand flag: 'x' in -x", "unknown-flag"),
        ("unknown shorthand flag: 'a' in -ail", "unknown-flag"),
        ("unknown shorthand flag: '-' in --p", "unknown-flag"),
        ("bad flag syntax: ---all", "bad-flag-syntax"),
        ("flag needs an argument: --name", "missing-value"),
        ("flag needs an argument: 'p' in -p", "missing-value"),
        ('invalid argument "abc" for "-m, --memory" flag: invalid size: \'abc\'', "invalid-value"),
        ('invalid argument "yes" for "--rm" flag: strconv.ParseBool: parsing "yes": invalid syntax', "invalid-value"),
        ("docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]", "arg-count"),
        ("docker: 'docker rm' requires at least 1 argument", "arg-count"),
        ("docker: 'docker exec' requires at least 2 arguments", "arg-count"),
        ("docker: 'docker tag' requires 2 arguments", "arg-count"),
        ("docker: 'docker attach' requires 1 argument", "arg-count"),
        ("docker: 'docker images' requires at most 1 argument", "arg-count"),
        ("docker: 'docker port' requires at least 1 and at most 2 arguments", "arg-count"),
        ("accepts 1 arg(s), received 0", "arg-count"),
        # what docker rejects before the daemon and dockercheck checks: kinds of their own
        ("docker: invalid reference format\n\nRun 'docker run --help' for more information", "invalid-reference"),
        ("invalid reference format: repository name (library/UPPER) must be lowercase", "invalid-reference"),
        (
            'Error parsing reference: "a:b:c" is not a valid repository/tag: invalid reference format',
            "invalid-reference",
        ),
        ("invalid repository name (aaaa), cannot specify 64-byte hexadecimal strings", "invalid-reference"),
        ("docker: repository name must not be more than 255 characters", "invalid-reference"),
        ("invalid checksum digest length", "invalid-digest"),
        ("docker: invalid checksum digest format", "invalid-digest"),
        ("annotate: error parsing name for manifest list x@md5:00: unsupported digest algorithm", "invalid-digest"),
        ("no matching subnet for aux-address 192.170.1.5", "invalid-ipam"),
        ("multiple overlapping subnet configuration is not supported", "invalid-ipam"),
        # a parser error decides before anything docker would say later
        ("unknown flag: --foo\ninvalid reference format", "unknown-flag"),
        # a deprecation warning before the error does not hide it
        (
            "Flag --time has been deprecated, use --timeout instead\n"
            'invalid argument "x" for "-t, --timeout" flag: strconv.ParseInt',
            "invalid-value",
        ),
    ],
)
def test_classify_syntax_errors(output, kind):
    rejected, got, line = oracle.classify(output)
    assert (rejected, got) == (True, kind)
    assert line and line in output


@pytest.mark.parametrize(
    "output",
    [
        "Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?",
        "docker: Cannot connect to the Docker daemon at unix:///x. Is the docker daemon running?\n\n"
        "Run 'docker run --help' for more information",
        "the input device is not a TTY",
        "no tag specified for x",
        "open a: no such file or directory",
        "Flag --time has been deprecated, use --timeout instead\nCannot connect to the Docker daemon",
        "Flag shorthand -h has been deprecated, use --help\nUsage:  docker rm [OPTIONS] CONTAINER",
        "docker: conflicting options: cannot specify both --restart and --rm",
        "Unable to parse logging level: foo",
        "invalid scale specifier 'web'.",
        "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N]",
        # help text mentioning the words, indented, is not an error
        "Usage:  docker run\n  unknown flag: --foo would be an error",
        "Usage:  docker pull\n  a name that is not lowercase is an invalid reference format",
        "",
    ],
)
def test_classify_accepted(output):
    assert oracle.classify(output) == (False, "accepted", "")


@pytest.mark.parametrize(
    ("line", "argv"),
    [
        ("docker run <image>", ["docker", "run", "x"]),
        ("docker push <your-docker-id>/alpine:trusted", ["docker", "push", "x/alpine:trusted"]),
        ("docker exec -it <Container ID> bash", ["docker", "exec", "-it", "x", "bash"]),
        ("docker ps <-ins>", ["docker", "ps", "<-ins>"]),  # stands for flags: docker's parser sees it
        ("docker load '<' x", ["docker", "load", "<", "x"]),
    ],
)
def test_placeholders_are_filled_in_for_docker(line, argv):
    assert oracle.docker_argv(line) == argv


def test_first_lines_drops_legacy_builder_banner():
    out = (
        "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
        "            Install the buildx component to build images with BuildKit:\n"
        "            https://docs.docker.com/go/buildx/\n\nunknown flag: --load\n"
    )
    assert oracle._first_lines(out) == "unknown flag: --load"


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["ls", "-la"],
        ["sudo", "docker", "ps"],
        ["/usr/bin/docker", "ps"],
        ["Docker", "ps"],
        ["sh", "-c", "docker ps"],
    ],
)
def test_refuses_argv_not_starting_with_docker(argv, monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("nothing may run")

    monkeypatch.setattr(oracle, "_run_isolated", boom)
    with pytest.raises(ValueError, match="argv\\[0\\] must be 'docker'"):
        oracle.docker_verdict(argv)


def test_refuses_strings_and_non_str_items(monkeypatch):
    monkeypatch.setattr(oracle, "_run_isolated", lambda *a: pytest.fail("ran"))
    with pytest.raises(TypeError):
        oracle.docker_verdict("docker ps")
    with pytest.raises(TypeError):
        oracle.docker_verdict(["docker", 1])
    with pytest.raises(ValueError):
        oracle.docker_verdict(["docker", "p\0s"])


def test_batch_validates_everything_before_running(monkeypatch):
    monkeypatch.setattr(oracle, "_run_isolated", lambda *a: pytest.fail("ran"))
    with pytest.raises(ValueError):
        oracle.docker_verdicts([["docker", "ps"], ["rm", "-rf", "x"]])


# ---------------------------------------------------------------- live verdicts


@pytest.fixture
def live_oracle():
    oracle.require_oracle()


@pytest.mark.oracle
@pytest.mark.parametrize(
    ("argv", "rejected", "kind"),
    [
        (["docker", "ps"], False, "accepted"),
        (["docker", "ps", "extra"], True, "arg-count"),
        (["docker", "--foo", "ps"], True, "unknown-flag"),
        (["docker", "foo"], True, "unknown-command"),
        (["docker", "run", "-p"], True, "missing-value"),
        (["docker", "run", "--memory", "abc", "nginx"], True, "invalid-value"),
        (["docker", "exec", "it", "web", "bash"], False, "accepted"),
        (["docker", "container"], False, "accepted"),
    ],
)
def test_live_verdicts(live_oracle, argv, rejected, kind):
    v = oracle.docker_verdict(argv)
    assert (v.rejected, v.kind) == (rejected, kind), v.output
    assert v.argv == tuple(argv)
    if rejected:
        assert v.message and v.message in v.output


@pytest.mark.oracle
def test_batch_keeps_order(live_oracle):
    argvs = [["docker", "ps"], ["docker", "foo"], ["docker", "ps", "x"]] * 3
    kinds = [v.kind for v in oracle.docker_verdicts(argvs)]
    assert kinds == ["accepted", "unknown-command", "arg-count"] * 3


@pytest.mark.oracle
def test_no_network_even_to_loopback(live_oracle):
    """A command's own -H tcp://... reaches nothing: docker runs in a new
    network namespace, whose loopback is not this one."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(0.5)
        port = server.getsockname()[1]
        v = oracle.docker_verdict(["docker", "-H", f"tcp://127.0.0.1:{port}", "ps"])
        assert not v.rejected
        assert f"127.0.0.1:{port}" in v.output
        with pytest.raises(TimeoutError):
            server.accept()


@pytest.mark.oracle
def test_environment_is_not_inherited(live_oracle, monkeypatch):
    monkeypatch.setenv("DOCKER_CONTEXT", "no-such-context")
    monkeypatch.setenv("DOCKER_HOST", "tcp://127.0.0.1:9")
    v = oracle.docker_verdict(["docker", "ps"])
    assert "unix:///nonexistent.sock" in v.output


@pytest.mark.oracle
def test_each_call_has_a_fresh_config(live_oracle):
    created = oracle.docker_verdict(
        ["docker", "context", "create", "oracle-test-ctx", "--docker", "host=unix:///nonexistent.sock"]
    )
    assert "Successfully created context" in created.output
    listed = oracle.docker_verdict(["docker", "context", "ls"])
    assert "oracle-test-ctx" not in listed.output


@pytest.mark.oracle
def test_available_and_version(live_oracle):
    assert oracle.available()
    assert oracle.docker_version()
