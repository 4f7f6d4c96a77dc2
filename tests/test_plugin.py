"""``plugins: [dockercheck]`` on another site: a minimal English MkDocs site, as its user would write it.

The fast tests run the plugin of this checkout (installed editable by
``make setup``); the end-to-end test builds a wheel, installs it in a
folder of its own and builds the site with that copy, not the source tree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from conftest import ARTIFACTS
from test_hook import build as build_site

ROOT = Path(__file__).resolve().parents[1]

GOOD = """\
# Containers

## Run one

```sh
docker run -it --rm --name web -p 8080:80 nginx
docker ps -a
docker compose up -d
```
"""

BAD = """\
# Mistakes

```console
$ docker ps --nope
```
"""

WARNING = """\
# Old syntax

```sh
docker-compose up -d
```
"""


def site(root: Path, pages: dict[str, str], options: str = "", theme: str = "mkdocs") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    config = f"site_name: Demo\ntheme:\n  name: {theme}\n  language: en\nplugins:\n  - search\n  - dockercheck"
    (root / "mkdocs.yml").write_text(config + (":\n" + options if options else "") + "\n")
    for name, text in pages.items():
        (root / "docs").mkdir(exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    return root


def build(root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of the site, as test_hook builds one (the snapshot of docker's help)."""
    return build_site(root, "--strict", **(env or {}))


def headings(html: str) -> list[str]:
    return re.findall(r'<h[123] id="([^"]+)"', html)


def test_an_english_site_gets_an_english_cheat_sheet_with_its_stylesheet_and_script(tmp_path):
    run = build(site(tmp_path, {"index.md": GOOD}))
    assert run.returncode == 0, run.stderr
    assert "dockercheck: 3 docker commands in 1 pages" in run.stderr
    page = (tmp_path / "site" / "cheatsheet" / "index.html").read_text("utf-8")
    assert "<title>Docker command cheat sheet - Demo</title>" in page
    assert headings(page)[:4] == ["cheatsheet", "common", "cmd-container-run", "cmd-container-ls"]
    assert "plugin-compose" in headings(page) and "docker compose (plugin)" in page
    assert "{#" not in page and "命令" not in page  # no attr_list needed, no Chinese on an English site
    for asset in ("assets/dockercheck/dockercheck.css", "assets/dockercheck/dockercheck.js"):
        assert (tmp_path / "site" / asset).is_file()
        assert asset in page
    note = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "data-dc-help" in note and '"cheatsheet/#cmd-container-run"' in unescape(note)


def test_a_wrong_command_fails_the_strict_build_naming_its_place(tmp_path):
    run = build(site(tmp_path, {"index.md": GOOD, "bad.md": BAD}))
    assert run.returncode == 1
    assert "WARNING -  dockercheck: docs/bad.md:4:13: DC002 error: unknown flag --nope for 'docker ps'" in run.stderr


@pytest.mark.parametrize(
    ("options", "fails"),
    [
        ("", True),  # a warning fails --strict by default
        ("      fail_on: [error]\n", False),  # ... unless only errors are asked to
        ("      fail_on: [error, warning, info]\n", True),
    ],
)
def test_fail_on_chooses_the_severities_that_fail_a_strict_build(tmp_path, options, fails):
    run = build(site(tmp_path, {"index.md": WARNING}, options))
    assert (run.returncode != 0) == fails, run.stderr
    assert "DC108 warning" in run.stderr


def test_the_cheat_sheet_can_be_left_out_or_moved_and_renamed(tmp_path):
    off = build(site(tmp_path / "off", {"index.md": GOOD}, "      cheatsheet: false\n"))
    assert off.returncode == 0, off.stderr
    assert not (tmp_path / "off" / "site" / "cheatsheet").exists()
    note = (tmp_path / "off" / "site" / "index.html").read_text("utf-8")
    assert "data-dc-help" in note and "cmd-container-run" not in note  # explained, linked nowhere
    moved = build(
        site(
            tmp_path / "moved",
            {"index.md": GOOD},
            "      cheatsheet_path: ref/commands.md\n      cheatsheet_title: Commands\n"
            "      labels:\n        coverage: What the notes cover\n",
        )
    )
    assert moved.returncode == 0, moved.stderr
    page = (tmp_path / "moved" / "site" / "ref" / "commands" / "index.html").read_text("utf-8")
    assert "<title>Commands - Demo</title>" in page and "What the notes cover" in page


def test_the_labels_follow_theme_language(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(GOOD)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Demo\ntheme:\n  name: mkdocs\n  locale: zh_CN\nplugins:\n  - dockercheck\n"
    )
    run = build(tmp_path)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "site" / "cheatsheet" / "index.html").read_text("utf-8")
    assert "Docker 命令速查" in page and "覆盖情况" in page


def test_a_wrong_option_is_a_config_error(tmp_path):
    run = build(site(tmp_path, {"index.md": GOOD}, "      source: sometimes\n"))
    assert run.returncode == 1 and "source" in run.stderr and "Traceback" not in run.stderr


PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


@pytest.mark.browser
@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs"])
def test_the_page_has_its_own_styles_on_another_theme_and_fits_a_phone(tmp_path, browser, theme):
    """Not Material: the stylesheet still lays the page out (cards, the coverage rows stacked on a phone)."""
    run = build(site(tmp_path, {"index.md": GOOD}, theme=theme))
    assert run.returncode == 0, run.stderr
    url = (tmp_path / "site" / "cheatsheet" / "index.html").as_uri()
    for viewport, row_display in ((DESKTOP, "table-row"), (PHONE, "block")):
        context = browser.new_context(viewport=viewport)
        context.route("http*://**", lambda route: route.abort())  # the themes' CDN scripts: no network here
        page = context.new_page()
        page.goto(url)
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"{theme} at {viewport['width']} px scrolls sideways"
        assert page.locator(".dc-entry").first.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
        assert page.locator("table.dc-table tr").nth(1).evaluate("e => getComputedStyle(e).display") == row_display
        page.screenshot(path=str(ARTIFACTS / f"plugin-{theme}-cheatsheet-{viewport['width']}.png"), full_page=True)
        context.close()


@pytest.mark.slow
def test_the_installed_wheel_builds_a_site_with_and_without_the_cheat_sheet(tmp_path):
    """pip's wheel of this repository, installed into a folder of its own, used through its entry point."""
    wheels, lib, source = tmp_path / "wheels", tmp_path / "lib", tmp_path / "source"
    for name in ("pyproject.toml", "README.md"):  # a copy: building writes build/ and egg-info beside the sources
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("dockercheck-*.whl")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(lib), str(wheel)],
        check=True,
        timeout=300,
    )
    env = {"PYTHONPATH": str(lib)}
    where = subprocess.run(
        [sys.executable, "-c", "import dockercheck.mkdocs.plugin as p; print(p.__file__)"],
        env=os.environ | env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(lib), where.stdout  # the wheel's copy, not the source tree
    for name, options, sheet in (("with", "", True), ("without", "      cheatsheet: false\n", False)):
        good = build(site(tmp_path / name, {"index.md": GOOD}, options), env)
        assert good.returncode == 0, good.stderr
        assert (tmp_path / name / "site" / "cheatsheet" / "index.html").is_file() == sheet
        assert (tmp_path / name / "site" / "assets" / "dockercheck" / "dockercheck.js").is_file()
        (tmp_path / name / "docs" / "bad.md").write_text(BAD)
        bad = build(tmp_path / name, env)
        assert bad.returncode == 1 and "docs/bad.md:4:13: DC002 error" in bad.stderr, bad.stderr
