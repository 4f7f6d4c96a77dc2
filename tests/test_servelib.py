"""hooks/servelib.py: under mkdocs serve, a failed rebuild gives back the last good build and is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import load_hook_module

servelib = load_hook_module("servelib")


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path) -> Path:
    """A served site folder holding the last good build, alone in its parent (to see what is left beside it)."""
    root = tmp_path / "parent" / "site"
    (root / "docker").mkdir(parents=True)
    (root / "index.html").write_text("good home")
    (root / "docker" / "index.html").write_text("good note")
    return root


def _rebuild(root: Path, files: dict[str, str], error: BaseException | None = None):
    """A build as MkDocs makes one: the folder emptied, pages written, then maybe a failure."""

    def build() -> None:
        for entry in list(root.iterdir()):
            if entry.is_dir():
                for sub in sorted(entry.rglob("*"), reverse=True):
                    sub.unlink() if sub.is_file() else sub.rmdir()
                entry.rmdir()
            else:
                entry.unlink()
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        if error is not None:
            raise error

    return build


@pytest.mark.parametrize("dirty", [False, True])
def test_a_good_rebuild_is_served(site, dirty):
    reports: list[str] = []
    guarded = servelib.keep_last_good(_rebuild(site, {"index.html": "new home"}), site, reports.append, dirty=dirty)
    guarded()
    assert tree(site) == {"index.html": "new home"}
    assert reports == []
    assert [p.name for p in site.parent.iterdir()] == ["site"]  # nothing kept aside is left


@pytest.mark.parametrize(
    "error, said",
    [
        (SystemExit("Aborted with a BuildError!"), "the rebuild failed (Aborted with a BuildError!): "),
        (ValueError("a hook's bug"), "the rebuild failed: "),
    ],
)
@pytest.mark.parametrize("dirty", [False, True])
def test_a_failed_rebuild_gives_back_the_last_good_build_and_is_reported(site, error, said, dirty):
    before = tree(site)
    reports: list[str] = []
    build = _rebuild(site, {"index.html": "half", "new/page.html": "half"}, error)
    servelib.keep_last_good(build, site, reports.append, dirty=dirty)()  # does not raise
    assert tree(site) == before
    (report,) = reports
    assert report.startswith(said + servelib.KEPT)
    if isinstance(error, ValueError):
        assert "Traceback" in report and "ValueError: a hook's bug" in report
    assert [p.name for p in site.parent.iterdir()] == ["site"]


def test_a_dirty_rebuild_sees_the_last_build():
    """mkdocs serve --dirty rebuilds only what changed: the last build stays in place during the build."""
    import tempfile

    with tempfile.TemporaryDirectory() as parent:
        root = Path(parent) / "site"
        root.mkdir()
        (root / "old.html").write_text("old")
        seen: list[list[str]] = []
        servelib.keep_last_good(lambda: seen.append(sorted(p.name for p in root.iterdir())), root, print, dirty=True)()
        assert seen == [["old.html"]]
        assert (root / "old.html").read_text() == "old"


def test_an_interrupt_still_stops_the_server(site):
    before = tree(site)
    build = _rebuild(site, {"index.html": "half"}, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        servelib.keep_last_good(build, site, print)()
    assert tree(site) == before
