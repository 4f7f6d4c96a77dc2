"""bench/run.py runs end to end on a tiny size and writes well-formed tables.

No timing is asserted: the numbers belong in BENCHMARKS.md, not in tests.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import oracle
from conftest import load_module

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"^[–0-9.,]+ ?(?:ms|s|µs|MB|KB|/s)?(?: \[\d+\]| \([0-9.]+\))?$")


def tables(text: str) -> dict[str, list[list[str]]]:
    """Every Markdown table under a ``###`` heading: heading -> rows of cells (header and rule left out)."""
    out: dict[str, list[list[str]]] = {}
    heading = ""
    for line in text.splitlines():
        if line.startswith("### "):
            heading = line[4:]
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            out.setdefault(heading, []).append(cells)
    return {h: rows[2:] for h, rows in out.items() if len(rows) >= 2 and set(rows[1][0]) <= set("-: ")}


@pytest.mark.slow
def test_quick_run_writes_a_well_formed_report(tmp_path):
    if shutil.which("docker") is None and not oracle.ci():
        pytest.skip("docker is not on PATH")
    output = tmp_path / "BENCHMARKS.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--output", str(output)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = output.read_text("utf-8")
    assert text.startswith("# Benchmarks\n")
    assert re.search(r"^Machine: .+, \d+ cores; .*Python 3\.\d+\.\d+; ", text, re.M)
    assert re.search(r"^Packages: .*mkdocs \d", text, re.M)
    assert proc.stdout.strip() in text  # what it prints is what it writes

    found = tables(text)
    targets = found["Targets"]
    assert targets and all(len(row) == 4 and row[3] in ("yes", "**no**", "–") for row in targets)
    # The headline: what the hooks as shipped cost, in one process and the checker alone beside it;
    # the cold first build.
    assert targets[0][0].startswith("build time ratio, hooks as shipped, real site (one process; checker alone)")
    assert re.fullmatch(r"[0-9.]+ \([0-9.]+; [0-9.]+\)", targets[0][1]), targets[0]
    cold = next(row for row in targets if row[0].startswith("first build with an empty cache"))
    assert re.fullmatch(r"[0-9.]+ m?s, \d+ docker runs \([0-9.]+ m?s, 0\)", cold[1]), cold
    assert any(row[0].startswith("cold start, snapshot") for row in targets)

    builds = found["mkdocs build without the hooks, with the hooks as shipped, with the checker alone"]
    assert [row[0] for row in builds] == ["real site", "generated, 5 pages"]
    for row in builds:
        assert len(row) == 14
        assert int(row[2]) > 0  # docker commands found
        for cell in row[3:14]:
            assert all(NUMBER.match(part.strip()) for part in cell.split("/")), cell
        assert row[12].endswith("KB")  # the cheat sheet page's size
        assert row[13].count("/") == 3  # peak RSS of each variant

    speed = found["Checker throughput, one core, grammar loaded (command lines per second)"]
    assert len(speed) == 5 and all(len(row) == 4 and row[2].endswith("/s") for row in speed)

    serve = found["mkdocs serve: what a rebuild rechecks"]
    assert len(serve) == 4 and all(len(row) == 4 for row in serve)


def test_docker_is_compared_with_the_workload_of_one_command_line_per_document():
    """The reference line sets docker's per-command time beside the checker's on one command per document."""
    from dockercheck.extract import extract

    run = load_module(ROOT / "bench" / "run.py", "bench_run")
    loads = run.workloads(quick=True)
    speed = [run.Throughput(name, len(texts), 1.0, 1.0) for name, texts in loads.items()]
    for order in (speed, speed[::-1]):  # found by its name, not by its place
        chosen = run.per_line_workload(order)
        texts = loads[chosen.name]
        assert len(texts) > 1 and all(len(extract(text).invocations) == 1 for text in texts), chosen.name
    with pytest.raises(LookupError, match="a document per line"):
        run.per_line_workload([t for t in speed if t is not chosen])
