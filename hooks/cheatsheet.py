"""MkDocs hook: the command cheat sheet, and each note's command lines marked and explained.

Events and glue only: the cheat sheet's data is ``dockercheck.cheatsheet``'s,
its page the HTML of the template ``overrides/dockercheck/cheatsheet.html``
(rendered with the theme's Jinja environment, autoescape on; its headings
make the page's table of contents). The page (``cheatsheet.md``) is
generated in memory, unless docs/ has one of its own; hooks/notes.py places
it in the navigation. In each note, every command line gets the id the
page links to (``__cmd-<line>``) and its command word and flags as data,
with the page's table of docker's explanations, which
docs/assets/javascripts/dockercheck.js turns into links and tooltips. The
marks go in after the search plugin has read the page (on_page_context);
the nearest heading above each line is kept to name the place on the cheat
sheet, which is written last, when every note has been rendered.

The reports come from the check (hooks/check_commands.py, which must come
before this hook in mkdocs.yml, and both after the hooks that change
pages): both ask the process's shared ``DocsChecker``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

import dockercheck.cheatsheet as cheatsheet
from dockercheck.diagnostics import printable
from dockercheck.rendered import RenderedPage, toc_tokens
from dockercheck.session import DocsChecker

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from dockercheck.check import FileReport
    from dockercheck.rendered import Marked

log = get_plugin_logger(__name__)
TITLE = "Docker 命令速查"
TEMPLATE = "dockercheck/cheatsheet.html"
HIDDEN = "docker 的帮助中没有列出（隐藏的选项），docker 接受它"
_sections: dict[str, dict[int, str]] = {}  # src_uri -> source line -> the heading above it (this build's)
_marks: dict[str, tuple[Marked, FileReport, cheatsheet.Explainer]] = {}  # src_uri -> marks to put in
_texts: dict[tuple, str] = {}  # explanations written so far (a command's help does not change in a build)
_sheet: list[File] = []  # the generated page, when there is one
_content: list[str] = []  # its content, from the template, while MkDocs reads its (empty) Markdown


def name(file: File, config: MkDocsConfig) -> str:
    """The checker's name of a page (as hooks/check_commands.py gives it): docs/page.md."""
    root, path = os.path.dirname(config.config_file_path or ""), file.abs_src_path or file.src_uri
    return path[len(root) + 1 :] if root and path.startswith(root + os.sep) else os.path.relpath(path, root)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    _sections.clear()
    _marks.clear()
    _texts.clear()
    _sheet.clear()
    _content.clear()
    if files.get_file_from_path(cheatsheet.PAGE) is not None:
        log.warning(f"docs/{cheatsheet.PAGE} exists: the generated command cheat sheet is left out")
        return files
    _sheet.append(File.generated(config, cheatsheet.PAGE, content=f"---\ntitle: {TITLE}\n---\n"))
    files.append(_sheet[0])
    return files


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if not _sheet or page.file is not _sheet[0]:
        return None
    reports, pages = {}, {}
    for file in files.documentation_pages():
        report = DocsChecker.shared().report(name(file, config)) if file.abs_src_path else None
        if report is not None and file.page is not None:
            reports[file.src_uri] = report
            pages[file.src_uri] = cheatsheet.PageRef(file.src_uri, file.url, file.page.title or file.name)
    sheet = DocsChecker.shared().run(lambda grammar: cheatsheet.collect(reports, grammar))
    shown = cheatsheet.layout(sheet, pages, page.url, _sections)
    toc = config.mdx_configs.get("toc", {})  # its permalink settings
    _content[:] = [cheatsheet.render(config.theme.get_env(), TEMPLATE, shown, title=TITLE, toc=toc)]
    return ""  # the content is the template's: no Markdown to read


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if _sheet and page.file is _sheet[0] and _content:
        page.toc = get_toc(toc_tokens(_content[0]))  # from the template's headings
        return _content.pop()
    report = DocsChecker.shared().report(name(page.file, config)) if page.file.abs_src_path else None
    if report is None or not report.invocations:
        return None
    href = cheatsheet.relative_url(_sheet[0].url, page.url) if _sheet else None
    explainer = cheatsheet.Explainer(href, HIDDEN, _texts)
    marked = cheatsheet.mark_report(RenderedPage.of(html), report, explainer)
    _sections[page.file.src_uri] = marked.sections
    _marks[page.file.src_uri] = (marked, report, explainer)
    for inv in marked.missing:
        log.warning(
            f"{report.path}:{inv.line}:{inv.column}: the command cheat sheet links to this line, "
            f"but no code line of the rendered page matches it\n    {printable(inv.text)}"
        )
    return None


def on_page_context(context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
    """The marks go in after the search plugin has read the page: its index is not made larger by them."""
    if page.file.src_uri in _marks:
        marked, report, explainer = _marks.pop(page.file.src_uri)
        if page.content is not marked.source:  # changed since on_page_content: mark what is there now
            explainer = cheatsheet.Explainer(explainer.sheet, HIDDEN, _texts)
            marked = cheatsheet.mark_report(RenderedPage(page.content or ""), report, explainer)
        page.content = marked.html + explainer.markup()
