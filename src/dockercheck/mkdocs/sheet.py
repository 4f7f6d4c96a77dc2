"""The command cheat sheet, and each note's command lines marked and explained, as MkDocs events.

The cheat sheet's data is :mod:`dockercheck.cheatsheet`'s, asked of the
checker when the files are known (``DocsChecker.ask_sheet``: on a big site
the child process that checks the notes makes it); its page is the HTML of
the template ``dockercheck/cheatsheet.html``, rendered with the theme's
Jinja environment (autoescape on; a site's own template of that name, in
its theme's ``custom_dir``, wins over the one in this package; compiled once
into the checker's cache folder, :class:`CompiledTemplates`), its headings
making the page's table of contents. The page is generated in
memory unless the docs have one of their own at that path. In each note,
every command line gets the id the page links to (``__cmd-<line>``) and its
command word and flags as data, with the page's table of docker's
explanations, which ``assets/dockercheck/dockercheck.js`` turns into links
and tooltips (with ``dockercheck.css``; both added to the site). The marks
are made where each rendered page is read (``DocsChecker.read_page``, asked
by the check's hook; see :mod:`dockercheck.pages`) and go in after the
search plugin has read the page (``on_page_context``); the nearest heading
above each line names its place on the cheat sheet, which is written last,
when every note has been rendered.

The reports and readings are the check's
(:class:`~dockercheck.mkdocs.check.CommandCheck` must run first): both ask
the process's shared ``DocsChecker``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import ChoiceLoader, FileSystemLoader
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from dockercheck import cheatsheet
from dockercheck.diagnostics import printable
from dockercheck.pages import Explain
from dockercheck.rendered import toc_tokens
from dockercheck.session import DocsChecker
from dockercheck.sources import default_cache_dir, private_dir, read_private_bytes, write_private

from .check import page_name
from .labels import labels

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

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
        self.file = self.content = None
        for uri in ASSETS:
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(HERE / "assets" / Path(uri).name)))
        if self.path is not None and files.get_file_from_path(self.path) is not None:
            self.logger.warning(f"docs/{self.path} exists: the generated command cheat sheet is left out")
        elif self.path is not None:
            self.file = File.generated(
                config, self.path, content=f"---\ntitle: {self.title or self.labels['title']}\n---\n"
            )
            files.append(self.file)
        # The check's hook sends each rendered page to be read: its lines are marked so.
        self.checker.explain = Explain(self.file.url if self.file is not None else None, self.labels["hidden"])
        if self.file is not None:
            self.checker.ask_sheet()  # made while the pages are rendered, where the check runs
        return files

    def on_page_markdown(self, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.file is None or page.file is not self.file:
            return None
        pages, sections = {}, {}  # by the checker's name of each note
        for file in files.documentation_pages():
            if file.abs_src_path and file.page is not None:
                name = page_name(file, config)
                pages[name] = cheatsheet.PageRef(file.url, file.page.title or file.name)
                reading = self.checker.page_reading(name)  # every note is rendered: its lines are placed
                if reading is not None and reading.marked is not None:
                    sections[name] = reading.marked.sections
        shown = cheatsheet.layout(self.checker.sheet(), pages, page.url, sections)
        self.content = cheatsheet.render(
            template_env(config, self.checker.cache_dir or default_cache_dir()),
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
        return None

    def on_page_context(self, page: Page, config: MkDocsConfig) -> None:
        """The marks go in after the search plugin has read the page: its index is not made larger by them."""
        if not page.file.abs_src_path or page.file is self.file:
            return
        name = page_name(page.file, config)
        reading = self.checker.page_reading(name)
        if reading is None or reading.marked is None:
            return
        if page.content is not reading.marked.source:  # changed since it was read: mark what is there now
            reading = self.checker.read_page(name, page.content or "", page.url, now=True)
        if reading is None or reading.marked is None:
            return
        for inv in reading.marked.missing:
            self.logger.warning(
                f"{name}:{inv.line}:{inv.column}: the command cheat sheet links to this line, "
                f"but no code line of the rendered page matches it\n    {printable(inv.text)}"
            )
        page.content = reading.html


def template_env(config: MkDocsConfig, cache: Path | None = None) -> Any:
    """The theme's Jinja environment, with this package's templates after the theme's own; the
    templates compiled once into ``cache`` (a folder, see :class:`CompiledTemplates`), if given."""
    env = config.theme.get_env()
    loaders = [env.loader] if env.loader is not None else []
    return env.overlay(
        loader=ChoiceLoader([*loaders, FileSystemLoader(str(HERE / "templates"))]),
        bytecode_cache=CompiledTemplates(cache) if cache is not None else None,
    )


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in a folder across builds: the cheat sheet's template takes
    longer to compile (about 30 ms) than to render.

    Compiled code is run when loaded, so only a folder of this user's that no
    one else may write to is used, and only a file of theirs no one else may
    write to is loaded (:func:`~dockercheck.sources.private_dir`), as with the
    help cache. Jinja keys a file by the template's name and path, and
    compiles again when the template's source or Python's version changed.
    """

    LIMIT = 4 << 20

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, bucket: Bucket) -> Path:
        return self.folder / f"jinja-{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        if private_dir(self.folder, create=False):
            data = read_private_bytes(self._file(bucket), self.LIMIT)
            if data is not None:
                bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        write_private(self._file(bucket), bucket.bytecode_to_string())
