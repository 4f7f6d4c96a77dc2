"""Golden files: two small notes in; the cheat sheet's data, its page and a marked note out.

``tests/fixtures/cheatsheet/`` holds the notes (``note.md``, ``other.md``)
and what the site makes of them, through the same steps as a build
(rendered by Python-Markdown with the site's extensions, checked against the
snapshot, marked, collected, laid out, rendered with the site's template and
Material's Jinja environment):

- ``expected-data.json``: the data the template gets (entries, examples, each
  flag explained, places named by note and section, coverage);
- ``expected-page.html``: the page's content from ``overrides/dockercheck/cheatsheet.html``;
- ``expected-toc.json``: its table of contents, from its headings;
- ``expected-page.txt``: the text a reader sees on that page;
- ``expected-note.html``: ``note.md`` as published: line ids, each line's
  command word and flags as data, and the page's table of explanations
  (what ``dockercheck.js`` turns into links and tooltips).

After a deliberate change, rewrite them and review the diff::

    make golden        # UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_cheatsheet_golden.py
"""

from __future__ import annotations

import io
import json
import os
import pickle
import re
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from pymdownx.slugs import slugify

from conftest import ROOT
from dockercheck import cheatsheet as cs
from dockercheck import check_document, load_grammar
from dockercheck.mkdocs.labels import labels
from dockercheck.mkdocs.sheet import TEMPLATE, template_env
from dockercheck.rendered import RenderedPage, toc_tokens

FIXTURES = Path(__file__).parent / "fixtures" / "cheatsheet"
NOTES = {"note.md": "容器笔记", "other.md": "镜像笔记"}
SHEET_URL = "cheatsheet/"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))

# As mkdocs.yml renders a page (the extensions that shape code blocks and headings).
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.highlight", "pymdownx.superfences"]
CONFIGS = {
    "toc": {"permalink": True, "permalink_title": "本节链接", "slugify": slugify(case="lower")},
    "pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span", "pygments_lang_class": True},
}


def to_html(text: str) -> str:
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # MkDocs reads the front-matter apart
    return markdown.markdown(body, extensions=EXTENSIONS, extension_configs=CONFIGS)


def theme_env(language: str = "zh", cache: Path | None = None):
    """Material's environment with the site's overrides and the package's templates, as the hook has it."""
    from mkdocs.theme import Theme

    theme = Theme(name="material", custom_dir=str(ROOT / "overrides"), language=language)
    return template_env(SimpleNamespace(theme=theme), cache)


def render_page(shown: cs.SheetPage, env=None, language: str = "zh") -> str:
    """The page's content as the hook renders it (the template, Material's environment, mkdocs.yml's toc)."""
    t = labels(language)
    return cs.render(
        env or theme_env(language),
        TEMPLATE,
        shown,
        title=t["title"],
        toc={"permalink": True, "permalink_title": "本节链接"},
        t=t,
    )


def build() -> dict[str, str]:
    """Every output, as the build makes it (hooks/cheatsheet.py's steps)."""
    grammar = load_grammar("snapshot")
    reports, sections, marked = {}, {}, {}
    for name in NOTES:
        text = (FIXTURES / name).read_text("utf-8")
        reports[name] = check_document(grammar, text, f"docs/{name}")
        url = name.removesuffix(".md") + "/"
        explainer = cs.Explainer(cs.relative_url(SHEET_URL, url), labels("zh")["hidden"])
        result = cs.mark_report(RenderedPage(to_html(text)), reports[name], explainer)
        assert result.missing == []
        sections[name], marked[name] = result.sections, result.html + explainer.markup()
    pages = {name: cs.PageRef(name.removesuffix(".md") + "/", title) for name, title in NOTES.items()}
    shown = cs.layout(cs.collect(reports, grammar), pages, SHEET_URL, sections)
    page = render_page(shown)
    return {
        "shown": shown,  # not a file: the data the page is rendered from
        "expected-data.json": json.dumps(as_data(shown), ensure_ascii=False, indent=1) + "\n",
        "expected-page.html": page,
        "expected-toc.json": json.dumps(toc_tokens(page), ensure_ascii=False, indent=1) + "\n",
        "expected-page.txt": visible_text(page),
        "expected-note.html": marked["note.md"],
    }


def as_data(shown: cs.SheetPage) -> dict:
    sheet = shown.sheet
    return {
        "docker": sheet.version,
        "uses": sheet.uses,
        "commands": len(sheet.entries),
        "coverage": {
            "total": sheet.total,
            "covered": [row.command for area in sheet.areas for row in area.rows if row.entry is not None],
        },
        "groups": [{"group": g.name, "entries": [entry_data(e) for e in g.entries]} for g in shown.groups],
        "unresolved": [example_data(x) for x in shown.unresolved],
    }


def entry_data(shown: cs.ShownEntry) -> dict:
    entry = shown.entry
    return {
        "title": entry.title,
        "anchor": entry.anchor,
        "short": entry.command.short,
        "usage": entry.command.usage,
        "aliases": entry.aliases,
        "uses": len(entry.uses),
        "examples": [example_data(x) for x in shown.examples],
        "more": [example_data(x) for x in shown.more],
        "not shown": [shown.more_examples, shown.more_uses],
    }


def example_data(x: cs.ShownExample) -> dict:
    return {
        "text": x.text,
        "comment": x.comment,
        "uses": x.uses,
        "places": [f"{p.href} {p.page} › {p.section} ×{p.count}" for p in x.places]
        + ([f"+{x.more_places}"] if x.more_places else []),
        "flags": {
            f.written: [
                {"flag": o.display, "value": o.value_type, "default": o.default_value, "help": o.description}
                | ({"hidden": True} if o.hidden else {})
                for o in f.options
            ]
            for f in x.flags
        },
    }


def visible_text(html: str) -> str:
    """Text as shown, one block element a line: tags out, entities decoded, the permalinks left out."""
    html = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", html)
    html = re.sub(r"</(p|li|h\d|dd|dt|tr|pre|summary|div)>|<br\s*/?>", "\n", html)
    html = re.sub(r"</t[dh]>", " | ", html)
    text = unescape(re.sub(r"<[^>]*>", "", html))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return build()


@pytest.mark.parametrize(
    "name", ["expected-data.json", "expected-page.html", "expected-toc.json", "expected-page.txt", "expected-note.html"]
)
def test_golden_file(outputs, name):
    path = FIXTURES / name
    if UPDATE:
        path.write_text(outputs[name], "utf-8")
    assert path.is_file(), f"{path} is missing: run `make golden`"
    assert outputs[name] == path.read_text("utf-8"), f"{name} differs: review, then `make golden` if it is right"


def test_the_golden_note_is_the_note_with_marks_only(outputs):
    """The marks add empty elements and nothing else: the text of the note is what it was."""
    original = to_html((FIXTURES / "note.md").read_text("utf-8"))
    marked = outputs["expected-note.html"]
    assert unescape(re.sub(r"<[^>]*>", "", marked)) == unescape(re.sub(r"<[^>]*>", "", original))
    assert marked.count("data-dc=") == 7  # every resolved command's line, docker rnu left out
    assert marked.count('class="dc-target"') == 8  # and an id on each command's line


def compiles(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from now on."""
    from jinja2 import Environment

    compiled, original = [], Environment.compile

    def compile(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", compile)
    return compiled


def test_the_template_compiled_once_is_loaded_from_the_cache_folder(outputs, tmp_path, monkeypatch):
    compiled = compiles(monkeypatch)
    cache = tmp_path / "cache"
    assert render_page(outputs["shown"], theme_env(cache=cache)) == outputs["expected-page.html"]
    assert compiled == [TEMPLATE]
    (kept,) = cache.glob("jinja-*.cache")
    assert kept.stat().st_mode & 0o777 == 0o600 and cache.stat().st_mode & 0o777 == 0o700
    assert render_page(outputs["shown"], theme_env(cache=cache)) == outputs["expected-page.html"]
    assert compiled == [TEMPLATE], "compiled again"


def plant(kept: Path) -> None:
    """Replace the compiled template in a cache file by code that says it ran, Jinja's header kept."""
    from jinja2.bccache import Bucket, bc_magic

    handle = io.BytesIO(kept.read_bytes())
    assert handle.read(len(bc_magic)) == bc_magic
    bucket = Bucket(None, "", pickle.load(handle))  # the template source's checksum: it matches
    bucket.code = compile("raise SystemExit('planted code ran')", str(kept), "exec")
    kept.write_bytes(bucket.bytecode_to_string())


def test_the_users_own_compiled_template_is_what_runs(outputs, tmp_path):
    """What the next tests plant would run, were it the user's own: they show it is not."""
    cache = tmp_path / "cache"
    render_page(outputs["shown"], theme_env(cache=cache))
    plant(next(cache.glob("jinja-*.cache")))
    with pytest.raises(SystemExit, match="planted code ran"):
        render_page(outputs["shown"], theme_env(cache=cache))


@pytest.mark.parametrize("how", ["others may write the file", "others may write the folder", "a link", "damaged"])
def test_a_compiled_template_that_is_not_the_users_own_is_not_run(outputs, tmp_path, monkeypatch, how):
    """Compiled code runs when it is loaded: one that someone else could have written is compiled
    again from the template (and a damaged one too), and the page is the same."""
    cache = tmp_path / "cache"
    render_page(outputs["shown"], theme_env(cache=cache))
    (kept,) = cache.glob("jinja-*.cache")
    plant(kept)
    if how == "others may write the file":
        kept.chmod(0o666)
    elif how == "others may write the folder":
        cache.chmod(0o777)
    elif how == "a link":
        elsewhere = tmp_path / "elsewhere"
        cache.rename(elsewhere)
        cache.symlink_to(elsewhere)
    else:
        kept.write_bytes(kept.read_bytes()[:-20])
    compiled = compiles(monkeypatch)
    assert render_page(outputs["shown"], theme_env(cache=cache)) == outputs["expected-page.html"]
    assert compiled == [TEMPLATE]
