"""hooks/codelib.py: console sessions, what copying gives, inline code (no build)."""

from __future__ import annotations

import pytest
from pygments import lex
from pygments.lexers import get_lexer_by_name
from pygments.token import Comment, Generic

from conftest import ROOT, load_hook_module


@pytest.fixture(scope="module")
def codelib():
    return load_hook_module("codelib")


NOTE_BLOCK = """\
# 拉取镜像
$ docker pull node:latest

# 查看当前正在运行的容器
$ docker ps
$ docker ps -a    # 包括已停止的容器
"""


# -- which blocks are sessions ---------------------------------------------


@pytest.mark.parametrize(
    ("code", "session"),
    [
        (NOTE_BLOCK, True),
        ("$ docker ps\nCONTAINER ID   IMAGE\n", True),
        ("\n\n$ ls", True),
        ("docker ps\n", False),  # no prompt: a script, copied as it is
        ("# only a comment\n", False),
        ("CONTAINER ID\n$ docker ps\n", False),  # output first: not a session of commands
        ("$docker ps", False),
    ],
)
def test_a_session_starts_with_a_dollar_prompt_after_comments(codelib, code, session):
    assert codelib.is_session(code) is session


def test_only_fences_without_a_language_become_console(codelib):
    markdown = (
        "text\n\n```\n# c\n$ docker ps\n```\n\n```bash\n$ docker ps\n```\n\n"
        "~~~~\nplain text\n~~~~\n\n   ```\n   $ ls\n   ```\n"
    )
    assert codelib.console_fences(markdown) == markdown.replace("```\n# c", "```console\n# c", 1).replace(
        "   ```\n   $ ls", "   ```console\n   $ ls"
    )


def test_a_fence_inside_another_fence_is_text(codelib):
    markdown = "````markdown\n```\n$ docker ps\n```\n````\n"
    assert codelib.console_fences(markdown) == markdown


def test_the_seed_note_block_becomes_a_session_and_nothing_else_changes(codelib):
    note = (ROOT / "docs" / "docker.md").read_text(encoding="utf-8")
    out = codelib.console_fences(note)
    assert out.count("```console\n") == 1
    assert out.replace("```console\n", "```\n", 1) == note


# -- comments --------------------------------------------------------------


def tokens(codelib, code: str):
    lexer = get_lexer_by_name("console", filters=[codelib.CommentLines()])
    return [(t, v) for t, v in lex(code, lexer) if v.strip()]


def test_a_hash_line_in_a_dollar_session_is_a_comment(codelib):
    got = tokens(codelib, NOTE_BLOCK)
    assert (Comment.Single, "# 拉取镜像") in got
    assert (Comment.Single, "# 查看当前正在运行的容器") in got
    assert [v for t, v in got if t is Generic.Prompt] == ["$ "] * 3
    assert (Comment.Single, "# 包括已停止的容器\n") in got  # the lexer's own trailing comment


def test_a_root_session_keeps_its_prompts(codelib):
    got = tokens(codelib, "# apt-get update\n# apt-get install -y docker.io\n")
    assert [v for t, v in got if t is Generic.Prompt] == ["# ", "# "]


def test_the_text_is_unchanged_by_the_filter(codelib):
    lexer = get_lexer_by_name("console", filters=[codelib.CommentLines()])
    assert "".join(v for _, v in lex(NOTE_BLOCK, lexer)) == NOTE_BLOCK


# -- what copying gives ----------------------------------------------------


def test_copying_gives_the_commands_only(codelib):
    assert codelib.copy_text(NOTE_BLOCK) == "docker pull node:latest\ndocker ps\ndocker ps -a"


def test_continuations_output_and_quoted_hashes(codelib):
    code = (
        "$ docker run \\\n    --name web \\\n    nginx   # 启动\nabc123\n"
        "$ echo '# not a comment' \"a # b\" x#y\n# 输出\n"
    )
    assert codelib.copy_text(code) == (
        "docker run \\\n    --name web \\\n    nginx\necho '# not a comment' \"a # b\" x#y"
    )


def test_a_block_without_dollar_prompts_is_copied_as_it_is(codelib):
    assert codelib.copy_text("docker ps\n") is None
    assert codelib.add_copy_text('<div class="language-console highlight"><pre><code># ls\n</code></pre></div>') == (
        '<div class="language-console highlight"><pre><code># ls\n</code></pre></div>'
    )


def test_the_copy_text_becomes_materials_data_copy_attribute(codelib):
    html = (
        '<div class="language-console highlight"><pre><span></span><code>'
        '<span class="gp">$ </span>docker push &lt;user/repo:tag&gt; -m &quot;x&quot;\n'
        '<span class="go">done</span>\n</code></pre></div>'
    )
    out = codelib.add_copy_text(html)
    assert out.startswith(
        '<div class="language-console highlight" data-copy="docker push &lt;user/repo:tag&gt; -m &quot;x&quot;">'
    )
    assert out.endswith(html[len('<div class="language-console highlight"') :])


# -- inline code -----------------------------------------------------------


def test_hyphenated_words_of_inline_code_stay_whole(codelib):
    html = "<p><code>docker &lt;命令&gt; --help</code> and <code>ps -a</code></p>"
    assert codelib.keep_words_whole(html) == (
        '<p><code>docker &lt;命令&gt; <span class="nowrap">--help</span></code> and '
        '<code>ps <span class="nowrap">-a</span></code></p>'
    )


def test_code_blocks_and_long_words_are_left_alone(codelib):
    long = "a-" + "b" * 40
    html = f"<pre><code>docker --help</code></pre><p><code>{long}</code></p>"
    assert codelib.keep_words_whole(html) == html
