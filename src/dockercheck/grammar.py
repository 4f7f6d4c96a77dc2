"""The docker command tree, loaded lazily from a help source.

Only the commands a check needs are asked for: :meth:`Grammar.prefetch`
walks the command words of every invocation level by level and fetches each
level's help in parallel, so a cold start with live docker costs a few
rounds of parallel ``docker ... --help`` calls. A Grammar only reads its
source: which source, its time budget, its disk cache and the fallback to
the snapshot belong to :class:`dockercheck.session.DocsChecker`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence

from . import flags
from .helptext import parse_help
from .model import Command, CommandRef, FlagProbe, Option, Parsing
from .profile import DOCKER, Profile, plugin_profile
from .shell import Word
from .sources import HelpSource, Snapshot, plugin_snapshots


class Grammar:
    """The command tree of a program (docker) or of one of its CLI plugins, mounted under it.

    ``plugins``: the plugin snapshots a docker grammar may mount (default: the
    committed ones, see :meth:`mount`); a plugin's grammar mounts none.
    """

    def __init__(
        self,
        source: HelpSource,
        note: str = "",
        profile: Profile = DOCKER,
        plugins: Mapping[str, Mapping] | None = None,
    ) -> None:
        self.source = source
        self.profile = profile
        self.note = note  # why this source was chosen (e.g. the live docker failed)
        self.plugins = plugin_snapshots() if plugins is None else plugins
        self._mounts: dict[str, Grammar | None] = {}
        self._commands: dict[tuple[str, ...], Command] = {}
        self._aliases: dict[tuple[str, ...], dict[str, Command]] = {}  # parent path -> name or alias -> child
        self._names: dict[tuple[str, ...], tuple[str, ...]] = {}  # path -> local_aliases of the command
        self._prefetched: set[tuple[str, ...]] = set()  # word lists prefetch has walked
        self._lock = threading.Lock()

    @classmethod
    def from_snapshot(cls, note: str = "") -> Grammar:
        """The grammar of the committed snapshot (``note``: why it is used instead of the live docker)."""
        return cls(Snapshot.load(), note=note)

    @property
    def version(self) -> str:
        return self.source.version

    @property
    def kind(self) -> str:
        return self.source.kind

    def describe(self) -> str:
        """One line: which help, from where (and, once mounted, each plugin's)."""
        text = f"{self.profile.name} {self.version} help from {self.source.detail}"
        text = f"{text}; {self.note}" if self.note else text
        mounted = [g.describe() for _, g in sorted(self._mounts.items()) if g is not None]
        return "; ".join([text, *mounted])

    # -- plugins ----------------------------------------------------------
    def mount(self, name: str) -> Grammar | None:
        """The grammar of the CLI plugin ``docker <name>`` (compose, buildx), or None.

        The plugin's own help when this docker has it (a live docker whose
        command list shows the plugin), else the committed snapshot of the
        plugin's release; the plugin's profile comes from the snapshot's rules
        either way. A name with no snapshot is not mounted: its commands stay
        unverified notices.
        """
        if name in self._mounts:
            return self._mounts[name]
        data = self.plugins.get(name)
        grammar = None
        if data is not None:
            profile = plugin_profile(data, self.profile)
            ref = self.root.child(name)
            if self.kind == "live" and ref is not None and ref.plugin:
                grammar = Grammar(self.source, profile=profile, plugins={})
            else:
                why = f"this docker has no {name} plugin" if self.kind == "live" else ""
                grammar = Grammar(Snapshot.from_dict(dict(data)), note=why, profile=profile, plugins={})
        with self._lock:
            self._mounts.setdefault(name, grammar)
        return self._mounts[name]

    def enter(self, parent: Command, word: str) -> tuple[Grammar, Command] | None:
        """The child of ``parent`` named ``word`` and the grammar it belongs to (a plugin's, for ``compose``)."""
        if not self.profile.mount and not parent.path:  # docker's own root: plugins hang here
            ref = parent.child(word)
            if ref is None or ref.plugin:
                mounted = self.mount(word)
                if mounted is not None:
                    return mounted, mounted.root
        child = self.find_child(parent, word)
        return (self, child) if child is not None else None

    # -- commands ---------------------------------------------------------
    def command(self, path: tuple[str, ...]) -> Command:
        found = self._commands.get(path)
        if found is None:
            found = parse_help(path, self.source.help(path), self.profile)
            with self._lock:
                self._commands[path] = found
        return found

    @property
    def root(self) -> Command:
        """The program's root command (docker), or the plugin's (``docker compose``)."""
        return self.command(self.profile.mount)

    def _load(self, paths: Iterable[tuple[str, ...]]) -> None:
        todo = [p for p in dict.fromkeys(paths) if p not in self._commands]
        if todo:
            for path, text in self.source.help_many(todo).items():
                if path not in self._commands:
                    self._commands[path] = parse_help(path, text, self.profile)

    def locate(self, command: Command) -> tuple[str, tuple[str, ...]] | None:
        """Where a command of this tree, or of a plugin mounted on it, is: (the plugin's name or "", its path).

        None for a command that is neither (made up on the way, like ``docker help``'s)."""
        if self._commands.get(command.path) is command:
            return "", command.path
        for name, mounted in self._mounts.items():
            if mounted is not None and mounted._commands.get(command.path) is command:
                return name, command.path
        return None

    def resolve(self, plugin: str, path: tuple[str, ...]) -> Command:
        """The command :meth:`locate` names, in this grammar (its help loaded from the source if need be)."""
        grammar = self.mount(plugin) if plugin else self
        if grammar is None:
            raise LookupError(f"no plugin {plugin!r} to find {' '.join(path)!r} in")
        return grammar.command(path)

    def find_child(self, parent: Command, word: str) -> Command | None:
        """The child of ``parent`` named ``word``, by name or by alias (cobra's findNext)."""
        ref = parent.child(word)
        if ref is not None:
            return self.command(parent.path + (word,))
        if not parent.subcommands:
            return None
        if parent.path + (word,) in self.profile.hidden_commands:
            return self.command(parent.path + (word,))
        return self._alias_index(parent).get(word)

    def _alias_index(self, parent: Command) -> dict[str, Command]:
        """Every name and alias of ``parent``'s children (the first child wins), built once."""
        index = self._aliases.get(parent.path)
        if index is None:
            siblings = [parent.path + (r.name,) for r in parent.subcommands if not r.plugin]
            self._load(siblings)
            index = {}
            for path in siblings:
                for name in self.names(self._commands[path]):
                    index.setdefault(name, self._commands[path])
            self._aliases[parent.path] = index
        return index

    def commands(self, paths: Iterable[tuple[str, ...]]) -> list[Command]:
        """The commands at these paths of the tree, the missing help fetched in parallel."""
        paths = list(paths)
        self._load(paths)
        return [self.command(path) for path in paths]

    def loaded_children(self, parent: Command) -> list[Command]:
        """The children of ``parent`` whose help is already loaded."""
        found = (self._commands.get(parent.path + (ref.name,)) for ref in parent.subcommands)
        return [c for c in found if c is not None]

    def names(self, command: Command) -> tuple[str, ...]:
        """:meth:`local_aliases` of a command of this tree, computed once."""
        found = self._names.get(command.path)
        if found is None:
            found = self._names[command.path] = self.local_aliases(command)
        return found

    @staticmethod
    def local_aliases(command: Command) -> tuple[str, ...]:
        """Names a command answers to inside its parent (``container ls``: ls, list, ps).

        A top-level command that is a copy of its management command (``docker
        rm`` of ``docker container rm``: same name) keeps that command's cobra
        aliases, so ``docker remove`` works too; ``docker ps`` is a command of
        its own and ``docker list`` does not.
        """
        if not command.path:
            return ()
        parents = {(command.program,) + command.path[:-1]}
        canonical = command.canonical
        if len(command.path) == 1 and len(canonical) == 2 and canonical[-1] == command.path[-1]:
            parents.add((command.program,) + canonical[:-1])
        names = [command.path[-1]]
        for alias in command.aliases:
            words = tuple(alias.split())
            if words[:-1] in parents and words[-1] not in names:
                names.append(words[-1])
        return tuple(names)

    def probe(self, command: Command, flag: str) -> FlagProbe | None:
        """Ask docker about a flag its help does not list (only for commands of the tree)."""
        if self._commands.get(command.path) is not command:
            return FlagProbe(exists=False)
        return self.source.probe(command.canonical if command.aliases else command.path, flag)

    def walk(self) -> Iterator[tuple[tuple[str, ...], CommandRef]]:
        """Every command of the tree as (path, listing row), parents before children.

        Only management commands' help is fetched (they list their children),
        in parallel level by level. A CLI plugin is one row: the walk does not
        go into it, even when a note's command has loaded its help.
        """
        level = [self.root]
        while level:
            children: list[tuple[str, ...]] = []
            for parent in level:
                for ref in parent.subcommands:
                    path = parent.path + (ref.name,)
                    yield path, ref
                    if ref.group.startswith(("Management", "Swarm")) and not ref.plugin:
                        children.append(path)
            self._load(children)
            level = [self._commands[p] for p in children if p in self._commands and self._commands[p].is_group]

    def lookup(self, command: Command) -> flags.Lookup:
        """The flags of a command as its help lists them, and the help flag every command has."""

        def find(name: str, word: Word, at: flags.Span) -> Option | None:
            found = command.option(name)
            if found is None and name in ("--help", "-h"):
                found = self.profile.help_flag
            return found

        return find

    def command_words(self, words: Sequence[str]) -> list[str]:
        """The leading command words after the global flags (and their values), at most four."""
        return [words[i] for i in self._command_word_indexes(words)]

    def _command_word_indexes(self, words: Sequence[str]) -> list[int]:
        items = [Word(text, 0, 0) for text in words]
        out: list[int] = []
        for item in flags.scan(items, self.lookup(self.root), Parsing.STOPS):
            if isinstance(item, flags.Stop):
                return []
            if isinstance(item, flags.Positional):
                if not item.word.text or item.word.text.startswith("-") or len(out) == 4:
                    break
                out.append(item.index)
        return out

    def prefetch(self, invocations: Iterable[Sequence[str]]) -> None:
        """Fetch, in parallel, the help of every command these word lists name.

        Each word list is what follows ``docker`` in an invocation. Global
        flags are skipped; then the leading plain words are walked down the
        tree, one level per round. Word lists walked before are skipped (a
        rebuild repeats them); what prefetch misses is loaded when validation
        reaches it.
        """
        unique = dict.fromkeys(t for t in (tuple(words) for words in invocations) if t not in self._prefetched)
        if not unique:
            return
        heads_of: dict[tuple[str, ...], tuple[str, ...]] = {}
        plugin_words: dict[str, list[tuple[str, ...]]] = {}  # a plugin -> what follows its name
        for words in unique:
            indexes = self._command_word_indexes(words)
            head = tuple(words[i] for i in indexes)
            ref = self.root.child(head[0]) if head and not self.profile.mount else None
            if head and not self.profile.mount and (ref is None or ref.plugin) and self.mount(head[0]) is not None:
                plugin_words.setdefault(head[0], []).append(words[indexes[0] + 1 :])
                continue
            heads_of[words] = head
        for name, rest in plugin_words.items():
            mounted = self.mount(name)
            assert mounted is not None
            mounted.prefetch(rest)
        heads = list(dict.fromkeys(h for h in heads_of.values() if h))
        depth = 0
        while heads and depth < 4:
            wanted: list[tuple[str, ...]] = []
            for words in heads:
                node: Command | None = self.root
                for word in words[:depth]:
                    assert node is not None
                    ref = node.child(word)
                    node = self._commands.get(node.path + (word,)) if ref else None
                    if node is None:
                        break
                if node is None or not node.is_group or depth >= len(words):
                    continue
                ref = node.child(words[depth])
                if ref is not None and not ref.plugin:
                    wanted.append(node.path + (ref.name,))
                elif ref is None:  # an alias or a typo: every sibling may need a look
                    wanted.extend(node.path + (r.name,) for r in node.subcommands if not r.plugin)
            self._load(wanted)
            depth += 1
        self._prefetched.update(unique)
