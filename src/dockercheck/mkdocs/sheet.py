"""The command cheat sheet, and each note's command lines marked and explained, as MkDocs events.

The cheat sheet's data is :mod:`dockercheck.cheatsheet`'s; its page is the
HTML of the template ``dockercheck/cheatsheet.html``, rendered with the
theme's Jinja environment (autoescape on; a site's own template of that
name, in its theme's ``custom_dir``, wins over the one in this package), its
headings making the page's table of contents. The page is generated in
memory unless the docs have one of their own at that path. In each note,
every command line gets the id the page links to (``__cmd-<line>``) and its
command word and flags as data, with the page's table of docker's
explanations, which ``assets/dockercheck/dockercheck.js`` turns into links
and tooltips (with ``dockercheck.css``; both added to the site). The marks
go in after the search plugin has read the page (``on_page_context``); the
nearest heading above each line is kept to name the place on the cheat
sheet, which is written last, when every note has been rendered.

The reports are the check's (:class:`~dockercheck.mkdocs.check.CommandCheck`
must run first): both ask the process's shared ``DocsChecker``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import ChoiceLoader, FileSystemLoader
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from dockercheck import cheatsheet
from dockercheck.diagnostics import printable
from dockercheck.rendered import RenderedPage, toc_tokens
from dockercheck.session import DocsChecker

from .check import page_name
from .labels import labels

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from dockercheck.check import FileReport
    from dockercheck.rendered import Marked

log = get_plugin_logger("dockercheck")
HERE = Path(__file__).parent
TEMPLATE = "dockercheck/cheatsheet.html"
ASSETS = {"assets/dockercheck/dockercheck.css": "extra_css", "assets/dockercheck/dockercheck.js": "extra_javascript"}


class CheatSheet:
    """The cheat sheet's events.

    ``page``: the page's path in the docs (None: no page; the notes' words are
    still explained, with no link). ``title``, ``labels``: the page's title and
    words (default: those of ``theme.language``). ``source``: as the check's.
    """

    def __init__(
        self,
        page: str | None = cheatsheet.PAGE,
        title: str | None = None,
        source: str | None = None,
        labels: Mapping[str, str] | None = None,
        logger: Any = log,
    ) -> None:
        self.path, self.title, self.source, self.overrides, self.logger = page, title, source, labels, logger
        self.labels: dict[str, Any] = {}
        self.sections: dict[str, dict[int, str]] = {}  # src_uri -> source line -> the heading above it
        self.marks: dict[str, tuple[Marked, FileReport, cheatsheet.Explainer]] = {}  # src_uri -> marks to put in
        self.texts: dict[tuple, str] = {}  # explanations written so far (a build's help does not change)
        self.file: File | None = None  # the generated page, when there is one
        self.content: str | None = None  # its content, from the template, while MkDocs reads its (empty) Markdown

    @property
    def checker(self) -> DocsChecker:
        return DocsChecker.shared(self.source)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        language = config.theme.get("language") or str(config.theme.get("locale") or "")  # Material's, MkDocs'
        self.labels = labels(language, self.overrides)
        for uri, kind in ASSETS.items():  # the pages are not rendered yet: they get both
            if uri not in map(str, config[kind]):
                config[kind].append(uri)
        self.sections.clear()
        self.marks.clear()
        self.texts.clear()
        self.file = self.content = None
        for uri in ASSETS:
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(HERE / "assets" / Path(uri).name)))
        if self.path is None:
            return files
        if files.get_file_from_path(self.path) is not None:
            self.logger.warning(f"docs/{self.path} exists: the generated command cheat sheet is left out")
            return files
        self.file = File.generated(
            config, self.path, content=f"---\ntitle: {self.title or self.labels['title']}\n---\n"
        )
        files.append(self.file)
        return files

    def on_page_markdown(self, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.file is None or page.file is not self.file:
            return None
        reports, pages = {}, {}
        for file in files.documentation_pages():
            report = self.checker.report(page_name(file, config)) if file.abs_src_path else None
            if report is not None and file.page is not None:
                reports[file.src_uri] = report
                pages[file.src_uri] = cheatsheet.PageRef(file.src_uri, file.url, file.page.title or file.name)
        sheet = self.checker.run(lambda grammar: cheatsheet.collect(reports, grammar))
        shown = cheatsheet.layout(sheet, pages, page.url, self.sections)
        self.content = cheatsheet.render(
            template_env(config),
            TEMPLATE,
            shown,
            title=page.title or self.labels["title"],
            toc=config.mdx_configs.get("toc", {}),  # its permalink settings
            t=self.labels,
        )
        return ""  # the content is the template's: no Markdown to read

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig) -> str | None:
        if self.file is not None and page.file is self.file and self.content is not None:
            page.toc = get_toc(toc_tokens(self.content))  # from the template's headings
            content, self.content = self.content, None
            return content
        report = self.checker.report(page_name(page.file, config)) if page.file.abs_src_path else None
        if report is None or not report.invocations:
            return None
        href = cheatsheet.relative_url(self.file.url, page.url) if self.file is not None else None
        explainer = cheatsheet.Explainer(href, self.labels["hidden"], self.texts)
        marked = cheatsheet.mark_report(RenderedPage.of(html), report, explainer)
        self.sections[page.file.src_uri] = marked.sections
        self.marks[page.file.src_uri] = (marked, report, explainer)
        for inv in marked.missing:
            self.logger.warning(
                f"{report.path}:{inv.line}:{inv.column}: the command cheat sheet links to this line, "
                f"but no code line of the rendered page matches it\n    {printable(inv.text)}"
            )
        return None

    def on_page_context(self, page: Page) -> None:
        """The marks go in after the search plugin has read the page: its index is not made larger by them."""
        if page.file.src_uri in self.marks:
            marked, report, explainer = self.marks.pop(page.file.src_uri)
            if page.content is not marked.source:  # changed since on_page_content: mark what is there now
                explainer = cheatsheet.Explainer(explainer.sheet, self.labels["hidden"], self.texts)
                marked = cheatsheet.mark_report(RenderedPage(page.content or ""), report, explainer)
            page.content = marked.html + explainer.markup()


def template_env(config: MkDocsConfig) -> Any:
    """The theme's Jinja environment, with this package's templates after the theme's own."""
    env = config.theme.get_env()
    loaders = [env.loader] if env.loader is not None else []
    return env.overlay(loader=ChoiceLoader([*loaders, FileSystemLoader(str(HERE / "templates"))]))
