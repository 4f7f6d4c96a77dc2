"""Where commands are: fenced blocks, prompts, prefixes, exact positions, suppressions."""

from __future__ import annotations

import textwrap

import pytest

from dockercheck import check_document, extract, load_grammar

GRAMMAR = load_grammar("snapshot")


def doc(text: str):
    return extract(textwrap.dedent(text).lstrip("\n"))


def positions(text: str) -> list[tuple[int, int, str]]:
    return [(i.line, i.column, i.text) for i in doc(text).invocations]


def check(text: str) -> list[str]:
    text = textwrap.dedent(text).lstrip("\n")
    report = check_document(GRAMMAR, text, "page.md")
    return [f"{f.line}:{f.column} {f.code}" for f in report.findings]


def test_front_matter_keeps_file_line_numbers():
    text = """
    ---
    title: x
    category:
    - devops
    ---

    ```bash
    docker ps
    ```
    """
    assert positions(text) == [(8, 1, "docker ps")]


@pytest.mark.parametrize(
    "language", ["", "bash", "sh", "shell", "console", "shell-session", "zsh", "Bash", 'bash title="x"', "{.bash}"]
)
def test_shell_languages(language):
    assert positions(f"```{language}\ndocker ps\n```\n") == [(2, 1, "docker ps")]


@pytest.mark.parametrize("language", ["python", "dockerfile", "json", "text", "groovy"])
def test_other_languages_are_not_shell_and_their_docker_lines_are_recorded(language):
    document = doc(f"```{language}\ndocker ps\nprint('docker')\n```\n")
    assert positions(f"```{language}\ndocker ps\n```\n") == []
    assert [(u.line, u.reason) for u in document.unchecked[0]] == [(2, "language")]


def test_inline_code_and_indented_blocks_are_not_commands():
    assert positions("Run `docker ps` now.\n\n    docker ps\n") == []


def test_tilde_fences_and_fences_in_lists_keep_their_columns():
    text = """
    1. Start it:

       ~~~sh
       docker run -d nginx
       ~~~

    > ```bash
    > docker ps -a
    > ```
    """
    assert positions(text) == [(4, 4, "docker run -d nginx"), (8, 3, "docker ps -a")]


def test_prompts_mark_commands_and_everything_else_is_output():
    text = """
    ```console
    $ docker ps
    CONTAINER ID   IMAGE     COMMAND
    docker rnu this-is-output
    # a comment line stays a comment
    $ docker images \\
    >   -a
    ```
    """
    # a docker line without a prompt is kept for a look: reading.read takes it for output unless it names a command
    assert positions(text) == [(2, 3, "docker ps"), (4, 1, "docker rnu this-is-output"), (6, 3, "docker images -a")]
    assert [i.unprompted for i in doc(text).invocations] == [False, True, False]
    assert check(text) == ["1:1 DC205"]


def test_continuations_sudo_env_prefixes_pipelines_and_substitutions():
    text = """
    ```bash
    sudo DOCKER_BUILDKIT=1 docker build \\
        -t app .
    docker ps -aq | xargs docker rm -f && echo done; docker rm $(docker ps -aq)
    ```
    """
    invocations = doc(text).invocations
    assert [(i.line, i.column, i.text) for i in invocations] == [
        (2, 24, "docker build -t app ."),
        (4, 1, "docker ps -aq"),
        (4, 23, "docker rm -f"),
        (4, 50, "docker rm $(docker ps -aq)"),
        (4, 62, "docker ps -aq"),
    ]
    assert [i.xargs for i in invocations] == [False, False, True, False, False]
    assert [i.substitution for i in invocations] == [False, False, False, False, True]


def test_placeholders_are_one_argument_each():
    (inv,) = doc("```\ndocker commit -a <username> <image_name||image_id> {{image}}\n```\n").invocations
    assert [w.text for w in inv.words[2:]] == ["-a", "<username>", "<image_name||image_id>", "{{image}}"]
    assert [w.placeholder for w in inv.words[2:]] == [None, "username", "image_name||image_id", "image"]
    # with a space after '<' it is a redirection, as in the shell
    (inv,) = doc("```\ndocker load < image.tar\n```\n").invocations
    assert [w.text for w in inv.words] == ["docker", "load"]


@pytest.mark.parametrize(
    "line, placeholders, variadic",
    [
        ("docker build -f <name of dockerfile> .", [None, None, "name of dockerfile", None], []),
        ("docker tag [imageName] [username]/[repository]:[tag]", [None, "imageName", "username"], []),
        ("docker run {image} {{cmd}}", [None, "image", "cmd"], []),
        ('docker run x "$@" "$*" $* "${ids[@]}" ...', [None, None, None, None, None, None, "..."], [3, 5, 6, 7]),
        ("docker run -v ${HOME}:/h x", [None, None, None, None], [3]),  # a variable, not {HOME}
        ("docker ps -f name=[a-z]", [None, None, None], []),  # a glob: no letter-led name
        ("docker run x <in.txt >out.txt", [None, None], []),  # redirections, not <in.txt >
    ],
)
def test_placeholder_styles_and_words_the_shell_multiplies(line, placeholders, variadic):
    (inv,) = doc(f"```sh\n{line}\n```\n").invocations
    assert [w.placeholder for w in inv.words[1:]] == placeholders
    assert [i for i, w in enumerate(inv.words) if w.variadic] == variadic


def test_comments_above_and_at_the_end_of_a_line():
    text = """
    ```
    # 拉取镜像
    $ docker pull node:latest

    # 进入容器的命令行
    $ docker exec -it web bash
    $ docker attach web    # 退出容器后容器会停止

    $ docker ps
    ```
    """
    assert [i.comment for i in doc(text).invocations] == ["拉取镜像", "进入容器的命令行", "退出容器后容器会停止", None]


def test_here_documents_are_skipped():
    text = """
    ```sh
    cat <<EOF > Dockerfile
    docker rnu inside-the-heredoc
    EOF
    docker build .
    ```
    """
    assert positions(text) == [(5, 1, "docker build .")]


def test_crlf_tabs_and_unclosed_fence():
    text = "---\r\ntitle: x\r\n---\r\n\r\n```sh\r\n\tdocker   ps  extra\r\n"
    assert [f"{f.line}:{f.column} {f.code}" for f in check_document(GRAMMAR, text, "p.md").findings] == ["6:15 DC006"]


def test_columns_count_characters_not_bytes():
    assert check("```\n# 中文注释\nNAME=值 docker ps 多余\n```\n") == ["3:18 DC006"]


def test_suppress_the_next_block():
    text = """
    <!-- dockercheck-disable-next-block DC001 -->
    ```sh
    docker rnu ubuntu
    ```

    ```sh
    docker rnu ubuntu
    ```
    """
    assert check(text) == ["7:8 DC001"]


def test_suppress_a_region_and_report_unused_suppressions():
    text = """
    <!-- dockercheck-disable -->
    ```sh
    docker ps extra
    docker rnu
    ```
    <!-- dockercheck-enable -->

    <!-- dockercheck-disable-next-block DC002 -->
    ```sh
    docker ps extra
    ```

    <!-- dockercheck-disable-next-block -->
    ```sh
    docker ps
    ```
    """
    assert check(text) == ["8:1 DC301", "10:11 DC006", "13:1 DC301"]


REGION = """\
<!-- dockercheck-disable{codes} -->
```sh
docker ps extra
docker rnu ubuntu
docker exec it web bash
```
{enable}
```sh
docker ps extra
```
"""
# Lines 3, 4 and 5 hold a DC006, a DC001 and a DC103 (a warning); line 10, after the region, another DC006.
IN_REGION = {"DC006": "3:11 DC006", "DC001": "4:8 DC001", "DC103": "5:13 DC103"}
AFTER = "10:11 DC006"


@pytest.mark.parametrize(
    "codes, enable, reported",
    [
        ("", True, [AFTER]),  # no codes: every code, up to dockercheck-enable
        (" DC006", True, [IN_REGION["DC001"], IN_REGION["DC103"], AFTER]),
        (" DC001", True, [IN_REGION["DC006"], IN_REGION["DC103"], AFTER]),
        (" DC103", True, [IN_REGION["DC006"], IN_REGION["DC001"], AFTER]),
        (" DC006 DC001", True, [IN_REGION["DC103"], AFTER]),
        (" DC006, DC001", True, [IN_REGION["DC103"], AFTER]),
        (" DC006 DC001 DC103", True, [AFTER]),
        (" DC002", True, ["1:1 DC301", *IN_REGION.values(), AFTER]),  # a code found nowhere: all reported
        (" DC006", False, [IN_REGION["DC001"], IN_REGION["DC103"]]),  # no enable: to the end of the page
        (" DC001", False, [IN_REGION["DC006"], IN_REGION["DC103"], AFTER]),
    ],
)
def test_a_region_suppression_with_codes_suppresses_only_those_codes(codes, enable, reported):
    text = REGION.format(codes=codes, enable="<!-- dockercheck-enable -->\n" if enable else "\n")
    assert check(text) == reported


def test_the_seed_block_lines():
    from pathlib import Path

    seed = Path(__file__).parent / "fixtures" / "seed" / "000_dd70fedd71bf2fd9.md"
    invocations = extract(seed.read_text("utf-8")).invocations
    assert len(invocations) == 15
    assert (invocations[0].line, invocations[0].column) == (32, 3)
    assert invocations[0].comment == "拉取镜像"
    assert invocations[-1].text == "docker inspect <container_name>"


def test_the_lean_parser_finds_the_same_blocks_as_full_commonmark():
    """Headings, rules and reference definitions are not parsed: fences and HTML blocks stay the same."""
    from markdown_it import MarkdownIt

    from dockercheck.extract import _block_tokens

    text = textwrap.dedent(
        """
        Title
        ---
        # heading ```not a fence```
        * * *
        - item
          ```sh
          docker ps
          ```
        ***
        [ref]: https://example.org
        > ```
        > docker ps
        > ```
        ```sh
        docker images
        ```
        <!-- dockercheck-disable -->
            ```
            indented code, not a fence
            ```
        Setext
        ===
        ~~~
        docker info
        ~~~
        """
    )
    full = MarkdownIt("commonmark")

    def blocks(tokens):
        return [(t.type, t.map, t.info, t.content) for t in tokens if t.type in ("fence", "html_block", "code_block")]

    assert blocks(_block_tokens(text)) == blocks(full.parse(text))
    assert len(blocks(full.parse(text))) == 6
