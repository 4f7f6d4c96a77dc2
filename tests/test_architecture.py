"""The shape of the code: what each module of the library may import, and the adapters stay thin.

The map is the README's ("Architecture"); this test keeps the two true.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "src" / "dockercheck"

# Module -> the library modules it may import. Lower layers first: data and text
# tools, then the command model read from help, then the check, then the adapters.
MAY_IMPORT: dict[str, set[str]] = {
    "model": set(),
    "values": set(),
    "shell": set(),
    "diagnostics": set(),
    "containers": set(),
    "profile": {"model", "values"},
    "helptext": {"model", "profile"},
    "flags": {"model", "shell"},
    "winshell": {"shell"},
    "notation": set(),
    "extract": {"containers", "notation", "profile", "shell", "winshell"},
    "sources": {"helptext", "model", "profile"},
    "grammar": {"flags", "helptext", "model", "profile", "shell", "sources"},
    "rendered": {"extract"},
    "validate": {"diagnostics", "flags", "grammar", "model", "profile", "shell", "values"},
    "reading": {"diagnostics", "extract", "flags", "grammar", "model", "notation", "shell", "validate"},
    "check": {"diagnostics", "extract", "grammar", "notation", "reading", "rendered", "validate"},
    "pages": {"cheatsheet", "check", "diagnostics", "grammar", "rendered"},
    "background": {
        "cheatsheet",
        "check",
        "diagnostics",
        "extract",
        "flags",
        "grammar",
        "model",
        "pages",
        "shell",
        "validate",
    },
    "session": {
        "background",
        "cheatsheet",
        "check",
        "diagnostics",
        "extract",
        "grammar",
        "pages",
        "profile",
        "sources",
    },
    "cheatsheet": {"check", "extract", "grammar", "model", "rendered"},
    # data generators and the command line
    "snapshot": {"grammar", "profile", "sources"},
    "reference": set(),
    "cli": {"diagnostics", "session", "sources"},
    "__main__": {"cli"},
    "__init__": {"check", "diagnostics", "extract", "grammar", "session"},
}


def imports(path: Path) -> tuple[set[str], set[str]]:
    """(library modules, other top-level packages) a module imports."""
    own, other = set(), set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            own.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
        elif isinstance(node, ast.ImportFrom) and node.module:
            (own if node.module.startswith("dockercheck.") else other).add(
                node.module.split(".")[-1 if node.module.startswith("dockercheck.") else 0]
            )
        elif isinstance(node, ast.Import):
            other.update(a.name.split(".")[0] for a in node.names)
    return own, other


ADAPTERS = LIBRARY / "mkdocs"  # the MkDocs plugin and the hooks' events: may import MkDocs and the library


def test_the_mkdocs_adapters_are_imported_by_no_library_module():
    for path in LIBRARY.glob("*.py"):
        own, other = imports(path)
        assert "mkdocs" not in own and "mkdocs" not in other, path.name


@pytest.mark.parametrize("path", sorted(ADAPTERS.glob("*.py")), ids=lambda p: p.name)
def test_the_mkdocs_adapters_are_events_and_glue(path):
    """Each adapter module is short: the check, the cheat sheet and labels are the library's."""
    code = [line for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    docstring = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
    assert len(code) - len(docstring.splitlines()) <= 160, f"{path.name}: move the logic to the library"


def test_every_module_is_on_the_map():
    assert {p.stem for p in LIBRARY.glob("*.py")} == set(MAY_IMPORT)


@pytest.mark.parametrize("name", sorted(MAY_IMPORT))
def test_a_module_imports_only_what_its_layer_may(name):
    own, other = imports(LIBRARY / f"{name}.py")
    assert own <= MAY_IMPORT[name], f"{name} imports {sorted(own - MAY_IMPORT[name])}"
    assert "mkdocs" not in other, f"{name} imports MkDocs: the library must not"


HOOK_EVENTS = {
    "on_config",
    "on_files",
    "on_nav",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_post_page",
    "on_post_build",
    "on_template_context",
    "on_env",
    "on_pre_build",
    "on_startup",
    "on_serve",
}


@pytest.mark.parametrize("path", sorted((ROOT / "hooks").glob("*.py")), ids=lambda p: p.name)
def test_a_hook_is_events_and_glue(path):
    """A hook file (one that defines events) is short; its logic sits in a pure sibling or the library."""
    tree = ast.parse(path.read_text("utf-8"))
    events = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in HOOK_EVENTS]
    if not events:
        return  # a pure helper module (notelib.py, codelib.py...)
    code_lines = [
        line for line in path.read_text("utf-8").splitlines() if line.strip() and not line.strip().startswith("#")
    ]
    docstring = ast.get_docstring(tree) or ""
    assert len(code_lines) - len(docstring.splitlines()) <= 90, f"{path.name}: move the logic to a pure module"
    assert len(events) <= 4, f"{path.name}: {events}"
