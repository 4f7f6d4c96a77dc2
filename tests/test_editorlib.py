"""hooks/editorlib.py: editor's notes after the author's words (no build)."""

from __future__ import annotations

import pytest

from conftest import ROOT, load_hook_module


@pytest.fixture(scope="module")
def editorlib():
    return load_hook_module("editorlib")


PAGE = "## How\n\n### Work\n\n容器 = 镜像 + 可读层。并且……\n第二行。\n\n### Instruction\n"


def test_the_note_follows_the_paragraph_and_the_author_text_is_kept(editorlib):
    note = editorlib.EditorNote("容器 = 镜像 + 可读层。", "应为**可写层**。")
    out, missing = editorlib.insert(PAGE, [note])
    assert missing == []
    assert out == PAGE.replace("第二行。\n", '第二行。\n\n!!! editor "编者注"\n    应为**可写层**。\n\n')
    assert out.replace('\n!!! editor "编者注"\n    应为**可写层**。\n\n', "", 1) == PAGE


def test_a_note_whose_words_are_gone_is_reported(editorlib):
    note = editorlib.EditorNote("不在页面里", "x")
    assert editorlib.insert(PAGE, [note]) == (PAGE, [note])


def test_the_projects_editor_notes_parse(editorlib):
    import yaml

    notes = editorlib.parse(yaml.safe_load((ROOT / "editor-notes.yml").read_text(encoding="utf-8")))
    assert "可写层" in notes["docker.md"][0].text
    assert notes["docker.md"][0].after in (ROOT / "docs" / "docker.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "data", [[1], {"a.md": "x"}, {"a.md": [{"after": "x"}]}, {"a.md": [{"after": " ", "note": "n"}]}]
)
def test_malformed_editor_notes_are_rejected(editorlib, data):
    with pytest.raises(editorlib.EditorNotesError):
        editorlib.parse(data)
