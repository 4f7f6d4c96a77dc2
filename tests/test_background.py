"""The check in a child process (dockercheck.background): the same reports, readings and site as a
check made in the build's own process, whatever the child does, and nothing left behind."""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import oracle
from dockercheck import background
from dockercheck.pages import Explain
from dockercheck.session import DocsChecker

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from run import page_text  # noqa: E402 - the benchmark's generated notes

HIDDEN = "not listed in docker's help"
UNREAD = """\
# Inside an HTML block

<div markdown>
<pre><code class="language-sh">docker rnu hidden
</code></pre>
</div>
"""


def documents() -> dict[str, str]:
    """The site's own notes, 40 generated ones (1 command in 10 a mistake), and a block only HTML shows."""
    texts = {str(p.relative_to(ROOT)): p.read_text("utf-8") for p in sorted((ROOT / "docs").rglob("*.md"))}
    texts |= {f"docs/gen/note-{i:02d}.md": page_text(i) for i in range(40)}
    texts["docs/unread.md"] = UNREAD
    return texts


HTML = MarkdownIt("commonmark").enable("table")


def rendered(text: str) -> str:
    return HTML.render(text)


@pytest.fixture(autouse=True)
def _clean():
    yield
    gc.unfreeze()
    assert not multiprocessing.active_children(), "a child process was left running"
    assert not [t.name for t in threading.enumerate() if t.name.startswith("dockercheck")], "a thread was left"


def finished(checker: DocsChecker) -> list:
    """Every report of the check, once it is finished."""
    checker.finish()
    return checker.reports()


def summary(reports) -> list:
    """What a report says, with each command named by its path in the checker's grammar."""
    out = []
    for report in reports:
        out.append((report.path, report.docker_blocks, [dataclasses.astuple(f) for f in report.findings]))
        for item in report.invocations:
            command = item.checked.command
            flags = [(f.name, f.option.option, f.span, f.value) for f in item.checked.flags]
            out.append((item.invocation.text, item.invocation.line, item.reading, command and command.path, flags))
    return out


def readings(checker: DocsChecker, texts: dict[str, str], html: dict[str, str], handed: bool = False) -> dict:
    """Every page handed over (unless ``handed`` already), then every reading."""
    for name in () if handed else texts:
        checker.read_page(name, html[name], "notes/page/")
    out = {}
    for name in texts:
        reading = checker.page_reading(name)
        assert reading is not None
        marked = reading.marked
        out[name] = (
            [dataclasses.astuple(f) for f in reading.findings],
            None if marked is None else (reading.html, marked.sections, [i.line for i in marked.missing]),
        )
    return out


def sheet_summary(sheet) -> list:
    """What a cheat sheet's data says, with each command named by its path."""

    def example(x):
        flags = [(f.written, [(o.option, o.description) for o in f.options]) for f in x.flags]
        return x.text, x.comment, flags, list(x.uses)

    entries = [(e.key, e.group, e.command.path, list(e.uses), [example(x) for x in e.examples]) for e in sheet.entries]
    areas = [
        (a.path, a.plugin, [(r.path, r.short, r.names, r.entry and r.entry.key, r.plugin) for r in a.rows])
        for a in sheet.areas
    ]
    return [sheet.version, sheet.kind, entries, [example(x) for x in sheet.unresolved], areas]


def both_ways(texts: dict[str, str]) -> tuple[tuple, tuple]:
    """(reports, readings, stats, findings, cheat sheet) from a check here and from one in a child
    process (which makes the cheat sheet's data too)."""
    html = {name: rendered(text) for name, text in texts.items()}
    out = []
    for in_background in (False, True):
        checker = DocsChecker("snapshot")
        checker.explain = Explain("cheatsheet/", HIDDEN)
        checker.start(texts, in_background=in_background)
        checker.ask_sheet()
        assert (checker._background is not None) is in_background
        read = readings(checker, texts, html)
        sheet = sheet_summary(checker.sheet())
        checker.finish()
        found = [(name, [dataclasses.astuple(f) for f in findings]) for name, findings in checker.findings()]
        assert bool(checker._sent) is in_background, "the child's reports were read back before they were wanted"
        reports = checker.reports()
        assert not checker._sent
        assert checker._background is None and checker.background_failure is None
        grammar = checker.grammar
        for report in reports:  # every command is the parent's own grammar's
            for item in report.invocations:
                command = item.checked.command
                if command is not None and command.path != ("help",):
                    assert grammar.locate(command) is not None, command.path
        out.append((summary(reports), read, checker.stats, found, sheet))
    return out[0], out[1]


def test_a_check_in_a_child_process_gives_the_reports_and_readings_made_here():
    here, child = both_ways(documents())
    assert child[0] == here[0]
    assert child[1] == here[1]
    assert child[2] == here[2]
    assert child[3] == here[3]
    assert child[4] == here[4]
    assert len(here[4][2]) > 10, "the cheat sheet has entries"
    findings = [f for name, (found, _) in here[1].items() for f in found]
    assert any(f[3] == "DC001" and f[5] == "docker rnu hidden" for f in findings), "a block only HTML shows"
    marked = [m for _, m in here[1].values() if m is not None]
    assert len(marked) > 40 and all('class="dc-target"' in m[0] for m in marked)


def test_reports_come_chunk_by_chunk_in_the_order_given():
    texts = {f"docs/note-{i:03d}.md": page_text(i) for i in range(100)}
    assert [len(part) for part in background.chunks(100)] == [8, 16, 32, 44]
    assert [len(part) for part in background.chunks(3)] == [3]
    checker = DocsChecker("snapshot")
    checker.start(texts, in_background=True)
    first = checker.report("docs/note-000.md")
    assert first is not None and len(checker._pending) == 100 - 8  # the first chunk only
    checker.report("docs/note-030.md")
    assert len(checker._pending) == 100 - 8 - 16 - 32
    assert len(finished(checker)) == 100 and not checker._pending and checker.background_failure is None


def test_only_changed_documents_go_to_the_child_and_it_reads_the_others_pages_too():
    texts = {f"docs/note-{i:02d}.md": page_text(i) for i in range(10)}
    html = {name: rendered(text) for name, text in texts.items()}
    checker = DocsChecker("snapshot")
    checker.explain = Explain(None, HIDDEN)
    checker.check(texts)
    before = {name: checker.report(name) for name in texts}
    texts["docs/note-03.md"] = texts["docs/note-03.md"].replace("docker", "docker  ", 1)
    checker.start(texts, in_background=True)
    assert checker._background is not None and checker._background.names == ["docs/note-03.md"]
    here = DocsChecker("snapshot")
    here.explain = checker.explain
    here.check(texts)
    assert readings(checker, texts, html) == readings(here, texts, html)
    reports = finished(checker)
    assert checker.background_failure is None
    assert [r is before[r.path] for r in reports] == [r.path != "docs/note-03.md" for r in reports]
    assert checker.stats.documents_checked == 1


@pytest.mark.parametrize(
    ("where", "how"),
    [
        ("check", "raise"),  # an exception while checking: the child says so
        ("check", "exit"),  # a crash while checking: the pipe closes
        ("read", "raise"),
        ("read", "exit"),
    ],
)
def test_whatever_the_child_does_the_parent_does_the_rest_with_the_same_outcome(monkeypatch, where, how):
    texts = documents()
    html = {name: rendered(text) for name, text in texts.items()}
    here = DocsChecker("snapshot")
    here.explain = Explain("cheatsheet/", HIDDEN)
    here.check(texts)
    expected = (readings(here, texts, html), summary(finished(here)))
    parent = os.getpid()
    name = "check_document" if where == "check" else "read_page"
    original = getattr(background, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if os.getpid() != parent and len(calls) > 20:  # in the child, after a while
            if how == "exit":
                os._exit(3)
            raise RuntimeError("broken")
        return original(*args, **kwargs)

    monkeypatch.setattr(background, name, failing)
    checker = DocsChecker("snapshot")
    checker.explain = here.explain
    checker.start(texts, in_background=True)
    assert (readings(checker, texts, html), summary(finished(checker))) == expected
    assert checker._background is None
    assert checker.background_failure is not None and ("broken" in checker.background_failure) == (how == "raise")


def test_pages_handed_over_before_their_documents_are_checked_are_read_once_they_are():
    """The last chunk's pages first: the child keeps them until it has checked their documents and
    sends the readings in the order the pages came; the parent never waited for a report."""
    texts = {f"docs/note-{i:03d}.md": page_text(i) for i in range(100)}
    html = {name: rendered(text) for name, text in texts.items()}
    here = DocsChecker("snapshot")
    here.explain = Explain("cheatsheet/", HIDDEN)
    here.start(texts, in_background=False)
    expected = readings(here, texts, html)
    checker = DocsChecker("snapshot")
    checker.explain = here.explain
    checker.start(texts, in_background=True)
    for name in list(texts)[::-1]:
        checker.read_page(name, html[name], "notes/page/")
    assert len(checker._pending) == len(texts), "handing a page over waited for a report"
    assert readings(checker, texts, html, handed=True) == expected
    assert summary(finished(checker)) == summary(finished(here))
    assert checker.background_failure is None


def test_a_child_gone_while_pages_are_handed_over_leaves_them_to_the_parent(monkeypatch):
    """As MkDocs goes, page after page: the report, then the rendered page handed over; the child
    dies at its first page, while the parent still hands over the next ones."""
    texts = {f"docs/note-{i:03d}.md": page_text(i) for i in range(100)}
    html = {name: rendered(text) for name, text in texts.items()}
    here = DocsChecker("snapshot")
    here.explain = Explain(None, HIDDEN)
    here.check(texts)
    parent = os.getpid()
    original = background.read_page

    def dying(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(3)
        return original(*args, **kwargs)

    monkeypatch.setattr(background, "read_page", dying)
    checker = DocsChecker("snapshot")
    checker.explain = here.explain
    checker.start(texts, in_background=True)
    for name in texts:
        checker.read_page(name, html[name], "notes/page/")
    got = {name: checker.page_reading(name).html for name in texts}
    assert got == {name: here.read_page(name, html[name], "notes/page/").html for name in texts}
    assert summary(finished(checker)) == summary(finished(here))
    assert checker.background_failure is not None


def test_the_parent_learns_what_the_child_asked_docker_and_keeps_it_in_its_cache(tmp_path, monkeypatch):
    if shutil.which("docker") is None:
        if oracle.ci():
            pytest.fail("CI must have docker on PATH")
        pytest.skip("no docker on PATH")
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent.sock")
    cache = tmp_path / "cache"
    texts = {"docs/a.md": "```sh\ndocker volume create data\ndocker network ls\n```\n"}
    checker = DocsChecker("live", cache_dir=cache)
    source = checker.grammar.source
    asked = set(source.answers()[0])
    checker.start(texts, in_background=True)
    [report] = finished(checker)
    assert [i.checked.command.path for i in report.invocations] == [("volume", "create"), ("network", "ls")]
    learnt = set(source.answers()[0]) - asked
    if source.snapshot_keys:  # this docker is the snapshot's version: nothing to ask
        assert not learnt
    else:
        assert {"volume create", "network ls"} <= learnt
        assert len(source.spawned) == 1  # the parent ran `docker --version` only
        again = DocsChecker("live", cache_dir=cache)
        assert {"volume create", "network ls"} <= set(again.grammar.source.answers()[0])


def test_a_build_stopped_on_the_way_leaves_no_child(monkeypatch):
    texts = {f"docs/note-{i:03d}.md": page_text(i) for i in range(200)}
    checker = DocsChecker("snapshot")
    checker.start(texts, in_background=True)
    checker.report("docs/note-000.md")
    checker.abandon()  # what the hooks do on MkDocs' build_error
    assert checker._background is None and not checker._pending
    checker.start(texts, in_background=False)  # and the next build checks everything
    assert len(finished(checker)) == 200


def test_when_it_pays_to_fork(monkeypatch):
    monkeypatch.delenv(background.ENV, raising=False)
    monkeypatch.setattr(background, "cores", lambda: 2)
    assert background.worth_it(background.MIN_DOCUMENTS)
    assert not background.worth_it(background.MIN_DOCUMENTS - 1)
    monkeypatch.setattr(background, "cores", lambda: 1)
    assert not background.worth_it(1000)
    monkeypatch.setenv(background.ENV, "1")
    assert background.worth_it(1)
    monkeypatch.setenv(background.ENV, "0")
    monkeypatch.setattr(background, "cores", lambda: 8)
    assert not background.worth_it(1000)


# -- a whole site ------------------------------------------------------------------


def test_a_site_built_with_the_check_in_a_child_process_is_the_same_site(tmp_path):
    """The project's site (every hook, the cheat sheet) with notes of others' shape: byte for byte
    the same pages, search index and log, whether the check ran in a child process or not."""
    from fakedocker import make_site, run_build

    pages = {f"gen/note-{i:02d}.md": page_text(i) for i in range(12)} | {"unread.md": UNREAD}
    outputs = {}
    for flag in ("0", "1"):
        site = make_site(tmp_path / flag, pages)
        run = run_build(
            site, path=os.environ["PATH"], cache=tmp_path / "cache", strict=False, DOCKERCHECK_BACKGROUND=flag
        )
        assert run.returncode == 0, run.output[-3000:]
        files = {
            str(p.relative_to(site / "site")): p.read_bytes()
            for p in sorted((site / "site").rglob("*"))
            if p.suffix in (".html", ".json", ".js", ".css")
        }
        log = [line for line in run.stderr.splitlines() if "dockercheck" in line or "check_commands" in line]
        outputs[flag] = (files, log)
    (files0, log0), (files1, log1) = outputs["0"], outputs["1"]
    assert files0.keys() == files1.keys()
    assert [name for name in files0 if files0[name] != files1[name]] == []
    assert log0 == log1
    assert not any("the rest was done" in line for line in log1)  # the child did its part
    assert any("'docker rnu'" in line for line in log0) and any("docker commands in 15 pages" in line for line in log0)
    sheet = files1["cheatsheet/index.html"].decode()
    assert "笔记0" in sheet  # the places name the notes
    assert b"dc-target" in files1["gen/note-03/index.html"]


@pytest.mark.filterwarnings("ignore:pkg_resources is deprecated:UserWarning")  # jieba's, when search loads it
def test_rebuilds_in_one_process_with_the_check_in_a_child(tmp_path, monkeypatch, caplog):
    """`mkdocs serve`: the second build checks only the changed page (in a child: forced), and the
    child reads every page, the unchanged ones against the reports the parent kept."""
    from fakedocker import make_site
    from test_hook import in_process

    monkeypatch.setenv("DOCKERCHECK_SOURCE", "snapshot")
    monkeypatch.setenv("DOCKERCHECK_BACKGROUND", "1")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    DocsChecker._shared.clear()
    site = make_site(tmp_path / "site", {f"note-{i}.md": page_text(i) for i in range(5)})
    monkeypatch.chdir(site)
    run = in_process(site, caplog)
    try:
        first = run()
        assert any("100 docker commands in 7 pages (100 checked now" in m for m in first), first
        (site / "docs" / "note-2.md").write_text(page_text(2).replace("笔记", "笔记 ", 1), "utf-8")
        second = run()
        assert any("100 docker commands in 7 pages (20 checked now" in m for m in second), second
        assert [m for m in first if "DC0" in m] == [m for m in second if "DC0" in m]
        assert not any("the rest was done" in m for m in first + second)  # the child did its part
        for i in range(5):
            assert "dc-target" in (site / "site" / f"note-{i}" / "index.html").read_text("utf-8")
    finally:
        DocsChecker._shared.clear()


def test_a_chunk_that_does_not_read_back_is_checked_here():
    texts = {f"docs/note-{i:03d}.md": page_text(i) for i in range(40)}
    here = DocsChecker("snapshot")
    expected = summary(here.check(texts))
    checker = DocsChecker("snapshot")
    checker.start(texts, in_background=True)
    checker.finish()
    chunk = checker._sent["docs/note-010.md"][1]
    chunk.payload = chunk.payload[: len(chunk.payload) // 2]
    assert summary(checker.reports()) == expected
    assert "do not read back" in (checker.background_failure or "")


@pytest.mark.parametrize("how", ["raise", "exit"])
def test_a_cheat_sheet_the_child_does_not_make_is_made_here(monkeypatch, how):
    texts = {f"docs/note-{i:03d}.md": page_text(i) for i in range(40)}
    here = DocsChecker("snapshot")
    here.check(texts)
    expected = sheet_summary(here.sheet())

    def failing(*args, **kwargs):
        if how == "exit":
            os._exit(3)
        raise RuntimeError("broken")

    monkeypatch.setattr(background, "collect", failing)
    checker = DocsChecker("snapshot")
    checker.start(texts, in_background=True)
    checker.ask_sheet()
    assert sheet_summary(checker.sheet()) == expected
    assert checker._background is None and checker.background_failure is not None
    checker.finish()
    assert summary(checker.reports()) == summary(here.reports())
