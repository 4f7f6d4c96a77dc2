"""MkDocs hook: check every docker command in the docs against docker's own help.

Events and glue only; the checker is the ``dockercheck`` library. Each error
or warning is logged as a MkDocs warning naming ``docs/page.md:line:col``, so
``mkdocs build --strict`` fails; notices are logged as info. The grammar and
each page's result live in one ``DocsChecker`` for the whole process: under
``mkdocs serve`` a rebuild rechecks only the pages whose text changed and does
not ask docker again for commands it already knows.

It also generates the command cheat sheet (``cheatsheet.md``, in memory;
hooks/notes.py places it after the notes; see ``dockercheck.cheatsheet``)
and, in each note, gives the lines the cheat sheet links to their ids.

Environment: ``DOCKERCHECK_SOURCE`` = auto (default: the docker on PATH, else
the committed snapshot), live or snapshot.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

from dockercheck import cheatsheet
from dockercheck.check import check_rendered_blocks
from dockercheck.diagnostics import counts, printable
from dockercheck.grammar import Grammar
from dockercheck.rendered import RenderedPage
from dockercheck.session import DocsChecker
from dockercheck.sources import SourceError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

_checker: DocsChecker | None = None
reports: dict[str, object] = {}  # src_uri -> FileReport of the current build, for other hooks
_froze = False  # on_files froze the collector's view of what was alive (see _freeze)


def on_config(config: MkDocsConfig) -> None:
    global _checker, _froze
    if _froze:  # a rebuild under mkdocs serve: what the last build kept may be collected again
        gc.unfreeze()
        _froze = False
    source = os.environ.get("DOCKERCHECK_SOURCE", "auto")
    if _checker is None or _checker.source != source:
        _checker = DocsChecker(source)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    assert _checker is not None
    root = os.path.dirname(config.config_file_path or "")
    pages = [f for f in files.documentation_pages() if f.abs_src_path and not f.generated_by]
    names = {os.path.relpath(f.abs_src_path, root): f for f in pages}
    results = _checker.check({name: f.content_string for name, f in names.items()})
    reports.clear()
    findings = []
    for (name, file), report in zip(names.items(), results):
        reports[file.src_uri] = report
        findings.extend(report.findings)
    grammar = _checker.grammar
    assert grammar is not None
    log.info(f"dockercheck: using {grammar.describe()}")
    for finding in findings:
        text = f"{finding.text()}\n    {printable(finding.command)}" if finding.command else finding.text()
        (log.info if finding.severity == "info" else log.warning)(text)
    total = counts(findings)
    stats = _checker.stats
    log.info(
        f"dockercheck: {stats.commands} docker commands in {stats.documents} pages "
        f"({stats.commands_checked} checked now, the rest unchanged): "
        f"{total['error']} errors, {total['warning']} warnings, {total['info']} notices"
    )
    config.extra["dockercheck"] = {"docker_version": grammar.version, "source": grammar.kind}
    _add_cheatsheet(files, config)
    _freeze()
    return files


def _freeze() -> None:
    """Keep Python's cyclic garbage collector from walking the check's results again and again.

    The reports (a dozen small objects per command) live until the end of the
    build, and every full pass of the collector during the rest of the build
    walks all of them: on 1,000 pages that cost more time than the check
    itself. ``gc.freeze`` moves what is alive now out of the collector's
    view; nothing is lost (objects are still freed when unreferenced), and
    the next build's on_config (mkdocs serve) unfreezes them.
    """
    global _froze
    gc.freeze()
    _froze = True




def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    report = reports.get(page.file.src_uri)
    if report is None:
        return None
    rendered = RenderedPage(html)
    matched = rendered.match(report.docker_blocks)
    html, missing = rendered.mark([item.invocation for item in report.invocations], matched)
    for inv in missing:
        log.warning(
            f"{report.path}:{inv.line}:{inv.column}: the command cheat sheet links to this line, "
            f"but no code line of the rendered page matches it\n    {printable(inv.text)}"
        )
    unread = rendered.unread()
    if unread:
        assert _checker is not None and _checker.grammar is not None
        for finding in check_rendered_blocks(_checker.grammar, report.path, page.file.content_string, unread):
            (log.info if finding.severity == "info" else log.warning)(finding.text())
    return html


def _add_cheatsheet(files: Files, config: MkDocsConfig) -> None:
    assert _checker is not None and _checker.grammar is not None
    if files.get_file_from_path(cheatsheet.PAGE) is not None:
        log.warning(f"docs/{cheatsheet.PAGE} exists: the generated command cheat sheet is left out")
        return
    page = File.generated(config, cheatsheet.PAGE, content="")
    pages = {}
    for src_uri in reports:
        file = files.get_file_from_path(src_uri)
        if file is not None:
            pages[src_uri] = cheatsheet.PageRef(src_uri, file.url, _title(file))
    sheet = _collect(_checker.grammar)
    page.content_string = cheatsheet.render(sheet, pages, page.url)
    files.append(page)


def _collect(grammar: Grammar) -> cheatsheet.CheatSheet:
    """The cheat sheet; its coverage table needs the help of every docker command.

    With the live docker that is one more round of parallel calls, given a
    time budget of its own and kept in the disk cache for the next build.
    Should docker fail now, the coverage comes from the snapshot, and the
    page says so.
    """
    grammar.source.renew_budget()
    try:
        sheet = cheatsheet.collect(reports, grammar)
    except SourceError as exc:
        log.info(f"dockercheck: the cheat sheet's coverage falls back to the snapshot: {exc}")
        fallback = Grammar.from_snapshot(f"live docker failed while listing every command: {exc}")
        return cheatsheet.collect(reports, fallback)
    grammar.source.save()
    return sheet


def _title(file: File) -> str:
    """The page's title as the navigation shows it: front-matter, first heading, file name."""
    text, meta = get_data(file.content_string)
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        return meta["title"].strip()
    heading = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
    return heading or file.name
