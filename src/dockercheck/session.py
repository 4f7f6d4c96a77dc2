"""Check a set of documents again and again, redoing only what changed.

A site generator's live preview rebuilds on every edit: :class:`DocsChecker`
keeps the grammar (so docker is not asked again) and each document's report
keyed by its text, so a rebuild checks only the documents whose text
changed. When the live docker fails in the middle, the check starts over on
the snapshot, and says so in :attr:`DocsChecker.grammar`'s note.
"""

from __future__ import annotations

import gc
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Mapping

from .check import FileReport, check_document, command_words
from .extract import extract
from .grammar import Grammar, load_grammar
from .sources import SourceError


@dataclass(slots=True)
class RunStats:
    documents: int = 0
    documents_checked: int = 0  # documents whose text changed since the last run
    commands: int = 0
    commands_checked: int = 0


class DocsChecker:
    def __init__(self, source: str = "auto", timeout: float = 3.0) -> None:
        self.source = source
        self.timeout = timeout
        self.grammar: Grammar | None = None
        self._cache: dict[str, tuple[str, FileReport]] = {}  # name -> (digest of its text, report)
        self.stats = RunStats()

    def check(self, texts: Mapping[str, str]) -> list[FileReport]:
        """Reports for every document (name -> Markdown text), in the given order."""
        with _collector_paused():
            try:
                return self._check(texts)
            except SourceError as exc:
                if self.source == "live":
                    raise  # only the live docker was asked for: no fallback
                self.grammar = Grammar.from_snapshot(f"live docker failed during the check: {exc}")
                self._cache.clear()
                return self._check(texts)

    def _check(self, texts: Mapping[str, str]) -> list[FileReport]:
        digests = {name: hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
                   for name, text in texts.items()}
        changed = [name for name in texts if self._cache.get(name, ("",))[0] != digests[name]]
        documents = {name: extract(texts[name]) for name in changed}
        if self.grammar is None:
            self.grammar = load_grammar(self.source, timeout=self.timeout, prefetch=command_words(documents.values()))
        else:
            self.grammar.source.renew_budget()  # each run (a rebuild under mkdocs serve) gets the whole budget
            self.grammar.prefetch(command_words(documents.values()))
        for name in changed:
            report = check_document(self.grammar, texts[name], name, documents[name])
            self._cache[name] = (digests[name], report)
        for name in list(self._cache):
            if name not in texts:
                del self._cache[name]
        self.grammar.source.save()
        self.stats = RunStats(
            documents=len(texts),
            documents_checked=len(changed),
            commands=sum(len(self._cache[n][1].invocations) for n in texts),
            commands_checked=sum(len(documents[n].invocations) for n in changed),
        )
        return [self._cache[name][1] for name in texts]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the length of a check.

    A check allocates a few objects per word and keeps them all (the
    reports live until the next check) and makes next to no reference
    cycles (a few dozen objects when the grammar loads), so the collector
    has almost nothing to free; but each of its full passes walks every
    object kept so far. On 1,000 pages those passes took a third of
    the check, a share that grows with the number of pages. Any cyclic
    garbage is collected once the collector runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
