"""DocsChecker: the one owner of the help source; the garbage collector is paused during a check."""

from __future__ import annotations

import gc

import pytest

from dockercheck.session import DocsChecker

PAGE = "```sh\ndocker run -it --rm ubuntu bash\ndocker rnu x\n```\n"


@pytest.mark.parametrize("enabled", [True, False])
def test_check_restores_the_collector_state(enabled, monkeypatch):
    seen = []
    checker = DocsChecker("snapshot")
    original = checker._check

    def spy(grammar, texts):
        seen.append(gc.isenabled())
        return original(grammar, texts)

    monkeypatch.setattr(checker, "_check", spy)
    (gc.enable if enabled else gc.disable)()
    try:
        reports = checker.check({"page.md": PAGE})
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen == [False]
    assert [f.code for f in reports[0].findings] == ["DC001"]


def test_the_collector_runs_again_after_a_failing_check(monkeypatch):
    checker = DocsChecker("snapshot")
    monkeypatch.setattr(checker, "_check", lambda grammar, texts: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        checker.check({"page.md": PAGE})
    assert gc.isenabled()


class FailingSource:
    """A live docker that answers the version, then fails on any help asked."""

    kind = "live"
    version = "99.0.0"
    detail = "docker 99.0.0 at /fake/docker"

    def __init__(self) -> None:
        self.renewed = self.saved = 0

    def help(self, path):
        from dockercheck.sources import SourceError

        raise SourceError("docker did not answer within 5 s for all calls")

    def help_many(self, paths):
        return {path: self.help(path) for path in paths}

    def probe(self, path, flag):
        return None

    def renew_budget(self) -> None:
        self.renewed += 1

    def save(self) -> None:
        self.saved += 1


@pytest.mark.parametrize("source", ["auto", "live"])
def test_a_failing_live_docker_falls_back_once_unless_live_only_was_asked(source):
    from dockercheck.grammar import Grammar
    from dockercheck.sources import SourceError

    failing = FailingSource()
    checker = DocsChecker(source, grammar=Grammar(failing))
    if source == "live":
        with pytest.raises(SourceError, match="within 5 s"):
            checker.check({"page.md": PAGE})
        return
    reports = checker.check({"page.md": PAGE})
    assert [f.code for f in reports[0].findings] == ["DC001"]  # checked again, on the snapshot
    assert checker.grammar.kind == "snapshot"
    assert checker.grammar.note == "live docker failed: docker did not answer within 5 s for all calls"
    assert failing.renewed == 1 and failing.saved == 0
    again = checker.run(lambda grammar: grammar.kind)  # no second fallback: the snapshot stays
    assert again == "snapshot"


class SlowSource(FailingSource):
    """A live docker of another version that answers some help, then runs out of time."""

    def help(self, path):
        from dockercheck.sources import SlowDocker

        raise SlowDocker("docker did not finish answering within 5 s for all calls")


def test_a_slow_docker_gets_a_calm_correct_line_and_keeps_its_answers():
    from dockercheck.grammar import Grammar

    slow = SlowSource()
    checker = DocsChecker("auto", grammar=Grammar(slow))
    reports = checker.check({"page.md": PAGE})
    assert [f.code for f in reports[0].findings] == ["DC001"]
    note = checker.grammar.note
    assert note.startswith("docker 99.0.0 answered too slowly (docker did not finish answering within 5 s")
    assert "this run uses the snapshot of docker 28.2.2's help instead" in note
    assert "failed" not in note
    assert slow.saved == 1  # what it answered is kept for the next run


def test_the_check_freezes_what_it_keeps_until_the_next_check(monkeypatch):
    checker = DocsChecker("snapshot")
    gc.unfreeze()
    try:
        checker.check({"page.md": PAGE})
        assert gc.get_freeze_count() > 0
        seen = []
        original = checker._check
        monkeypatch.setattr(
            checker, "_check", lambda grammar, texts: (seen.append(gc.get_freeze_count()), original(grammar, texts))[1]
        )
        checker.check({"page.md": PAGE + "docker ps\n"})
        assert seen == [0]
    finally:
        gc.unfreeze()


def test_the_shared_checker_follows_the_environment(monkeypatch):
    monkeypatch.setenv("DOCKERCHECK_SOURCE", "snapshot")
    assert DocsChecker.shared().source == "snapshot"
    assert DocsChecker.shared() is DocsChecker.shared("snapshot")
    with pytest.raises(ValueError, match="unknown help source 'bogus'"):
        DocsChecker("bogus")
    monkeypatch.setenv("DOCKERCHECK_SOURCE", "bogus")
    with pytest.raises(ValueError, match="DOCKERCHECK_SOURCE='bogus' names no help source"):
        DocsChecker.shared()
