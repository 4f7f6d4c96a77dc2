"""Hostile content in a pull request: what lands in docs/ and img/ is the attacker's.

Each test builds (or checks) with the attack as its input: links to local
files, a front-matter that expands without end, markup in front-matter
fields, resources from the network in the offline docs, commands hidden in
containers the Markdown reader did not parse, a notes-list marker in code,
a poisoned or odd help cache, control characters in the build log, and a
diagram source that frames a local file. Time bounds are generous (a loaded
2-core machine); what is asserted is the outcome.
"""

from __future__ import annotations

import os
import pwd
import stat
import threading
from pathlib import Path

import pytest

from conftest import ROOT, load_hook_module, load_tool, site_config
from dockercheck.sources import LiveDocker, read_private
from fakedocker import make_docker, make_site, python_fake, run_build, run_cli
from test_notelib import BILLION_LAUGHS as LAUGHS

pytestmark = pytest.mark.slow

NOTE = "---\ntitle: 笔记\nbirth: 2020-01-01\n---\n\n# 笔记\n\n```sh\ndocker ps\n```\n"


def build(site: Path, tmp_path: Path, *, strict: bool = True, timeout: float = 120, **env: str):
    return run_build(
        site,
        path=os.environ["PATH"],
        cache=tmp_path / "cache",
        strict=strict,
        timeout=timeout,
        DOCKERCHECK_SOURCE="snapshot",
        **env,
    )


# --------------------------------------------------------------------------
# Local files published through links
# --------------------------------------------------------------------------


def test_links_out_of_the_project_stop_the_build(tmp_path):
    site = make_site(tmp_path / "site", {"note.md": NOTE})
    (site / "img" / "environ.png").symlink_to("/proc/self/environ")
    (site / "img" / "passwd.png").symlink_to("/etc/passwd")
    (site / "docs" / "environ.txt").symlink_to("/proc/self/environ")
    (site / "docs" / "etc").symlink_to("/etc", target_is_directory=True)
    (site / "docs" / "config.txt").symlink_to(site / "mkdocs.yml")  # inside the project, not published
    os.mkfifo(site / "img" / "fifo.png")
    run = build(site, tmp_path, timeout=60)
    assert run.returncode == 1, run.output
    for name in ("img/environ.png", "img/passwd.png", "docs/environ.txt", "docs/etc/passwd", "docs/config.txt"):
        assert f"'{name}' is a symbolic link" in run.output, name
    assert "'img/fifo.png' is not a regular file" in run.output
    assert "Traceback" not in run.output
    assert not (site / "site" / "environ.txt").exists() and not (site / "site" / "img" / "passwd.png").exists()


def test_a_link_between_published_files_is_fine(tmp_path):
    site = make_site(tmp_path / "site", {"note.md": NOTE})
    (site / "docs" / "alias.md").symlink_to(site / "docs" / "note.md")
    (site / "img" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site / "img" / "b.png").symlink_to("a.png")
    run = build(site, tmp_path)
    assert run.returncode == 0, run.output
    assert (site / "site" / "img" / "b.png").read_bytes() == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("link", "target", "refused"),
    [
        ("docs/a.md", "docs/b.md", False),
        ("img/a.png", "img/b.png", False),
        ("img/a.png", "docs/b.md", False),
        ("docs/a.md", "mkdocs.yml", True),
        ("docs/a.md", "/etc/passwd", True),
        ("img/a.png", "../outside.png", True),
        ("docs/a.md", "overrides/x.html", False),
    ],
)
def test_which_links_may_be_published(tmp_path, link, target, refused):
    inputs = load_hook_module("inputslib")
    project = tmp_path / "project"
    for folder in ("docs", "img", "overrides"):
        (project / folder).mkdir(parents=True)
    for name in ("docs/b.md", "img/b.png", "mkdocs.yml", "overrides/x.html"):
        (project / name).write_text("x")
    (tmp_path / "outside.png").write_text("x")
    (project / link).symlink_to(target if target.startswith(("/", "..")) else project / target)
    roots = [str(project / "docs"), str(project / "img"), str(project / "overrides")]
    found = inputs.problems([str(project / link)], str(project), roots)
    assert bool(found) is refused, found


def test_a_docs_folder_that_is_a_link_out_publishes_nothing(tmp_path):
    inputs = load_hook_module("inputslib")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.md").write_text("x")
    project = tmp_path / "project"
    project.mkdir()
    (project / "docs").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    found = inputs.problems([str(project / "docs" / "secret.md")], str(project), [str(project / "docs")])
    assert found and "docs/secret.md" in found[0]


# --------------------------------------------------------------------------
# Front-matter
# --------------------------------------------------------------------------

BILLION_LAUGHS = f"---\n{LAUGHS}---\n\n# laughs\n"  # the alias bomb of test_notelib, as a page


def test_a_billion_laughs_stops_the_build_at_once_naming_the_page(tmp_path):
    site = make_site(tmp_path / "site", {"note.md": NOTE, "laughs.md": BILLION_LAUGHS})
    run = build(site, tmp_path, strict=False, timeout=60)
    assert run.returncode == 1, run.output
    assert "Doc file 'laughs.md:3': front-matter uses the YAML alias *a" in run.output
    assert "MemoryError" not in run.output and "Traceback" not in run.output
    assert run.seconds < 30  # it was 67 s and 4.7 GB; the parse itself is timed in test_notelib


@pytest.mark.parametrize(
    ("field", "value", "line"),
    [
        ("title", "<script>alert(1)</script>", 2),
        ("description", "'x\" onload=\"alert(1)'", 3),
        ("category", "\n- ok\n- <img src=x onerror=alert(1)>", 3),
    ],
)
def test_markup_in_front_matter_fields_stops_the_build(tmp_path, field, value, line):
    front = f"---\ntitle: 标题\n{field}: {value}\n---\n" if field != "title" else f"---\ntitle: {value}\n---\n"
    site = make_site(tmp_path / "site", {"note.md": NOTE, "bad.md": front + "\n# x\n"})
    run = build(site, tmp_path, strict=False)
    assert run.returncode == 1, run.output
    assert f"Doc file 'bad.md:{line}': '{field}' must not contain <, > or \"" in run.output


# --------------------------------------------------------------------------
# The offline docs load nothing from the network
# --------------------------------------------------------------------------

EXTERNAL = """\
# 外部资源

<img src="https://tracker.example/pixel.png" alt="像素">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" srcset="//cdn.example/a.png 2x" alt="图">
<iframe src="http://tracker.example/frame"></iframe>
<link rel="stylesheet" href="https://tracker.example/a.css">
<div style="background: url('https://tracker.example/bg.png')">背景</div>
<a href="https://example.org/">链接不算资源</a>
"""


def test_external_resources_fail_the_offline_build_only(tmp_path):
    site = make_site(tmp_path / "site", {"note.md": NOTE, "ext.md": EXTERNAL})
    (site / "docs" / "frame.html").write_text('<script src="https://tracker.example/x.js"></script>')
    (site / "docs" / "extra.css").write_text("@import url(https://tracker.example/font.css);")
    offline = build(site, tmp_path, OFFLINE="true", SITE_URL="")
    assert offline.returncode == 1, offline.output
    for item in (
        "<img src='https://tracker.example/pixel.png'>",
        "<img srcset='//cdn.example/a.png'>",
        "<iframe src='http://tracker.example/frame'>",
        "<link href='https://tracker.example/a.css'>",
        "style url('https://tracker.example/bg.png') on <div>",
    ):
        assert f"Doc file 'ext.md': {item} loads from the network" in offline.output, item
    assert "File 'frame.html': <script src='https://tracker.example/x.js'> loads from the network" in offline.output
    assert "File 'extra.css': url('https://tracker.example/font.css') loads from the network" in offline.output
    assert "example.org" not in offline.output and "data:image" not in offline.output
    website = build(site, tmp_path)
    assert website.returncode == 0, website.output


def test_the_real_offline_docs_load_nothing_from_the_network(tmp_path):
    offline = load_hook_module("offlinelib")
    for page in (ROOT / "docs").rglob("*.md"):
        assert offline.external_resources(page.read_text(encoding="utf-8")) == [], page


# --------------------------------------------------------------------------
# No command hidden from the check
# --------------------------------------------------------------------------

NESTED = """\
# 嵌套

!!! note "提示"
    ```sh
    docker rnu admonition
    ```

??? tip "折叠"
    ```sh
    docker rnu details
    ```

???+ warning "展开"
    !!! note
        ```sh
        docker rnu nested-admonition
        ```

<div markdown>
```sh
docker rnu md-in-html
```
</div>

<details markdown="1">
<summary>更多</summary>

```sh
docker rnu details-html
```
</details>

- 列表

    ```sh
    docker rnu list
    ```

> ```sh
> docker rnu blockquote
> ```

<pre><code>docker rnu raw-html</code></pre>
"""
NESTED_LINES = {
    line.split("docker rnu ")[1].split("<")[0]: number
    for number, line in enumerate(NESTED.splitlines(), 1)
    if "docker rnu " in line
}
assert len(NESTED_LINES) == 8
# Markdown extensions of the site that make containers whose content is Markdown, and the test lines for each.
CONTAINERS = {
    "admonition": ("admonition", "nested-admonition"),
    "pymdownx.details": ("details",),
    "md_in_html": ("md-in-html", "details-html"),
}


def test_every_container_the_site_enables_is_covered():
    names = {next(iter(e)) if isinstance(e, dict) else e for e in site_config()["markdown_extensions"]}
    block_containers = {
        "admonition",
        "pymdownx.details",
        "md_in_html",
        "pymdownx.tabbed",
        "pymdownx.blocks.admonition",
        "pymdownx.blocks.details",
        "pymdownx.blocks.tab",
        "pymdownx.blocks.html",
        "footnotes",
        "def_list",
    }
    assert names & block_containers <= set(CONTAINERS), names & block_containers - set(CONTAINERS)


def test_commands_in_every_container_are_checked_by_the_build(tmp_path):
    site = make_site(tmp_path / "site", {"note.md": NOTE, "nested.md": NESTED})
    run = build(site, tmp_path)
    assert run.returncode == 1, run.output
    for word, line in NESTED_LINES.items():
        assert f"docs/nested.md:{line}:" in run.output and "unknown command: 'docker rnu'" in run.output, word
    reported = [line for line in run.output.splitlines() if "docs/nested.md:" in line and "DC001" in line]
    assert len(reported) == len(NESTED_LINES), reported
    raw = NESTED_LINES["raw-html"]
    assert "did not see as one" in next(line for line in reported if f"docs/nested.md:{raw}:" in line)


def test_the_cli_checks_the_same_containers(tmp_path):
    (tmp_path / "nested.md").write_text(NESTED, encoding="utf-8")
    run = run_cli(["--source", "snapshot", "nested.md"], path=os.environ["PATH"], cache=tmp_path / "c", cwd=tmp_path)
    lines = {int(line.split(":")[1]) for line in run.stdout.splitlines() if "DC001" in line}
    assert lines == set(NESTED_LINES.values()) - {NESTED_LINES["raw-html"]}  # raw HTML: only a renderer sees code


# --------------------------------------------------------------------------
# The list of notes only where the marker stands alone
# --------------------------------------------------------------------------


def test_a_marker_in_code_stays_code(tmp_path):
    page = "# 代码\n\n```html\n<!-- notes-list -->\n```\n\n<!-- notes-list -->\n"
    site = make_site(tmp_path / "site", {"note.md": NOTE, "code.md": page})
    run = build(site, tmp_path)
    assert run.returncode == 0, run.output
    html = (site / "site" / "code" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert "&lt;!-- notes-list --&gt;" in article  # the code block, as written
    assert article.count("创建于") == 1  # one list, from the marker of its own


# --------------------------------------------------------------------------
# The help cache and jieba's cache
# --------------------------------------------------------------------------


@pytest.fixture
def poisoned(tmp_path):
    """A cache for a fake docker whose help of 'container run' gained --pwn, and the fake."""
    docker = make_docker(tmp_path / "bin", python_fake()) / "docker"
    cache = tmp_path / "cache"
    live = LiveDocker(str(docker), cache_dir=cache)
    live.help(("container", "run"))
    live._dirty = True
    live.save()
    text = live.cache_file.read_text(encoding="utf-8")
    live.cache_file.write_text(
        text.replace("--add-host list", "--pwn                              Pwned\\n      --add-host list")
    )
    return docker, cache, live.cache_file


def _believed(docker: Path, cache: Path) -> bool:
    live = LiveDocker(str(docker), cache_dir=cache)
    return live.from_cache and "--pwn" in live.helps.get("container run", "")


def test_a_cache_file_of_this_user_is_believed(poisoned):
    docker, cache, _ = poisoned
    assert _believed(docker, cache)  # the control: the same user could write it anyway


def test_a_cache_file_of_another_user_is_not_believed(poisoned):
    docker, cache, file = poisoned
    nobody = pwd.getpwnam("nobody")
    os.chown(file, nobody.pw_uid, nobody.pw_gid)
    assert not _believed(docker, cache)


def test_a_cache_others_may_write_to_is_not_believed(poisoned):
    docker, cache, file = poisoned
    file.chmod(0o666)
    assert not _believed(docker, cache)
    file.chmod(0o600)
    cache.chmod(0o777)
    assert not _believed(docker, cache)


def test_a_cache_folder_that_is_a_link_is_not_used(poisoned, tmp_path):
    docker, cache, _ = poisoned
    (tmp_path / "link").symlink_to(cache, target_is_directory=True)
    assert not _believed(docker, tmp_path / "link")


def test_a_fifo_in_place_of_the_cache_does_not_hang(tmp_path):
    docker = make_docker(tmp_path / "bin", python_fake()) / "docker"
    cache = tmp_path / "cache"
    live = LiveDocker(str(docker), cache_dir=cache)
    cache.mkdir(mode=0o700)
    os.mkfifo(live.cache_file)
    done = threading.Event()
    thread = threading.Thread(target=lambda: (LiveDocker(str(docker), cache_dir=cache), done.set()), daemon=True)
    thread.start()
    assert done.wait(20), "reading the cache hung on a FIFO"
    assert read_private(live.cache_file, 100) is None


def test_a_cache_path_that_is_a_folder_leaves_no_temp_files(tmp_path):
    docker = make_docker(tmp_path / "bin", python_fake()) / "docker"
    cache = tmp_path / "cache"
    live = LiveDocker(str(docker), cache_dir=cache)
    live.cache_file.mkdir(parents=True)
    live.help(("container", "ls"))
    live.save()
    assert sorted(p.name for p in cache.iterdir()) == [live.cache_file.name]


def test_a_huge_cache_file_is_not_read(poisoned):
    docker, cache, file = poisoned
    with file.open("a") as handle:
        handle.write(" " * (33 << 20))
    assert not _believed(docker, cache)


def test_jieba_keeps_its_cache_in_a_private_folder(tmp_path):
    site = make_site(tmp_path / "site", {"note.md": NOTE})
    run = build(site, tmp_path, TMPDIR=str(tmp_path / "tmp"), XDG_CACHE_HOME=str(tmp_path / "xdg"))
    (tmp_path / "tmp").mkdir(exist_ok=True)
    assert run.returncode == 0, run.output
    assert list((tmp_path / "tmp").iterdir()) == []
    folder = tmp_path / "xdg" / "jieba"
    assert (folder / "jieba.cache").is_file()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


# --------------------------------------------------------------------------
# Control characters from pages are shown, not obeyed
# --------------------------------------------------------------------------

ESCAPES = "# 控制字符\n\n```sh\ndocker \x1b[2Jrnu\x07 x\ndocker run --na\u202eme x img\n```\n"


def test_control_characters_are_escaped_in_the_build_log_and_the_cli(tmp_path):
    site = make_site(tmp_path / "site", {"note.md": NOTE, "esc.md": ESCAPES})
    run = build(site, tmp_path, strict=False)
    assert run.returncode == 0, run.output
    cli = run_cli(["--source", "snapshot", "docs/esc.md"], path=os.environ["PATH"], cache=tmp_path / "c", cwd=site)
    for output in (run.output, cli.stdout):
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
        assert "unknown command: 'docker \\x1b[2Jrnu\\x07'" in output, output
        assert "unknown flag --na\\u202eme" in output, output


# --------------------------------------------------------------------------
# make images: a diagram source draws nothing from outside its folder
# --------------------------------------------------------------------------


def test_only_the_sources_folder_may_load(tmp_path):
    render = load_tool("render_images")
    folder = (tmp_path / "src").resolve()
    folder.mkdir()
    (folder / "shared.css").write_text("")
    (folder / "escape.css").symlink_to("/etc/passwd")
    assert render.allowed((folder / "a.html").as_uri(), folder)
    assert render.allowed((folder / "shared.css").as_uri(), folder)
    for url in (
        "file:///etc/passwd",
        (folder / "escape.css").as_uri(),
        f"file://{folder}/../x",
        "https://example.org/x.png",
        "file://host/etc/passwd",
        "data:text/plain,x",
    ):
        assert not render.allowed(url, folder), url


@pytest.mark.browser
def test_a_diagram_source_cannot_draw_a_local_file(tmp_path, browser):
    render = load_tool("render_images")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN-" * 200)
    sources = tmp_path / "src"
    sources.mkdir()
    frame = '<div id="diagram" style="width:300px;height:120px;background:#fff"><iframe src="{}"></iframe></div>'
    (sources / "evil.html").write_text(frame.format(secret.as_uri()))
    (sources / "control.html").write_text(frame.format((tmp_path / "missing.txt").as_uri()))
    out = render.render([sources / "evil.html", sources / "control.html"], tmp_path / "out", browser, optimise=False)
    assert out[0].read_bytes() == out[1].read_bytes()  # the secret's frame is as empty as a missing file's


def test_the_site_runs_the_guarding_hooks_first():
    hooks = site_config()["hooks"]
    assert {"hooks/inputs.py", "hooks/offline.py", "hooks/jieba_cache.py"} <= set(hooks)
    inputs = load_hook_module("inputs")
    assert inputs.on_files.mkdocs_priority > 0  # before any other hook reads a page
