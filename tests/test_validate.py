"""Table-driven tests of the validator, on the committed docker 28.2.2 snapshot.

Each row: a shell line, then the findings expected as "CODE@column" (1-based
column in the line), in order. The differential test compares the error
verdicts with docker itself; these rows pin the codes, positions, messages
and suggestions.
"""

from __future__ import annotations

import os

import pytest

from dockercheck import check_line, load_grammar

GRAMMAR = load_grammar("snapshot")


def findings(line: str):
    return check_line(line, GRAMMAR)


def codes(line: str) -> list[str]:
    return [f"{f.code}@{f.column}" for f in findings(line)]


VALID = [
    "docker ps",
    "docker ps -a",
    "docker ps -aq",
    "docker ps --all --quiet",
    "docker ps --format '{{.Names}}'",
    "docker ps -n 3",
    "docker ps -n3",
    "docker ps --last=3",
    "docker ps -a=false",
    "docker container ls",
    "docker container list",
    "docker container ps -a",
    "docker image list",
    "docker image remove nginx",
    "docker remove web",  # the top-level copy of container rm keeps its alias
    "docker run -it --rm ubuntu bash",
    "docker run -dit --name web -p 8080:80 nginx",
    "docker run -itp 80:80 nginx",
    "docker run -p8080:80 nginx",
    "docker run -p=80:80 nginx",
    "docker run -t=false nginx",
    "docker run --rm=true alpine",
    "docker run -e=FOO alpine",
    "docker run -m 512m --cpus 1.5 --memory-swap -1 nginx",
    "docker run --memory 1e3 nginx",
    "docker run -m 0x1p3 alpine",  # Go's hexadecimal float: 8 bytes
    "docker run -m -0x0p0 alpine",
    "docker run --health-interval 5s --stop-timeout 10 nginx",
    "docker run --ulimit nofile=1024:2048 nginx",
    "docker run --gpus all nvidia/cuda nvidia-smi",
    "docker run ubuntu ls -la",  # after IMAGE everything belongs to the container
    "docker run --rm alpine --version",
    "docker run -it ubuntu -- bash",
    "docker exec -it web sh -c 'echo hi'",
    "docker exec web ls -la",
    "docker exec it web bash",  # docker accepts it ('it' is the container): a warning, below
    "docker rm web1 -f",  # interspersed: the flag after the argument is parsed
    "docker rm -- -f",
    "docker top web -ef",
    "docker tag nginx myrepo/nginx:1.0",
    "docker image tag a b",
    "docker images -f dangling=true",
    "docker logs -n abc web",  # --tail is a string flag
    "docker logs --tail=5 -f web",
    "docker stop -t 5 web",
    "docker stop -s KILL web",
    "docker build -t app .",
    "docker build -t app -f Dockerfile.dev .",
    "docker builder prune -af",
    "docker --debug ps",
    "docker -H unix:///var/run/docker.sock ps",
    "docker --context default ps",
    "docker -l debug info",
    "docker --log-level=debug info",
    "docker -D",
    "docker --version",
    "docker",
    "docker container",  # a group alone prints its help
    "docker ps --help",
    "docker rnu --help",  # docker prints its help, whatever comes before --help
    "docker help",
    "docker help run",
    "docker help container ls",
    "docker network create --subnet 172.20.0.0/16 mynet",
    "docker network create -d bridge mynet",
    "docker volume create --driver local vol",
    "docker volume ls -q",
    "docker system prune -a --volumes -f",
    "docker swarm join-token worker",
    "docker service create --name web --replicas 3 -p 80:80 nginx",
    "docker service scale web=5",
    "docker context create --docker host=ssh://me@host remote",
    "docker completion bash",
    "docker build -t localhost:5000/my-app:v1 .",
    "docker run --add-host db:10.0.0.1 --dns 8.8.8.8 -l a=b --link db:database nginx",
    "docker run --mount type=bind,source=/srv/data,target=/data,readonly nginx",
    "docker run --mount type=tmpfs,dst=/t,tmpfs-size=64m --sysctl net.core.somaxconn=1024 nginx",
    "docker system dial-stdio",
    "docker push <username/repository:tag>",
    "docker rm $(docker ps -aq)",  # a substitution may expand to any number of words
    "docker rm $IDS",
    "docker ps -aq | xargs docker rm",  # xargs adds the arguments
    "sudo docker ps",
    "sudo -u root docker ps",
    "DOCKER_HOST=tcp://x:2375 docker ps",
    "env DOCKER_BUILDKIT=1 docker build .",
    "time docker pull alpine",
    "docker save nginx > nginx.tar",
    "docker load < nginx.tar",
    "docker logs web 2>&1 | grep error",
    "docker run -d nginx && docker ps",
    # what the shell (or the reader) makes any number of words: no argument count
    'docker run "$@"',
    "docker run $*",
    'docker rm "${ids[@]}"',
    "docker run -v z:/foo:/dest ...",
    # placeholders: one word each, not checked as values
    "docker build -f <name of dockerfile> .",
    "docker image build -t [username]/[repository]:[tag] .",
    "docker image tag [imageName] [username]/[repository]:[tag]",
    "docker run -d {image}",
    "docker pull IMAGE",  # a metavariable naming what is expected
    "docker run -d IMAGE_NAME",
    "docker run -d 镜像名",  # a name in the note's language
    # image references docker takes
    "docker run 4fb4ef51e917",
    "docker run -d Registry.example.com/app",  # an upper-case first part is a registry
    "docker pull ubuntu@sha256:" + "a" * 64,
    "docker tag " + "a" * 64 + " myrepo/app:1",  # the source may be an image ID
    "docker history UPPER",  # the daemon parses it, not the client
    "docker push YOUR_USERNAME/myfirstapp",  # an upper-case part among lower-case ones stands for a value
    "docker run -d myapp:VERSION",
]


@pytest.mark.parametrize("line", VALID)
def test_valid_lines(line):
    errors = [f.text() for f in findings(line) if f.severity == "error"]
    assert not errors


CASES = [
    # unknown commands, with suggestions
    ("docker rnu ubuntu", ["DC001@8"]),
    ("docker imgaes", ["DC001@8"]),
    ("docker container lst", ["DC001@18"]),
    ("docker list", ["DC001@8"]),  # docker ps is its own command: no 'list' alias at the top
    ("docker rnu -p 80 x", ["DC001@8"]),  # docker names the flag; the command is the mistake
    ("docker help foo", ["DC001@13"]),
    ("docker help run extra", ["DC001@17"]),
    # unknown flags
    ("docker run --detatch nginx", ["DC002@12"]),
    ("docker ps --rm", ["DC002@11"]),
    ("docker ps -H x", ["DC002@12"]),  # short flags: the column of the letter  # a global option after the command
    ("docker --foo ps", ["DC002@8"]),
    ("docker container -a", ["DC002@19"]),
    ("docker run -ti= x", ["DC002@15"]),
    ("docker ps <-ins>", ["DC002@13"]),  # a placeholder for options is checked as options
    # missing values
    ("docker run -p", ["DC003@13"]),
    ("docker run --name", ["DC003@12"]),
    ("docker ps --format", ["DC003@11"]),
    ("docker login -u", ["DC003@15"]),
    # invalid values
    ("docker run --rm=maybe x", ["DC004@12"]),
    ("docker run -m 1x x", ["DC004@15"]),
    ("docker ps -na", ["DC004@12"]),
    ("docker ps --last=x", ["DC004@11"]),
    ("docker run --cpus abc x", ["DC004@19"]),
    ("docker stop -t abc c", ["DC004@16"]),
    ("docker run --health-interval 5 x", ["DC004@30"]),
    ("docker run --ulimit nofile x", ["DC004@21"]),
    ("docker run --gpus xyz x", ["DC004@19"]),
    ("docker images -f dangling", ["DC004@18"]),
    ("docker build -t MyApp .", ["DC004@17"]),  # image names are lowercase
    ("docker run --add-host db x", ["DC004@23"]),
    ("docker run --dns dns.google x", ["DC004@18"]),
    ("docker run --mount source=/srv x", ["DC004@20"]),  # target is required
    ("docker run --mount type=bind,src=/a,dst=/b,bogus=1 x", ["DC004@20"]),
    ("docker run --sysctl vm.swappiness=10 x", ["DC004@21"]),
    ("docker run -a stdout2 x", ["DC004@15"]),
    ("docker completion zsh extra", ["DC006@23"]),
    # arguments docker rejects before the daemon: image references and digests
    ("docker pull Ubuntu", ["DC008@13"]),
    ("docker run -d nginx:1.25:latest", ["DC008@15"]),
    ("docker pull debian@sha256:a25306f3850e1bd44541976aa7b5fd0a29be", ["DC008@13"]),
    ("docker pull " + "a" * 64, ["DC008@13"]),  # a name may not be an image ID
    ("docker tag nginx MyRepo/nginx:1 && docker tag Nginx x", ["DC008@47"]),
    ("docker commit web MyImage", ["DC008@19"]),
    ("docker pull localhost/UPPER", ["DC008@13"]),
    ("docker run x@sha256:" + "A" * 64, ["DC008@12"]),  # the digest's hex digits are lower-case
    ("docker run -env VAR1 myimage", ["DC008@17"]),  # -env is -e nv; VAR1 is the image
    ("docker run -volume /a:/b myimage", ["DC008@20"]),
    ("docker run –it ubuntu bash", ["DC008@12"]),  # an en dash: the word is the image
    ("docker ps –a", ["DC006@11"]),
    # docker network create's IPAM flags, checked together before the daemon
    ("docker network create --gateway 10.0.0.1 n", ["DC008@23"]),
    ("docker network create --subnet 10.0.0.0/24 --aux-address r=10.1.0.5 n", ["DC008@44"]),
    ("docker network create --subnet 10.0.0.0/24 --subnet 10.0.0.0/16 n", ["DC008@44"]),
    ("docker network create --subnet 10.0.0.0/24 --gateway $GATEWAY n", []),  # a variable: not checked
    # argument counts
    ("docker pull", ["DC005@1"]),
    ("docker exec -it web", ["DC005@1"]),
    ("docker network create", ["DC005@1"]),
    ("docker tag a", ["DC005@1"]),
    ("docker volume update", ["DC005@1"]),
    ("docker ps extra", ["DC006@11"]),
    ("docker attach a b", ["DC006@17"]),
    ("docker tag a b c", ["DC006@16"]),
    ("docker images -qa x y", ["DC006@21"]),
    ("docker context use", ["DC005@1"]),
    # flag syntax
    ("docker ps ---all", ["DC007@11"]),
    ("docker ps --=x", ["DC007@11"]),
    ("docker run -m -0x1p3 alpine", ["DC004@15"]),  # docker: invalid size: '-0x1p3'
    # warnings: docker accepts these, but they are mistakes
    ("docker run --net host nginx", ["DC101@12"]),
    ("docker volume create --name v", ["DC101@22"]),
    ("docker restart --time 10 web", ["DC101@16"]),
    ("docker rm -h", ["DC102@12"]),
    ("docker exec it web bash", ["DC103@13"]),
    ("docker attach web //detach", ["DC006@19", "DC104@19"]),
    ("docker attach <image_id>", ["DC105@15"]),
    ("docker run <container_name>", ["DC105@12"]),
    ("docker commit <image_id> <username/repository:tag>", ["DC105@15"]),
    ("docker exec it <image_name||image_id> bash", ["DC103@13", "DC105@16"]),
    ("docker run -e 'unterminated nginx", ["DC005@1", "DC106@15"]),  # the quote swallows the image
    # not verifiable: notices
    ("docker compose up --detachh", ["DC002@19"]),  # compose and buildx: checked against their snapshots
    ("docker buildx build -t app", ["DC005@1"]),
    ("docker bake -f x", ["DC201@8"]),
    # flags of BuildKit's builder: docker build runs buildx where it is installed, and this docker lacks it
    ("docker build --secret id=npm,env=NPM_TOKEN .", []),
    ("docker build -t app --ssh default .", []),
    ("docker image build -o out .", []),
    ("docker builder build --push -t app .", []),
    ("docker build -qo out .", []),
    ("docker build --tagg app .", ["DC002@14"]),  # no builder has it: still an error
    ("docker build --secret id=x", ["DC005@1"]),  # BuildKit's build: its PATH is missing
    ("docker <command> --help", ["DC202@8"]),
    ("docker container $SUB", ["DC202@18"]),
    # several commands on one line: each docker invocation is checked
    ("docker pull alpine && docker rnu alpine", ["DC001@30"]),
    ("docker rm $(docker ps -aq --bogus)", ["DC002@27"]),
    ("echo `docker imgaes`", ["DC001@14"]),
]


@pytest.mark.parametrize("line, expected", CASES)
def test_findings(line, expected):
    assert codes(line) == expected


@pytest.mark.parametrize(
    "line, needle, suggestion",
    [
        ("docker rnu ubuntu", "did you mean 'docker run'", "run"),
        ("docker container lst", "did you mean 'docker container ls'", "ls"),
        ("docker run --detatch nginx", "did you mean --detach", "--detach"),
        ("docker run -P80:80 nginx", "unknown flag -8 in '-P80:80'", None),
        ("docker ps -H x", "it is a global option of docker", None),
        ("docker exec it web bash", "did you mean the flags -it", "-it"),
        ("docker attach web //detach", "write a shell comment with '#'", "# detach"),
        ("docker attach <image_id>", "expects CONTAINER here, but the placeholder <image_id> names an image", None),
        ("docker attach a b", "Usage: docker attach [OPTIONS] CONTAINER", None),
        ("docker rm -h", "deprecated: use --help", "--help"),
        ("docker pull", "requires exactly 1 argument, got 0", None),
        ("docker pull debian@sha256:a25306f3", "invalid reference format", None),
        ("docker pull debian@sha256:a25306f3850e1bd44541976aa7b5fd0a29be", "invalid checksum digest length", None),
        ("docker pull Ubuntu", "repository name (library/Ubuntu) must be lowercase", None),
        ("docker ps –a", "starts with an en dash (U+2013), not a hyphen-minus: did you mean -a?", "-a"),
        ("docker run –it ubuntu bash", "did you mean -it?", "-it"),
        ("docker –version", "starts with an en dash", "-version"),
        ("docker ps ——all", "em dash (U+2014)", "--all"),
        ("docker run -env VAR1 myimage", "'-env' is read as -e nv: did you mean --env?", None),
        ("docker run -volume /a:/b myimage", "'-volume' is read as -v olume: did you mean --volume?", None),
        ("docker create -name web nginx", "did you mean --name? (a long flag takes two dashes)", "--name"),
        ("docker run -ti --c 512 nginx", "did you mean -c? (a one-letter flag takes one dash)", "-c"),
        ("docker -d --icc=false", "the daemon is now 'dockerd'", None),
        ("docker run --net host nginx", "the listed name is --network", "--network"),
        ("docker network create --subnet 10.0.0.0/24 --gateway 10.0.1.1 n", "no matching subnet for gateway", None),
        ("docker restart --time 10 web", "the listed name is --timeout", "--timeout"),
    ],
)
def test_messages_and_suggestions(line, needle, suggestion):
    found = findings(line)
    assert any(needle in f.message for f in found), [f.message for f in found]
    assert suggestion in [f.suggestion for f in found]


@pytest.mark.parametrize(
    "line, wrong",
    [
        ("docker images -viz", "global option"),  # the global -v is --version: no "write it before the command"
        ("docker -d --icc=false", "did you mean -D"),  # docker -d was the daemon, not a typo of --debug
    ],
)
def test_hints_that_would_mislead_are_not_given(line, wrong):
    found = findings(line)
    assert [f.code for f in found] == ["DC002"]
    assert wrong not in found[0].message


def test_findings_name_the_command_as_written():
    (finding,) = findings("sudo docker ps extra")
    assert finding.command == "docker ps extra"
    assert (finding.line, finding.column, finding.severity) == (1, 16, "error")


def test_docker_build_is_buildkits_unless_docker_buildkit_0_asks_for_the_legacy_builder():
    """docker build runs `docker buildx build` (the default since docker 23): its flags are buildx's."""
    assert [f.code for f in findings("docker build --secret id=npm --ssh default -o out .")] == []
    legacy = findings("DOCKER_BUILDKIT=0 docker build --secret id=npm .")
    assert [(f.code, f.column) for f in legacy] == [("DC002", 32)]
    assert "unknown flag --secret for 'docker build'" in legacy[0].message
    assert [f.code for f in findings("env DOCKER_BUILDKIT=0 docker build -t app .")] == []
    tagg = findings("docker build --tagg app .")
    assert [f.code for f in tagg] == ["DC002"]
    assert "for 'docker build' (BuildKit's 'docker buildx build')" in tagg[0].message


def test_the_probe_is_not_asked_for_unlisted_commands():
    """Only commands of docker's own tree are probed for hidden flags."""
    assert codes("docker help --net") == ["DC002@13"]


def test_did_you_mean_is_difflib_get_close_matches():
    """validate._did_you_mean is a faster difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)."""
    import difflib

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from dockercheck.validate import _did_you_mean

    names = [o.option for o in GRAMMAR.command(("container", "run")).options] + [
        r.name for r in GRAMMAR.root.subcommands
    ]
    word = st.text(alphabet="abcdeilmnoprstuv-", min_size=0, max_size=12)

    @settings(
        max_examples=max(50, int(3000 * float(os.environ.get("PROPERTY_SCALE", "1")))), deadline=None, derandomize=True
    )
    @given(word, st.lists(st.one_of(word, st.sampled_from(names)), max_size=30))
    def same(w, candidates):
        expected = difflib.get_close_matches(w, candidates, n=1, cutoff=0.6)
        assert _did_you_mean(w, candidates) == (expected[0] if expected else None)

    same()
