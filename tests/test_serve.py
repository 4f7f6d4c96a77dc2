"""`mkdocs serve` of the real site: a page with broken front-matter is logged, and the server keeps answering.

MkDocs' own server holds every request until a rebuild succeeds, after
emptying the site folder: without hooks/serve.py the browser would hang on a
bad edit. A real server on a temp copy of the project, on a free port.
"""

from __future__ import annotations

import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from conftest import _clean_env, copy_project

pytestmark = pytest.mark.slow

BROKEN = "---\ntitle: 坏的笔记\nbirth: 2024-01-01\ncategory: [devops\n---\n\n# 坏的笔记\n"
FIXED = "---\ntitle: 修好的笔记\nbirth: 2024-01-01\ncategory:\n- devops\n---\n\n# 修好的笔记\n\n正文。\n"


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    log: list[str] = field(default_factory=list)

    def wait_for(self, pattern: str, timeout: float = 120) -> str:
        """The next log line matching ``pattern`` (lines before it are kept in .log)."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.log.append(line)
            if re.search(pattern, line):
                return line
        pytest.fail(f"mkdocs serve: no line matching {pattern!r} in {timeout:g} s:\n" + "\n".join(self.log[-40:]))

    def get(self, path: str = "", timeout: float = 5) -> tuple[int, str]:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    project = copy_project(tmp_path / "project")
    port = _free_port()
    env = _clean_env(DOCKERCHECK_SOURCE="snapshot", DOCKERCHECK_CACHE_DIR=str(tmp_path / "cache"))
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    served = Server(f"http://127.0.0.1:{port}/", process)

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            served.lines.put(line.rstrip("\n"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        served.wait_for(r"Serving on http://127\.0\.0\.1")
        yield served
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=10)
        assert process.stdout is not None
        process.stdout.close()


def test_broken_front_matter_is_logged_and_the_last_good_build_is_served(server, tmp_path):
    docs = tmp_path / "project" / "docs"
    status, home = server.get()
    assert status == 200 and "Docker笔记" in home
    assert server.get("docker/")[0] == 200

    (docs / "broken.md").write_text(BROKEN, encoding="utf-8")
    error = server.wait_for(r"ERROR .*broken\.md")
    assert "Doc file 'broken.md:5': front-matter is not valid YAML" in error

    start = time.monotonic()
    status, again = server.get(timeout=5)  # MkDocs alone: no answer until the page is fixed
    assert status == 200 and time.monotonic() - start < 5
    assert "Docker笔记" in again and "坏的笔记" not in again  # the last good build
    assert server.get("docker/")[0] == 200
    server.wait_for(r"the rebuild failed \(Aborted with a BuildError!\): the last good build is still served")

    (docs / "broken.md").write_text(FIXED, encoding="utf-8")  # the next change is built again
    server.wait_for(r"Documentation built in")
    status, fixed = server.get("broken/")
    assert status == 200 and "修好的笔记" in fixed
    assert "修好的笔记" in server.get()[1]  # the home page's list of notes
    assert not any("Traceback" in line for line in server.log), "\n".join(server.log)
