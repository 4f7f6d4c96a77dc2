"""DocsChecker: the garbage collector is paused during a check and restored after it."""

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

    def spy(texts):
        seen.append(gc.isenabled())
        return original(texts)

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
    monkeypatch.setattr(checker, "_check", lambda texts: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        checker.check({"page.md": PAGE})
    assert gc.isenabled()
