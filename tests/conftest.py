"""Shared fixtures and helpers.

Sections:
- paths of the project and the test artefacts;
- the site: temp copies of the project, `mkdocs build` runs, and the two
  outputs built once per session through the Makefile (`make site`);
- the browser: Debian's Chromium driven by Playwright, and a local web server.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

# --------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"  # screenshots; gitignored
VENV = Path(sys.prefix)  # the venv running pytest (`make test` uses .venv/bin/python)


def load_module(path: Path, name: str | None = None) -> ModuleType:
    """Import a file that is not in a package (a hook, a tool) by its path, once.

    As MkDocs does for a hook, its folder is on sys.path while it is imported,
    so that it can import its pure sibling (notes.py: notelib).
    """
    name = name or path.stem
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    saved = sys.path.copy()
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


def load_hook_module(name: str) -> ModuleType:
    """Import hooks/<name>.py as MkDocs does: by file, outside any package."""
    return load_module(ROOT / "hooks" / f"{name}.py", name)


def load_tool(name: str) -> ModuleType:
    """Import tools/<name>.py (tools/ is not a package)."""
    return load_module(ROOT / "tools" / f"{name}.py", name)


def site_config() -> dict:
    """mkdocs.yml as data; its tags (!ENV, !!python/...) are read as plain values."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


@pytest.fixture(scope="session")
def notelib() -> ModuleType:
    """hooks/notelib.py, the pure helpers of the notes hook."""
    return load_hook_module("notelib")


# --------------------------------------------------------------------------
# The site
# --------------------------------------------------------------------------

# What `mkdocs build` and `make site` read. Add to it when the build starts to
# read another file or folder.
BUILD_INPUTS = ("mkdocs.yml", "editor-notes.yml", "docs", "hooks", "overrides", "img")  # what `mkdocs build` reads
PROJECT_FILES = BUILD_INPUTS + ("Makefile", "requirements.txt", "pyproject.toml")  # and `make site`
NOTE_IMAGES = ("docker命令.png", "容器&虚拟机对比图.png", "容器&虚拟机对比图1.png")
OFFLINE_NAME = "docker-notes-offline"  # as in the Makefile
SITE_URL = "https://notes.example.org/"  # mkdocs.yml's default


def copy_project(dest: Path) -> Path:
    """Copy what the build reads into `dest` (mtimes kept, so make sees no change)."""
    missing = [name for name in NOTE_IMAGES if not (ROOT / "img" / name).is_file()]
    if missing:
        pytest.fail(f"images the note shows are missing from img/: {missing} (make images)")
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"OFFLINE", "SITE_URL"}}
    # A `make test` parent passes its own flags down; the sub-make starts afresh.
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
        env.pop(name, None)
    return env | {"NO_MKDOCS_2_WARNING": "1"} | extra


def mkdocs_build(project: Path, *, offline: bool = False, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `python -m mkdocs build` in `project`; output in .stdout + .stderr."""
    extra = {"OFFLINE": "true", "SITE_URL": ""} if offline else {}
    command = [sys.executable, "-m", "mkdocs", "build"]
    command += ["--site-dir", "site-offline" if offline else "site"]
    command += ["--strict"] if strict else []
    return subprocess.run(command, cwd=project, env=_clean_env(**extra), capture_output=True, text=True, timeout=300)


def build_output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


@dataclass(frozen=True)
class Built:
    """A temp copy of the project after `make site`."""

    project: Path
    log: str

    @property
    def website(self) -> Path:
        return self.project / "site"

    @property
    def offline(self) -> Path:
        return self.project / "site-offline" / OFFLINE_NAME

    @property
    def zip(self) -> Path:
        return self.project / "dist" / f"{OFFLINE_NAME}.zip"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Both outputs, built once per session by the project's own `make site`.

    The sub-make uses the venv running the tests (VENV=...), and `-o` keeps it
    from reinstalling it.
    """
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    installed = VENV / ".installed"
    result = subprocess.run(
        ["make", "site", f"VENV={VENV}", "-o", str(installed)],
        cwd=project,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = build_output(result)
    assert result.returncode == 0, log
    return Built(project, log)


@pytest.fixture(scope="session")
def unpacked(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline zip unpacked as a user would: its top folder."""
    dest = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(built.zip) as archive:
        archive.extractall(dest)
    return dest / OFFLINE_NAME


# --------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------

# One Chromium, launched the same way, for the tests and for `make images`.
CHROMIUM = load_tool("render_images").CHROMIUM
CHROMIUM_ARGS = load_tool("render_images").CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium. Missing is a failure, not a skip: `make test` installs it."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def website_url(built: Built) -> Iterator[str]:
    """The website served by a stdlib HTTP server on 127.0.0.1 and a free port."""
    handler = functools.partial(_QuietHandler, directory=str(built.website))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@dataclass
class Visit:
    """A browser context and page on one output, recording every request."""

    name: str  # "website" or "offline"
    page: object  # playwright.sync_api.Page
    urls: Callable[[str], str]  # page path (docker.md) -> URL
    is_local: Callable[[str], bool]
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions

    def goto(self, src_uri: str) -> None:
        self.page.goto(self.urls(src_uri))
        self.page.wait_for_load_state("load")

    def foreign_requests(self) -> list[str]:
        return sorted({url for url in self.requests if not self.is_local(url)})

    def screenshot(self, name: str, **options: object) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{self.name}-{name}.png"
        self.page.screenshot(path=str(path), **options)
        return path


def _website_urls(base: str, src_uri: str) -> str:
    stem = src_uri.removesuffix(".md")
    return base if stem == "index" else f"{base}{stem}/"


def _offline_urls(folder: Path, src_uri: str) -> str:
    return (folder / src_uri.removesuffix(".md")).with_suffix(".html").as_uri()


def _starts_with(prefix: str, url: str) -> bool:
    return url.startswith(prefix)


@pytest.fixture(params=["website", "offline"])
def visit(request: pytest.FixtureRequest, browser) -> Iterator[Visit]:
    """One of the two outputs in a fresh browser context, as a reader opens it."""
    if request.param == "website":
        base = request.getfixturevalue("website_url")
        urls = functools.partial(_website_urls, base)
        is_local = functools.partial(_starts_with, base)
    else:
        folder = request.getfixturevalue("unpacked")
        urls = functools.partial(_offline_urls, folder)
        is_local = functools.partial(_starts_with, "file://")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    visit = Visit(request.param, page, urls, is_local)
    # Both levels: the context also sees requests of frames and of new pages.
    context.on("request", lambda r: visit.requests.append(r.url))
    page.on("request", lambda r: visit.requests.append(r.url))
    # Any console error (a missing file, a failed script) on any page fails the test.
    context.on("console", lambda m: m.type == "error" and visit.errors.append(_console_text(m)))
    context.on("weberror", lambda e: visit.errors.append(f"uncaught: {e.error}"))
    yield visit
    context.close()
    # Also when the test failed on its way: name what went out, what went wrong.
    if foreign := visit.foreign_requests():
        pytest.fail(f"{request.param}: requests to other places than the site itself: {foreign}")
    if visit.errors:
        pytest.fail(f"{request.param}: console errors: {visit.errors}")


def _console_text(message) -> str:
    """The page, the message and what it is about (a missing file's URL)."""
    page = message.page.url if message.page else "?"
    return f"{page}: {message.text} ({(message.location or {}).get('url', '')})"
