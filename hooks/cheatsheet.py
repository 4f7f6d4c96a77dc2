"""MkDocs hook: the command cheat sheet, and the ids on the notes' command lines it links to.

Events and glue only; the cheat sheet's data and page are
``dockercheck.cheatsheet``'s. The page (``cheatsheet.md``) is generated in
memory, unless docs/ has one of its own; it is written last, when every
other page has been read, so that each link names its page as the
navigation does. hooks/notes.py places it in the navigation. Each note's
command lines get the ids the page links to (``__cmd-<line>``).

The reports come from the check (hooks/check_commands.py, which must come
first in mkdocs.yml): both ask the process's shared ``DocsChecker``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

import dockercheck.cheatsheet as cheatsheet
from dockercheck.diagnostics import printable
from dockercheck.rendered import RenderedPage
from dockercheck.session import DocsChecker

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)


def name(file: File, config: MkDocsConfig) -> str:
    """The checker's name of a page (as hooks/check_commands.py gives it): docs/page.md."""
    return os.path.relpath(file.abs_src_path or file.src_uri, os.path.dirname(config.config_file_path or ""))


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    if files.get_file_from_path(cheatsheet.PAGE) is not None:
        log.warning(f"docs/{cheatsheet.PAGE} exists: the generated command cheat sheet is left out")
        return files
    files.append(File.generated(config, cheatsheet.PAGE, content=cheatsheet.FRONT_MATTER))
    return files


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if page.file.src_uri != cheatsheet.PAGE or page.file.generated_by is None:
        return None
    reports, pages = {}, {}
    for file in files.documentation_pages():
        report = DocsChecker.shared().report(name(file, config)) if file.abs_src_path else None
        if report is not None and file.page is not None:
            reports[file.src_uri] = report
            pages[file.src_uri] = cheatsheet.PageRef(file.src_uri, file.url, file.page.title or file.name)
    sheet = DocsChecker.shared().run(lambda grammar: cheatsheet.collect(reports, grammar))
    return cheatsheet.render(sheet, pages, page.url)


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    report = DocsChecker.shared().report(name(page.file, config)) if page.file.abs_src_path else None
    if report is None or not report.invocations:
        return None
    rendered = RenderedPage(html)
    html, missing = rendered.mark(
        [item.invocation for item in report.invocations], rendered.match(report.docker_blocks)
    )
    for inv in missing:
        log.warning(
            f"{report.path}:{inv.line}:{inv.column}: the command cheat sheet links to this line, "
            f"but no code line of the rendered page matches it\n    {printable(inv.text)}"
        )
    return html
