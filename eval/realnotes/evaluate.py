"""Evaluate the checker on the real-notes corpus and write EVAL.md.

    .venv/bin/python eval/realnotes/evaluate.py [--source snapshot|auto|live] [--no-write]

Runs the checker on every corpus file through the library (see
``run_checker``: the one place that knows the checker's API), maps its
findings to the docker lines of eval/realnotes/dockerlines.py by (file,
line), joins docker's labels (labels.tsv, from label.py) and the hand
judgments (judgments.tsv), and computes per repository and in total:

* docker lines; lines checked (an invocation on the line); lines skipped
  with a notice (an ``info`` finding on the line or on its block's fence
  line, and no invocation); lines skipped silently (neither);
* lines with a checker error, judged: real mistake (a command docker
  rejects), docker accepts it (a command docker accepts), not a command
  (a synopsis, printed output, prose...); precision = real mistakes / all
  error lines;
* recall = real command lines docker rejects (parser or pre-daemon, after
  placeholders are filled in) that got an error / all of them; the
  parser-only recall is shown too;
* unjudged lines (an error or warning, or a docker rejection, with no
  judgment): must be 0; they are listed so that they can be judged.

Needs the corpus (build_corpus.py) and labels.tsv; docker itself is not
run. The snapshot source is the default so that the numbers do not depend
on the machine's docker.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from common import (
    EVAL_MD,
    JUDGMENTS,
    LABELS,
    PARSER_REJECTIONS,
    PREDAEMON_REJECTIONS,
    ROOT,
    Repo,
    corpus_files,
    dockerlines,
    load_manifest,
    read_text,
    read_tsv,
    require_corpus,
)

JUDGMENT_KINDS = ("command", "synopsis", "output", "prose", "other")
NOT_A_COMMAND = frozenset({"synopsis", "output", "prose", "other"})
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.95
#: The first evaluation (EVAL.md at 3d0cc61, checker 04583e8b4e41): per repository, error lines,
#: real mistakes among them, real command lines docker rejects, those caught, lines skipped silently.
BASELINE_CHECKER = "04583e8b4e41"
#: A manual check on notes outside the corpus, recorded once (its rules fixed what it found first).
HELD_OUT = {
    "checker": "0b8ff56",
    "text": (
        "[docker/getting-started](https://github.com/docker/getting-started) `bb1aed919a10`, "
        "[eon01/DockerCheatSheet](https://github.com/eon01/DockerCheatSheet) `8e6cabb30a6d` (four translations "
        "of one cheat sheet) and [collabnix/dockerlabs](https://github.com/collabnix/dockerlabs) `860250292900` "
        "(its `_site` Markdown): 1,024 docker lines by the harness's definition, none skipped silently; errors on "
        "23 lines, each judged by hand a command docker 28.2.2 rejects (`docker image pull a b`, "
        "`docker system events infinite`, `--update-parallelism 5--update-delay 2s`, `docker login -e`, "
        "`docker engine activate`, `docker ps –a` with an en dash, `docker assemble`, a `docker build` line with "
        "its output glued on); the 20 command lines docker rejects (labelled as in label.py) all caught. Found "
        "on the way and fixed before that run: a Terraform block's `docker = {` read as a mistyped command, "
        "prompts of a style of their own (`node1$ `, `[host]🚩 > `), and `docker stack --orchestrator=swarm ls` "
        "(docker accepts it) reported as an unknown command."
    ),
}
BASELINE: dict[str, tuple[int, int, int, int, int]] = {
    "yeasy/docker_practice": (10, 0, 0, 0, 20),
    "jaywcjlove/docker-tutorial": (6, 2, 3, 2, 33),
    "twtrubiks/docker-tutorial": (0, 0, 0, 0, 114),
    "dunwu/linux-tutorial": (10, 5, 6, 5, 7),
    "judasn/Linux-Tutorial": (0, 0, 0, 0, 1),
    "studying-notes/docker-notes": (79, 11, 12, 11, 45),
    "qq20004604/docker-learning": (8, 0, 0, 0, 9),
    "wsargent/docker-cheat-sheet": (7, 4, 5, 4, 8),
    "prakhar1989/docker-curriculum": (0, 0, 0, 0, 3),
    "docker/labs": (2, 2, 2, 2, 91),
    "sixeyed/docker-windows-workshop": (2, 0, 0, 0, 21),
}


# --------------------------------------------------------------------------
# The adapter to the checker: the only code that knows its API.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    line: int
    code: str
    severity: str  # "error", "warning" or "info"
    message: str


def run_checker(texts: dict[str, str], source: str = "snapshot") -> dict[str, tuple[set[int], list[Found]]]:
    """name -> (lines holding a docker invocation, findings) for every document."""
    from dockercheck.session import DocsChecker

    reports = DocsChecker(source).check(texts)
    out = {}
    for name, report in zip(texts, reports, strict=True):
        lines = {checked.invocation.line for checked in report.invocations}
        found = [Found(f.line, f.code, f.severity, f.message) for f in report.findings]
        out[name] = (lines, found)
    return out


_PLUGIN_LINE = re.compile(
    r"^(?:\S+=\S*\s+)*(?:sudo\s+)?(?P<what>docker-compose|docker\s+(?:--?\S+\s+)*(?:compose|buildx))\b"
)


def plugin_family(text: str) -> str | None:
    """ "docker-compose", "docker compose" or "docker buildx" for a line that runs one (prompt stripped)."""
    found = _PLUGIN_LINE.match(re.sub(r"^\s*(?:\S*[$#>]\s+)", "", text.strip()))
    if found is None:
        return None
    what = found["what"]
    return "docker-compose" if what == "docker-compose" else "docker " + what.split()[-1]


def write_plugin_lines(w, rows: list[Row]) -> None:
    """docker compose, docker-compose (v1) and docker buildx lines: checked against the plugins' grammars."""
    w("## docker compose and buildx lines")
    w("")
    w(
        "Lines that run `docker compose`, the retired `docker-compose` (checked as compose v2 with a DC108 "
        "warning) or `docker buildx`, checked against the plugins' snapshots (this docker has neither plugin, so "
        "docker cannot label them: every error and warning on them is judged by hand)."
    )
    w("")
    w("| Family | Docker lines | Checked | Notice | Error lines | Real mistake | Not a command | Warning lines |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for family in ("docker compose", "docker-compose", "docker buildx"):
        mine = [r for r in rows if r.docker_line and plugin_family(r.text) == family]
        errors = [r for r in mine if r.errors]
        real = [r for r in errors if r.judgment == "command"]
        w(
            f"| `{family}` | {len(mine)} | {sum(r.coverage == 'checked' for r in mine)} | "
            f"{sum(r.coverage == 'notice' for r in mine)} | {len(errors)} | {len(real)} | "
            f"{len(errors) - len(real)} | {sum(bool(r.warnings) and not r.errors for r in mine)} |"
        )
    w("")


def checker_identity() -> str:
    """The checker's version: the last commit that changed src/dockercheck ("+dirty" with local changes)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%h", "--abbrev=12", "--", "src/dockercheck"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src/dockercheck"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return (head or "unknown") + ("+dirty" if dirty else "")


# --------------------------------------------------------------------------
# Per-line records and the metrics.
# --------------------------------------------------------------------------


@dataclass
class Row:
    """One docker line (or one other line the checker reported an error or warning on)."""

    key: str
    repo: str
    path: str
    line: int
    text: str  # the command text (only shown in EVAL.md, never stored in a TSV)
    docker_line: bool = True
    language: str = ""
    prompt: str = ""
    block_uses_prompts: bool = False
    fence_line: int = 0
    compose_only: bool = False  # every command on the line is docker-compose
    kind: str = ""  # docker's (placeholder-filled) parser verdict
    predaemon: str = ""
    says: str = ""  # docker's deciding message
    coverage: str = "silent"  # "checked", "notice" or "silent"
    errors: list[Found] = field(default_factory=list)
    warnings: list[Found] = field(default_factory=list)
    notices: list[Found] = field(default_factory=list)
    judgment: str = ""  # "" when not judged
    note: str = ""

    @property
    def parser_rejected(self) -> bool:
        return self.kind in PARSER_REJECTIONS

    @property
    def rejected(self) -> bool:
        """docker rejects the line: its parser, or a check it makes before the daemon."""
        return self.parser_rejected or self.predaemon in PREDAEMON_REJECTIONS

    @property
    def needs_judgment(self) -> bool:
        return bool(self.errors or self.warnings or self.rejected)

    @property
    def error_class(self) -> str:
        """For a line with an error: "real", "accepted" or "not-a-command" ("" when unjudged)."""
        if not self.judgment:
            return ""
        if self.judgment in NOT_A_COMMAND:
            return "not-a-command"
        return "real" if self.rejected else "accepted"


@dataclass
class Metrics:
    docker_lines: int = 0
    checked: int = 0
    notice: int = 0
    silent: int = 0
    error_lines: int = 0
    real: int = 0
    accepted: int = 0
    not_command: int = 0
    unjudged_errors: int = 0
    warning_lines: int = 0  # lines with a warning and no error
    rejected_commands: int = 0  # judged commands docker rejects (parser or pre-daemon)
    caught: int = 0
    parser_rejected_commands: int = 0
    parser_caught: int = 0
    unjudged: int = 0  # any line that needs a judgment and has none

    @property
    def precision(self) -> float | None:
        return self.real / self.error_lines if self.error_lines else None

    @property
    def recall(self) -> float | None:
        return self.caught / self.rejected_commands if self.rejected_commands else None

    @property
    def parser_recall(self) -> float | None:
        return self.parser_caught / self.parser_rejected_commands if self.parser_rejected_commands else None


def compute(rows: list[Row]) -> Metrics:
    m = Metrics()
    for row in rows:
        if row.docker_line:
            m.docker_lines += 1
            if row.coverage == "checked":
                m.checked += 1
            elif row.coverage == "notice":
                m.notice += 1
            else:
                m.silent += 1
        if row.needs_judgment and not row.judgment:
            m.unjudged += 1
        if row.errors:
            m.error_lines += 1
            cls = row.error_class
            if cls == "real":
                m.real += 1
            elif cls == "accepted":
                m.accepted += 1
            elif cls == "not-a-command":
                m.not_command += 1
            else:
                m.unjudged_errors += 1
        elif row.warnings:
            m.warning_lines += 1
        if row.judgment == "command" and row.rejected:
            m.rejected_commands += 1
            m.caught += bool(row.errors)
            if row.parser_rejected:
                m.parser_rejected_commands += 1
                m.parser_caught += bool(row.errors)
    return m


def load_judgments() -> dict[str, tuple[str, str]]:
    out = {}
    for row in read_tsv(JUDGMENTS):
        if row["judgment"] not in JUDGMENT_KINDS:
            raise SystemExit(f"{JUDGMENTS}: {row['key']}: unknown judgment {row['judgment']!r}")
        if row["key"] in out:
            raise SystemExit(f"{JUDGMENTS}: {row['key']} is judged twice")
        out[row["key"]] = (row["judgment"], row.get("note", ""))
    return out


def build_rows(repos: list[Repo], source: str) -> tuple[list[Row], dict[str, dict]]:
    """Every row of the evaluation, and per repository its file count."""
    labels = {row["key"]: row for row in read_tsv(LABELS)}
    judgments = load_judgments()
    rows: list[Row] = []
    info: dict[str, dict] = {}
    for repo in repos:
        files = corpus_files(repo)
        texts = {rel: read_text(f) for rel, f in files}
        results = run_checker(texts, source)
        info[repo.repository] = {"files": len(files)}
        for rel, text in texts.items():
            invocation_lines, found = results[rel]
            lines = dockerlines.docker_lines(text, rel, repo.repository)
            by_line: dict[int, Row] = {}
            file_rows: list[Row] = []
            for dl in lines:
                label = labels.get(dl.key, {})
                row = Row(
                    dl.key,
                    repo.repository,
                    rel,
                    dl.line,
                    dl.text,
                    True,
                    dl.language,
                    dl.prompt,
                    dl.block_uses_prompts,
                    dl.fence_line,
                    compose_only(dl),
                    label.get("kind", "unlabelled"),
                    label.get("predaemon", ""),
                    label.get("says") or label.get("predaemon_says", ""),
                )
                span = range(dl.line, dl.end_line + 1)
                if any(n in invocation_lines for n in span):
                    row.coverage = "checked"
                for n in span:
                    by_line[n] = row
                file_rows.append(row)
                rows.append(row)
            fence_rows: dict[int, list[Row]] = defaultdict(list)
            for dl_row in file_rows:
                fence_rows[dl_row.fence_line].append(dl_row)
            file_lines = dockerlines.split_lines(text)
            for f in found:
                row = by_line.get(f.line)
                if row is None and f.severity == "info":
                    for r in fence_rows.get(f.line, ()):
                        r.notices.append(f)
                    continue
                if row is None:
                    if f.severity == "info":
                        continue
                    raw = file_lines[f.line - 1] if 0 < f.line <= len(file_lines) else ""
                    start = dockerlines.strip_prompt(raw)[1]
                    row = Row(
                        dockerlines.make_key(repo.repository, rel, f.line, start),
                        repo.repository,
                        rel,
                        f.line,
                        start,
                        False,
                    )
                    by_line[f.line] = row
                    rows.append(row)
                {"error": row.errors, "warning": row.warnings}.get(f.severity, row.notices).append(f)
        for row in rows:
            if row.repo == repo.repository and row.coverage != "checked" and row.notices:
                row.coverage = "notice"
    for row in rows:
        if row.key in judgments:
            row.judgment, row.note = judgments[row.key]
    return rows, info


# --------------------------------------------------------------------------
# Reporting.
# --------------------------------------------------------------------------


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def code_span(text: str) -> str:
    """Inline code for any text (backquotes inside, table pipes escaped)."""
    text = " ".join(text.split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def compose_only(line: dockerlines.DockerLine) -> bool:
    """True when every command on the line is the docker-compose binary."""
    for command in line.commands:
        words = dockerlines.split_words(command, line.windows) or command.split()
        part = dockerlines.docker_part(words)
        if not part or part[0] != "docker-compose":
            return False
    return True


#: Fence languages that hold shell commands (the harness's own list, for the causes below).
SHELL_LIKE = frozenset({"", "bash", "sh", "shell", "console", "shell-session", "shellsession", "zsh", "terminal"})


def silent_cause(row: Row) -> str:
    """Why a docker line was probably skipped (a guess from what the harness sees)."""
    if row.compose_only:
        return "`docker-compose` (the v1 binary)"
    if row.language not in SHELL_LIKE:
        return f"`{row.language}` block"
    if row.prompt in ("[user@host]", "user@host", "zsh"):
        return "`user@host:~$ ` / `[root@host ~]# ` prompt"
    if row.prompt in ("PS", "C:"):
        return "`PS>` / `C:\\>` prompt"
    if row.prompt == ">":
        return "`> ` prompt"
    if row.prompt == "#":
        return "`# ` prompt (or a comment)"
    if row.block_uses_prompts and not row.prompt:
        return "no prompt, in a block that uses prompts"
    return "other"


def differential_reading(source: str) -> tuple[int, int, list[str]]:
    """(lines, rejected by docker, lines whose findings change) when the differential corpus's command
    lines are read as documentation instead of as commands (check_line)."""
    from tests import oracle

    from dockercheck import check_document, check_line
    from dockercheck.session import DocsChecker

    grammar = DocsChecker(source).grammar
    expected = oracle.load_expected()
    changed = []
    for line in expected:
        as_command = [f.code for f in check_line(line, grammar)]
        as_notes = [f.code for f in check_document(grammar, f"```sh\n{line}\n```\n", "p.md").findings]
        if as_command != as_notes:
            changed.append(line)
    return len(expected), sum(rejected for rejected, _, _ in expected.values()), changed


def render(repos: list[Repo], rows: list[Row], info: dict[str, dict], source: str) -> str:
    from tests import oracle

    per_repo = {r.repository: compute([row for row in rows if row.repo == r.repository]) for r in repos}
    total = compute(rows)
    out: list[str] = []
    w = out.append
    w("# Evaluation on real notes")
    w("")
    w(
        f"Checker at `{checker_identity()}` (the last commit that changed `src/dockercheck`) with the `{source}` "
        f"source (docker {oracle.RECORDED_DOCKER_VERSION}'s help), "
        f"labels from docker {oracle.RECORDED_DOCKER_VERSION}; written by `eval/realnotes/evaluate.py` on "
        f"{datetime.date.today().isoformat()}. Rebuild the corpus and rerun: see README.md, "
        f'"Evaluation on real notes".'
    )
    w("")
    w("## Method")
    w("")
    w(
        "The corpus is the Markdown of public repositories of docker notes and tutorials that were not written "
        "for this project (`eval/realnotes/manifest.json`, pinned commits; `build_corpus.py` rebuilds it; the "
        "fetched files are not committed). The harness finds its own *docker lines* (`dockerlines.py`, independent "
        "of the checker): every line of a fenced block of any language on which, after an optional prompt "
        "(`$ `, `# `, `> `, `PS>`, `C:\\>`, `user@host:~$ `...) and wrappers (`sudo`, `VAR=x`...), `docker` or "
        "`docker-compose` starts a command, also after `&&`, `|`, `;` or inside `$(...)`; continuation lines are "
        "joined to the first. Each docker command on a line is split with shlex and given to the real docker "
        f"{oracle.RECORDED_DOCKER_VERSION} client through `tests/oracle.py` (`label.py`, `labels.tsv`): its parser's "
        "verdict and what it rejects after parsing but before it needs a daemon (`invalid reference format`...; "
        "missing local files, no TTY and the like are the machine, not the command line, and do not count). "
        "Placeholders (`<container_id>`, `IMAGE`, 容器名, `$VAR`) are filled in with neutral values first, so "
        "a rejection that only the placeholder causes does not count. Every line docker rejects and every line the "
        "checker reports an error or a warning on was then judged by hand, in context (`judgments.tsv`): "
        "`command` (a real command a reader would type, placeholders included), `synopsis`, `output`, `prose` or "
        "`other`. An error on a command docker rejects is a *real mistake*; on a command docker accepts, a false "
        "error (*docker accepts it*); on anything else, a false error (*not a command*). Errors and warnings are "
        "counted per docker line (a line with two errors counts once). The checker runs through its library "
        "(`DocsChecker`) on each repository's files; a line is *checked* when the checker made an invocation of it "
        "(a usage synopsis checked as one included), *skipped with a notice* when an `info` finding on the line "
        "or on its block's fence says why (DC204 for output and prose, DC205 for a block's docker lines not "
        "checked), otherwise *skipped silently*."
    )
    w("")
    w(
        "Judging rules. *synopsis*: a line that shows a command's shape rather than one to type: optional parts in "
        "brackets (`[OPTIONS]`, `[-a]`, `[命令]`), alternatives (`a|b`, `stop/start/restart`), `COMMAND` standing "
        "for a subcommand, or a bare command name in a list of commands whose required arguments are left out "
        "(`docker stack rm  # 删除堆栈`). *command*: anything a reader would type, value placeholders included "
        "(`<container_id>`, `[imageName]` used as a value, `IMAGE`, 容器名, `$VAR`), also when it is wrong (a "
        "missing `\\`, an obsolete flag, a typo). *other*: option fragments that show one option with the image "
        "left out on purpose (`docker run --read-only`), a Jenkinsfile's `docker { ... }`. *output* and *prose*: "
        "printed output and comments."
    )
    w("")
    w("## Corpus")
    w("")
    w("| Repository | Commit | Language | Files | Docker lines | What |")
    w("| --- | --- | --- | ---: | ---: | --- |")
    for r in repos:
        w(
            f"| [{r.repository}](https://github.com/{r.repository}) | `{r.commit[:12]}` | {r.language} | "
            f"{info[r.repository]['files']} | {per_repo[r.repository].docker_lines} | "
            f"{r.description.replace('|', '/')} |"
        )
    w(
        f"| **total** | | {sum(1 for r in repos if r.language == 'zh')} zh, "
        f"{sum(1 for r in repos if r.language == 'en')} en "
        f"| {sum(i['files'] for i in info.values())} | {total.docker_lines} | |"
    )
    w("")
    w("## Results")
    w("")
    w(
        "| Repository | Docker lines | Checked | Notice | Silent | Error lines | Real mistake | Docker accepts it | "
        "Not a command | Precision | Rejected commands | Caught | Recall | Parser recall | "
        "Warning-only lines | Unjudged |"
    )
    w("| --- |" + " ---: |" * 15)

    def line(name: str, m: Metrics) -> str:
        return (
            f"| {name} | {m.docker_lines} | {m.checked} | {m.notice} | {m.silent} | {m.error_lines} | {m.real} | "
            f"{m.accepted} | {m.not_command} | {pct(m.precision)} | {m.rejected_commands} | {m.caught} | "
            f"{pct(m.recall)} | {pct(m.parser_recall)} | {m.warning_lines} | {m.unjudged} |"
        )

    for r in repos:
        w(line(r.repository, per_repo[r.repository]))
    w(line("**total**", total))
    w("")
    w(
        "*Rejected commands*: lines judged `command` that docker rejects, in its parser or before the daemon "
        "(*parser recall*: the parser's rejections only). *Caught*: those with a checker error."
    )
    w("")
    w("## Before and after")
    w("")
    w(
        f"The first evaluation (checker `{BASELINE_CHECKER}`, the same corpus and labels) and now, per repository: "
        "precision of errors (real mistakes / error lines), recall (caught / real command lines docker rejects), "
        "docker lines skipped silently."
    )
    w("")
    w("| Repository | Precision before | now | Recall before | now | Silent before | now |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")

    def ratio(a: int, b: int) -> str:
        return f"{pct(a / b)} ({a}/{b})" if b else "n/a"

    for r in repos:
        before = BASELINE.get(r.repository)
        m = per_repo[r.repository]
        if before is None:
            continue
        errors, real, rejected_before, caught, silent = before
        w(
            f"| {r.repository} | {ratio(real, errors)} | {ratio(m.real, m.error_lines)} | "
            f"{ratio(caught, rejected_before)} | {ratio(m.caught, m.rejected_commands)} | {silent} | {m.silent} |"
        )
    totals = [sum(b[i] for b in BASELINE.values()) for i in range(5)]
    w(
        f"| **total** | {ratio(totals[1], totals[0])} | {ratio(total.real, total.error_lines)} | "
        f"{ratio(totals[3], totals[2])} | {ratio(total.caught, total.rejected_commands)} | {totals[4]} | "
        f"{total.silent} |"
    )
    w("")
    w(
        "The reading rules were written looking at this corpus, so the numbers above are not a test of how they "
        "generalize. A one-off check on three repositories outside it (not in the manifest, not re-run by this "
        f"script), at checker `{HELD_OUT['checker']}`: {HELD_OUT['text']}"
    )
    w("")
    lines, rejected_lines, changed = differential_reading(source)
    w(
        f"The price of reading blocks as documentation, measured on the differential corpus "
        f"(`tests/differential/corpus.txt`: {lines} command lines as people type them, {rejected_lines} of them "
        "rejected by docker, where `check_line` agrees with docker on every line it verifies): read as a code "
        f"block of a note, {len(changed)} lines change, each a command docker rejects for its argument count "
        "that names no argument and at most one option, which gets DC203 instead of DC005, as "
        f"`docker run --read-only` does in a cheat sheet: {', '.join(code_span(c) for c in changed[:12])}"
        + (", ..." if len(changed) > 12 else "")
        + "."
    )
    w("")
    w("## Targets")
    w("")

    def met(ok: bool) -> str:
        return "met" if ok else "**not met**"

    w("| Target | Now | |")
    w("| --- | --- | --- |")
    w(
        f"| precision of errors >= 95% | {pct(total.precision)} ({total.real} of {total.error_lines}) | "
        f"{met(total.precision is not None and total.precision >= TARGET_PRECISION)} |"
    )
    w(
        f"| recall >= 95% of real command lines docker rejects | {pct(total.recall)} ({total.caught} of "
        f"{total.rejected_commands}) | {met(total.recall is not None and total.recall >= TARGET_RECALL)} |"
    )
    w(
        f"| 0 docker lines skipped without a notice | {total.silent} of {total.docker_lines} "
        f"({pct(total.silent / total.docker_lines if total.docker_lines else None)}) | {met(total.silent == 0)} |"
    )
    w(f"| 0 unjudged lines | {total.unjudged} | {met(total.unjudged == 0)} |")
    w("")
    write_plugin_lines(w, rows)
    w("## Warnings (not in the targets)")
    w("")
    w(
        "Lines with a warning and no error, by code and judgment (a warning is for what docker accepts "
        "but is almost surely a mistake)."
    )
    w("")
    w("| Code | Lines | command docker accepts | command docker rejects | not a command |")
    w("| --- | ---: | ---: | ---: | ---: |")
    by_code: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if row.warnings and not row.errors:
            cls = (
                ("not a command" if row.judgment in NOT_A_COMMAND else "rejected" if row.rejected else "accepted")
                if row.judgment
                else "unjudged"
            )
            for code in sorted({f.code for f in row.warnings}):
                by_code[code][cls] += 1
    for code, c in sorted(by_code.items()):
        w(f"| {code} | {sum(c.values())} | {c['accepted']} | {c['rejected']} | {c['not a command']} |")
    w("")
    w("## Notices (not in the targets)")
    w("")
    w(
        "Docker lines with a notice and no error or warning, by code: how many docker rejects (its labels, "
        "placeholders filled in) and how the ones judged were judged. A notice is what the checker did not "
        "verify, and says why: a synopsis or a command shown without its arguments (DC203), output or prose "
        "(DC204), a block's docker lines not checked (DC205), a CLI plugin this docker lacks (DC201), a command "
        "name that is a placeholder (DC202)."
    )
    w("")
    w("| Code | Lines | docker rejects | judged command | judged not a command |")
    w("| --- | ---: | ---: | ---: | ---: |")
    notices: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if row.docker_line and row.notices and not row.errors and not row.warnings:
            for code in sorted({f.code for f in row.notices}):
                notices[code]["lines"] += 1
                notices[code]["rejected"] += row.rejected
                notices[code]["command"] += row.judgment == "command"
                notices[code]["other"] += row.judgment in NOT_A_COMMAND
    for code, c in sorted(notices.items()):
        w(f"| {code} | {c['lines']} | {c['rejected']} | {c['command']} | {c['other']} |")
    w("")
    w("## Silently skipped docker lines, by cause")
    w("")
    causes = Counter(silent_cause(row) for row in rows if row.docker_line and row.coverage == "silent")
    if not causes:
        w("None.")
    else:
        w("| Cause | Lines |")
        w("| --- | ---: |")
        for cause, n in causes.most_common():
            w(f"| {cause} | {n} |")
    w("")
    w("## What docker rejects in these notes")
    w("")
    rejected = [row for row in rows if row.docker_line and row.rejected]
    w("| Docker's verdict | Lines | command | synopsis | output | prose | other |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rejected:
        groups[f"parser: {row.kind}" if row.parser_rejected else f"before the daemon: {row.predaemon}"].append(row)
    for name, group in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        c = Counter(row.judgment or "unjudged" for row in group)
        w(f"| {name} | {len(group)} | " + " | ".join(str(c.get(k, 0)) for k in JUDGMENT_KINDS) + " |")
    other = Counter(row.kind for row in rows if row.docker_line and not row.rejected)
    pre_env = sum(1 for row in rows if row.docker_line and row.predaemon == "environment")
    w("")
    w(
        f"Not rejections: accepted {other.get('accepted', 0)} (of which {pre_env} stop before the daemon for a reason "
        f"of the machine: no such local file, no TTY...), `docker compose`/`buildx`... without the plugin "
        f"{other.get('plugin-missing', 0)}, `docker-compose` (not asked) {other.get('docker-compose', 0)}, "
        f"unsplittable {other.get('unsplittable', 0)}, not asked {other.get('not-asked', 0)}."
    )
    w("")
    w("## False errors (verbatim)")
    w("")
    false_errors = [row for row in rows if row.errors and row.error_class in ("accepted", "not-a-command", "")]
    classes: dict[tuple[str, str], int] = Counter()
    for row in false_errors:
        what = {"accepted": "a command docker accepts", "": "unjudged"}.get(row.error_class, row.judgment)
        classes[(what, ", ".join(sorted({f.code for f in row.errors})))] += 1
    if false_errors:
        w("| Judged | Checker codes | Lines |")
        w("| --- | --- | ---: |")
        for (what, codes), n in sorted(classes.items(), key=lambda kv: (-kv[1], kv[0])):
            w(f"| {what} | {codes} | {n} |")
        w("")
    else:
        w("None.")
    for row in false_errors:
        messages = "; ".join(f"{f.code} {f.message}" for f in row.errors)
        label = {"accepted": "docker accepts it", "not-a-command": f"not a command ({row.judgment})", "": "UNJUDGED"}[
            row.error_class
        ]
        w(f"- `{row.repo}:{row.path}:{row.line}` {code_span(row.text)}  ")
        w(f"  checker: {code_span(messages)}  ")
        w(f"  judged: {label}" + (f" — {row.note}" if row.note else ""))
    w("")
    w("## Misses (verbatim): real commands docker rejects without a checker error")
    w("")
    misses = [row for row in rows if row.judgment == "command" and row.rejected and not row.errors]
    if not misses:
        w("None.")
    for row in misses:
        extra = (
            " (the checker warned: " + "; ".join(f"{f.code} {f.message}" for f in row.warnings) + ")"
            if row.warnings
            else ""
        )
        coverage = {"checked": "checked", "notice": "skipped with a notice", "silent": "skipped silently"}[row.coverage]
        w(f"- `{row.repo}:{row.path}:{row.line}` {code_span(row.text)}  ")
        w(
            f"  docker: {code_span(row.says or row.predaemon)}; {coverage}{extra}"
            + (f" — {row.note}" if row.note else "")
        )
    w("")
    return "\n".join(out)


def unjudged_report(rows: list[Row]) -> str:
    out = []
    for row in rows:
        if row.needs_judgment and not row.judgment:
            why = []
            if row.errors:
                why.append("error: " + "; ".join(f"{f.code} {f.message}" for f in row.errors))
            if row.warnings:
                why.append("warning: " + "; ".join(f"{f.code} {f.message}" for f in row.warnings))
            if row.rejected:
                why.append(f"docker: {row.kind} {row.predaemon} {row.says}".strip())
            out.append(f"{row.key}\n    {row.text}\n    " + "\n    ".join(why))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default="snapshot", choices=("snapshot", "auto", "live"))
    parser.add_argument("--no-write", action="store_true", help="print the summary only; leave EVAL.md alone")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    repos = load_manifest()
    require_corpus(repos)
    rows, info = build_rows(repos, args.source)
    total = compute(rows)
    if total.unjudged:
        print(f"{total.unjudged} lines need a judgment in {JUDGMENTS.name}:", file=sys.stderr)
        print(unjudged_report(rows), file=sys.stderr)
    if not args.no_write:
        EVAL_MD.write_text(render(repos, rows, info, args.source), encoding="utf-8")
    print(
        f"real notes: {total.docker_lines} docker lines in {len(repos)} repositories; "
        f"errors on {total.error_lines} lines, precision {pct(total.precision)}; "
        f"recall {pct(total.recall)} ({total.caught}/{total.rejected_commands}); "
        f"silently skipped {total.silent}; unjudged {total.unjudged}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
