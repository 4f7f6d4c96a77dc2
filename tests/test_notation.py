"""The documentation-aware reading of code blocks, one table row per rule.

Each row: a fence's language, its lines, and the findings expected as
"LINE:CODE" (the file's line: the fence is line 1). The reading decides what
a line is before docker's rules apply (a command, a usage synopsis, output,
prose; which shell reads the block) and that no docker line is skipped
without a notice (DC205 on the fence).
"""

from __future__ import annotations

import pytest

from dockercheck import check_document, load_grammar
from dockercheck.notation import block_reading, mentions, synopsis_marks

GRAMMAR = load_grammar("snapshot")


def found(language: str, *lines: str) -> list[str]:
    text = f"```{language}\n" + "\n".join(lines) + "\n```\n"
    return [f"{f.line}:{f.code}" for f in check_document(GRAMMAR, text, "page.md").findings]


def messages(language: str, *lines: str) -> list[str]:
    text = f"```{language}\n" + "\n".join(lines) + "\n```\n"
    return [f.message for f in check_document(GRAMMAR, text, "page.md").findings]


READINGS = [
    # -- usage synopses: checked as synopses, one notice each (not docker's argument count)
    ("sh", ["docker ps [OPTIONS]"], ["2:DC203"]),
    ("sh", ["docker run [OPTIONS] IMAGE [COMMAND] [ARG...]"], ["2:DC203"]),
    ("sh", ["docker [选项] 命令 [参数]"], ["2:DC203"]),
    ("sh", ["docker pull [选项] [Docker Registry 地址[:端口号]/]仓库名[:标签]"], ["2:DC203"]),
    ("sh", ["docker image COMMAND"], ["2:DC203"]),
    ("sh", ["docker build [OPTIONS] PATH | URL | -"], ["2:DC203"]),
    ("sh", ["docker inspect NAME|ID"], ["2:DC203"]),
    ("sh", ["docker stop/start/restart container"], ["2:DC203"]),
    ("sh", ["docker build / push / pull / tag"], ["2:DC203"]),
    ("sh", ["docker ps [-a]                 # 列出容器"], ["2:DC203"]),
    ("sh", ["docker port CONTAINER [PRIVATE_PORT[/PROTO]]"], ["2:DC203"]),
    ("sh", ["docker pause CONTAINER [CONTAINER...]"], ["2:DC203"]),
    # a synopsis that does not match docker: a warning, not an error
    ("sh", ["docker ps [-x]"], ["2:DC107"]),
    ("sh", ["docker registry COMMAND"], ["2:DC107"]),
    ("sh", ["docker stopp/start container"], ["2:DC107"]),
    # a synopsis of a CLI plugin this docker lacks: not verified
    ("sh", ["docker compose up [-d]"], ["2:DC203"]),  # a synopsis of compose's, checked against its grammar
    # a command named without its arguments, one option shown alone: a notice
    ("sh", ["docker stack rm            # 删除一个或多个堆栈"], ["2:DC203"]),
    ("sh", ["docker network create", "docker network connect"], ["2:DC203", "3:DC203"]),
    ("sh", ["docker run --read-only"], ["2:DC203"]),
    ("sh", ["docker run -v /Users/me/src:/src"], ["2:DC203"]),
    ("sh", ["$ docker run -d", "# 等价于", "$ docker run -d=true"], ["2:DC203", "4:DC203"]),
    # ... but its option is checked, and two options are a command
    ("sh", ["docker run --readonly"], ["2:DC002"]),
    ("sh", ["$ docker logs -f --until=2s"], ["2:DC005"]),
    # a line that goes on below without its '\': docker's error, with the hint
    ("bash", ["docker run \\", "  --name es", "  -p 9200:9200 \\", "  elasticsearch:6.4.2"], ["2:DC005"]),
    # placeholders and brackets in real commands are not synopses
    ("sh", ["docker image build -t [username]/[repository]:[tag] ."], []),
    ("sh", ["docker container cp [containID]:[/path/to/file] ."], []),
    ("sh", ["docker run -d -p [::1]:8080:80 nginx"], []),
    ("sh", ['if [ -n "$(docker ps -q)" ]; then docker ps; fi'], []),
    ("sh", ['docker ps -q && [ -n "$x" ]'], []),
    ("sh", ["docker exec -it <Container ID> bash"], []),
    # -- output and prose
    ("", ["$ sudo service docker stop", "docker stop/waiting"], ["1:DC205"]),
    (
        "",
        ["$ docker swarm init", "To add a worker, run:", "    docker swarm join --token SWMTKN-1-x 10.0.0.5:2377"],
        [],
    ),
    ("sh", ["$ docker network ls", "docker network create --subnet 203.0.113.0/24 iptastic"], []),
    ("sh", ["$ docker network ls", "docker network create --sbunet 203.0.113.0/24 iptastic"], ["3:DC002"]),
    ("", ["WARNING: Adding a user to the docker group will grant", "         docker host."], ["3:DC204"]),
    ("", ["… use `docker stack deploy` to deploy the stack …"], ["2:DC204"]),
    ("", ["Use `docker ps` to list the containers."], ["2:DC204"]),
    ("", ["terraform {", "  required_providers {", "    docker = {"], ["4:DC204"]),  # configuration, not a command
    ("sh", ["for c in `docker ps -aq`; do docker rm $c; done"], []),
    ("sh", ["echo `docker imgaes`"], ["2:DC001"]),
    ("sh", ["docker rnu ubuntu"], ["2:DC001"]),
    # -- prompts of every style: the commands are checked
    ("", ["user@host:~$ sudo docker info --bogus"], ["2:DC002"]),
    ("", ["[root@host ~]# docker ps --bogus"], ["2:DC002"]),
    ("", ["PS C:\\> docker version --bogus"], ["2:DC002"]),
    ("", ["C:\\Users\\me> docker ps --bogus"], ["2:DC002"]),
    ("", ["> docker container ls --bogus", "CONTAINER ID"], ["2:DC002"]),
    ("", ["➜  app git:(main) docker ps --bogus"], ["2:DC002"]),
    ("", ["node1$ docker node ls --bogus", "ID  HOSTNAME"], ["2:DC002"]),  # a prompt of its own style
    ("", ["[Captain]🚩 >  docker buildx ls", "NAME/NODE"], []),  # buildx's grammar: a valid command
    # -- every docker line is checked or counted in the block's notice
    ("sh", ["# docker 官方源", "docker ps"], ["1:DC205"]),
    ("bash", ["docker-compose up -d", "docker ps"], ["2:DC108"]),  # checked as compose v2, with a warning
    ("text", ["docker ps [OPTIONS]"], ["1:DC205"]),
    ("dockerfile", ["FROM alpine", "# docker run myimage --debug"], ["1:DC205"]),
    ("groovy", ["docker {", "  image 'node'", "}"], ["1:DC205"]),
    ("sh", ["cat <<EOF", "docker ps --bogus", "EOF"], ["1:DC205"]),
    ("python", ["print('no docker command here')"], []),
    # -- cmd and PowerShell, with their own quoting; YAML and Makefile script lines
    ("cmd", ["docker ps -a", "docker run -v %cd%:/app --rm alpine ls"], []),
    ("cmd", ["REM docker ps", "docker images --bogus"], ["3:DC002"]),  # a REM line is not a command line
    ("cmd", ["docker run -d ^", "  --bogus nginx"], ["3:DC002"]),
    ("powershell", ["docker run -d `", "  -v C:\\data:C:\\data `", "  --name db nginx"], []),
    ("powershell", ["docker run -d `", "  --bogus nginx"], ["3:DC002"]),
    ("powershell", ["docker rm -f (docker ps -aq)", "$env:IMAGE = 'x'; docker pull $env:IMAGE"], []),
    ("", ["mkdir C:\\iis-logs; `", "", "docker container run --detach `", ' --volume "C:\\a:C:\\b" `', " iis"], []),
    ("cmd", ["docker run -p 80 \\", '    -e "EMAIL=a@b.c" \\', "    -d dpage/pgadmin4"], []),  # sh in a cmd block
    ("yml", ["script:", "  - docker build -t $IMAGE .", "  - docker rm -rf web"], ["4:DC002"]),
    ("yaml", ["services:", "  app:", "    image: docker:latest"], []),
    ("makefile", ["build:", "\t@docker build -t app .", "\t-docker rm --bogus app"], ["4:DC002"]),
    # -- shell details: a blank after the '\' that ends a line
    ("sh", ["docker run -d \\ ", "  --name web nginx"], ["2:DC106"]),
]


@pytest.mark.parametrize("language, lines, expected", READINGS)
def test_reading(language, lines, expected):
    assert found(language, *lines) == expected


@pytest.mark.parametrize(
    "language, lines, needle",
    [
        ("sh", ["docker ps [OPTIONS]"], "read as a usage synopsis (it has [OPTIONS])"),
        ("sh", ["docker ps [OPTIONS]"], "put it in a ```text block"),
        ("sh", ["docker ps [-x]"], "'docker ps' has no flag -x"),
        ("sh", ["docker registry COMMAND"], "'docker registry' is not a docker command"),
        ("sh", ["docker stopp/start container"], "did you mean 'docker stop'"),
        ("sh", ["docker stack deploy  # 部署"], "names 'docker stack deploy' without STACK"),
        ("sh", ["docker run --read-only"], "shows the option --read-only of 'docker run' without IMAGE"),
        ("bash", ["docker run \\", "  --name es", "  -p 9200:9200 x"], "is a '\\' missing at the end of this line?"),
        ("", ["         docker host."], "read as printed output or prose"),
        ("sh", ["# docker 官方源"], "line 2: a comment"),
        ("bash", ["docker-compose up -d"], "'docker-compose' (Compose v1) is retired; write 'docker compose'"),
        (
            "bash",
            ["docker-compose restart/start/stop [服务名称]"],
            "'docker compose restart' and 'docker compose start'",
        ),
        ("yaml", ["x: 1", 'cmd: "docker run x"'], "not a command the block's shell reads"),
        ("text", ["docker ps"], "a `text` block is shown as text"),
        ("", ["$ sudo service docker stop", "docker stop/waiting"], "printed output"),
        ("sh", ["docker run -d \\ ", "  nginx"], "a blank after the '\\' that ends this line"),
        ("", ["docker = {"], "'=' is not a command name"),
    ],
)
def test_what_the_reading_says(language, lines, needle):
    said = messages(language, *lines)
    assert any(needle in m for m in said), said


@pytest.mark.parametrize(
    "text, marks",
    [
        ("docker ps [OPTIONS]", ["[OPTIONS]"]),
        ("docker logs [-f] container", ["[-f]"]),
        ("docker pull NAME[:TAG|@DIGEST]", ["[:TAG|@DIGEST]"]),
        ("docker pull [Registry地址/]仓库名", ["[Registry地址/]"]),
        ("docker rm CONTAINER...", ["CONTAINER..."]),
        ("docker cp CONTAINER:SRC DEST|-", ["|-"]),
        ("docker tag [imageName] [username]/[repository]:[tag]", []),
        ("docker run -e 'X=[A]' -p [::1]:80:80 img", []),
        ("docker ps | grep [a-z]", []),
    ],
)
def test_synopsis_marks(text, marks):
    assert synopsis_marks(text) == marks


@pytest.mark.parametrize(
    "language, content, dialect",
    [
        ("bash", ["docker ps"], "posix"),
        ("", ["docker run -d `", "  nginx"], "powershell"),
        ("", ["PS C:\\> docker ps"], "powershell"),
        ("console", ["C:\\> docker ps"], "cmd"),
        ("ps1", ["docker ps"], "powershell"),
        ("bat", ["docker ps"], "cmd"),
        ("cmd", ["docker run \\", "  nginx"], "posix"),
        ("yml", ["- docker ps"], "posix"),
        ("text", ["docker ps"], None),
    ],
)
def test_which_shell_reads_a_block(language, content, dialect):
    assert block_reading(language, content).dialect == dialect


@pytest.mark.parametrize(
    "line, program",
    [
        ("docker ps", "docker"),
        ("$ sudo DOCKER_BUILDKIT=1 docker build .", "docker"),
        ("[root@host ~]# docker ps", "docker"),
        ("PS C:\\> docker.exe ps", "docker"),
        ("  - if [ $(docker ps -q) ]; then echo; fi", "docker"),
        ("run: docker-compose up", "docker-compose"),
        ("image: docker:latest", None),
        ("      --docker host=/var/run/docker.sock \\", None),
        ("Captain'sBay==>sudo docker context rm -f context2", "docker"),  # a prompt of its own style
        ("the docker daemon", None),
    ],
)
def test_which_lines_start_a_docker_command(line, program):
    assert mentions(line) == program


def test_the_reading_changes_only_bare_names_and_lone_options_on_the_differential_corpus():
    """Read as documentation, the differential corpus's lines (commands as people type them) keep
    docker's verdicts, except lines docker rejects for their argument count that name a command
    with no argument and at most one option (``docker pull``, ``docker run -d``): a DC203 notice,
    as in notes, where such a line shows the command or the option rather than runs it."""
    import oracle
    from dockercheck import check_line

    changed = []
    for line, (rejected, kind, _) in oracle.load_expected().items():
        as_command = [f.code for f in check_line(line, GRAMMAR)]
        as_notes = [f.code for f in check_document(GRAMMAR, f"```sh\n{line}\n```\n", "p.md").findings]
        if as_command != as_notes:
            changed.append(line)
            assert rejected and kind == "arg-count" and as_command == ["DC005"] and as_notes == ["DC203"], line
            words = oracle.argv_of(line)[1:]
            assert sum(w.startswith("-") for w in words) <= 1, line
    assert 0 < len(changed) < 80, len(changed)


def test_a_synopsis_stays_among_the_invocations_marked_as_one_and_output_does_not():
    """The report keeps what was read as a synopsis (the cheat sheet may show or leave it), not output or prose."""
    text = (
        "```\n$ docker ps [OPTIONS]\n$ docker ps -a\ndocker stop/waiting\n```\n\n"
        "```\nUse `docker ps` to list them.\n```\n"
    )
    report = check_document(GRAMMAR, text, "p.md")
    assert [(c.invocation.text, c.reading) for c in report.invocations] == [
        ("docker ps [OPTIONS]", "synopsis"),
        ("docker ps -a", "command"),
    ]
    assert [f"{f.line}:{f.code}" for f in report.findings] == ["1:DC205", "2:DC203", "8:DC204"]
