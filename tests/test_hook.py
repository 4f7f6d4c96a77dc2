"""The MkDocs hook on a temp site: strict builds fail on wrong commands, rebuilds recheck only changes."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import oracle

ROOT = Path(__file__).resolve().parents[1]

MKDOCS_YML = """\
site_name: hook test
theme: mkdocs
use_directory_urls: true
hooks:
  - hooks/check_commands.py
"""

GOOD = """\
# Good

```bash
docker ps -a
docker run -it --rm ubuntu bash
```
"""

BAD = """\
---
title: Bad
---

# Bad

```console
$ docker ps extra
$ docker rnu ubuntu
```
"""


@pytest.fixture(autouse=True)
def _fresh():
    """Each test its own shared checker; in-process builds freeze the collector's view: undo it after."""
    import gc

    from dockercheck.session import DocsChecker

    DocsChecker._shared.clear()
    yield
    DocsChecker._shared.clear()
    gc.unfreeze()


def make_site(root: Path, pages: dict[str, str]) -> Path:
    (root / "hooks").mkdir(parents=True)
    shutil.copy2(ROOT / "hooks" / "check_commands.py", root / "hooks")
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    for name, text in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = os.environ | {"NO_MKDOCS_2_WARNING": "1", "DOCKERCHECK_SOURCE": "snapshot"} | env
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_strict_build_fails_naming_page_line_and_column(tmp_path):
    site = make_site(tmp_path, {"index.md": GOOD, "notes/bad.md": BAD})
    result = build(site, "--strict")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        "WARNING -  hooks/check_commands: docs/notes/bad.md:8:13: DC006 error: 'docker ps' accepts no arguments, got 1"
        in log
    )
    assert "docs/notes/bad.md:9:10: DC001 error: unknown command: 'docker rnu'; did you mean 'docker run'?" in log
    assert "    docker rnu ubuntu" in log  # the command as written, under the finding
    assert "dockercheck: using docker 28.2.2 help from snapshot of docker 28.2.2" in log
    assert (
        "dockercheck: 4 docker commands in 2 pages (4 checked now, the rest unchanged): 2 errors, 0 warnings, 0 notices"
        in log
    )
    assert "Aborted with 2 warnings in strict mode!" in log


def test_clean_and_suppressed_pages_build_strictly(tmp_path):
    suppressed = "<!-- dockercheck-disable-next-block DC006 DC001 -->\n" + BAD.split("# Bad\n", 1)[1]
    site = make_site(tmp_path, {"index.md": GOOD, "example.md": suppressed})
    result = build(site, "--strict")
    assert result.returncode == 0, result.stderr
    assert "0 errors, 0 warnings, 0 notices" in result.stderr


def test_warnings_fail_strict_and_notices_do_not(tmp_path):
    site = make_site(
        tmp_path, {"index.md": "```sh\ndocker exec it web bash\n```\n", "b.md": "```sh\ndocker scout cves img\n```\n"}
    )
    result = build(site, "--strict")
    assert result.returncode != 0
    assert "docs/index.md:2:13: DC103 warning:" in result.stderr
    assert "INFO    -  hooks/check_commands: docs/b.md:2:8: DC201 info:" in result.stderr
    assert "0 errors, 1 warnings, 1 notices" in result.stderr
    assert build(site).returncode == 0  # not strict: the site still builds


def in_process(site: Path, caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """Builds of ``site`` in this process, as `mkdocs serve` makes them: each gives the check's log lines."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    caplog.set_level(logging.INFO, logger="mkdocs")

    def run() -> list[str]:
        caplog.clear()
        mkdocs_build(load_config(str(site / "mkdocs.yml")))
        return [r.getMessage() for r in caplog.records if "check_commands" in r.name]

    return run


def test_rebuilds_recheck_only_changed_pages_and_do_not_ask_docker_again(tmp_path, monkeypatch, caplog):
    """Two builds in one process, as `mkdocs serve` does: the hook module and its checker live on."""
    live = shutil.which("docker") is not None
    if not live and oracle.ci():
        pytest.fail("CI must have docker on PATH")
    monkeypatch.setenv("DOCKERCHECK_SOURCE", "live" if live else "snapshot")
    monkeypatch.setenv("DOCKERCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = make_site(tmp_path / "site", {"index.md": GOOD, "bad.md": BAD, "more.md": GOOD.replace("# Good", "# More")})
    monkeypatch.chdir(site)
    run = in_process(site, caplog)

    from dockercheck.session import DocsChecker

    first = run()
    checker = DocsChecker.shared()
    source = checker.grammar.source
    spawned = len(getattr(source, "spawned", []))
    assert any("6 docker commands in 3 pages (6 checked now" in m for m in first)
    assert any("DC001" in m for m in first)

    (site / "docs" / "bad.md").write_text(BAD.replace("docker ps extra", "docker ps -a").replace("rnu", "run"))
    second = run()
    assert DocsChecker.shared() is checker and checker.grammar.source is source  # docker is not asked again
    assert len(getattr(source, "spawned", [])) == spawned
    assert any("6 docker commands in 3 pages (2 checked now, the rest unchanged): 0 errors" in m for m in second)
    assert not any("DC00" in m for m in second)  # nothing left over from the first build
    if live:
        assert spawned > 0


BROKEN_DOCKER = '#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n'


@pytest.mark.parametrize(
    "source, docker, message",
    [
        ("live", None, "dockercheck: docker is not on PATH"),
        ("live", BROKEN_DOCKER, "dockercheck: 'docker --version' answered 'Cannot connect to the Docker daemon'"),
        (
            "bogus",
            None,
            "dockercheck: DOCKERCHECK_SOURCE='bogus' names no help source: use one of auto, live, snapshot",
        ),
    ],
)
def test_a_build_that_cannot_have_the_help_asked_for_ends_with_one_clean_error_line(tmp_path, source, docker, message):
    """DOCKERCHECK_SOURCE=live and no usable docker on PATH: the build fails with one line saying why."""
    site = make_site(tmp_path / "site", {"index.md": GOOD})
    folder = tmp_path / "bin"
    folder.mkdir()
    if docker:
        (folder / "docker").write_text(docker)
        (folder / "docker").chmod(0o755)
    result = build(site, PATH=str(folder), DOCKERCHECK_SOURCE=source, DOCKERCHECK_CACHE_DIR=str(tmp_path / "cache"))
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in log
    assert [line for line in log.splitlines() if "dockercheck" in line] == [f"ERROR   -  {message}"]
    assert "Aborted with a BuildError!" in result.stdout
