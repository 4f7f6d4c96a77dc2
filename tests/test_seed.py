"""The seed note, untouched, is the checker's first real test; the published note is clean."""

from __future__ import annotations

from pathlib import Path

from dockercheck import check_paths

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed" / "000_dd70fedd71bf2fd9.md"

# Every mistake of the seed's command section: (line, column, code, what the reader wrote).
EXPECTED = [
    (44, 15, "DC002", "docker ps <-ins>: ps has no -i"),
    (47, 17, "DC105", "docker attach <image_id>: attach takes a container"),
    (50, 38, "DC105", "docker commit ... <image_id>: commit takes a container"),
    (53, 17, "DC002", "docker run <-ins> ...: run has no -n"),
    (54, 17, "DC002", "docker run <-ins> <repository:tag> <dir>: run has no -n"),
    (57, 15, "DC103", "docker exec it ...: 'it' meant as -it"),
    (57, 18, "DC105", "docker exec ... <image_name||image_id>: exec takes a container"),
    (58, 17, "DC105", "docker attach <image_name||image_id>: attach takes a container"),
    (58, 40, "DC006", "docker attach ... bash //...: attach takes exactly one argument"),
    (58, 45, "DC104", "//退出容器后容器会停止 is passed to docker, not a comment"),
]


def test_every_mistake_of_the_seed_is_reported():
    _, (report,) = check_paths([SEED], source="snapshot")
    found = [(f.line, f.column, f.code) for f in report.findings]
    assert found == [(line, column, code) for line, column, code, _ in EXPECTED]
    assert len(report.invocations) == 15
    assert {f.severity for f in report.findings if f.code in ("DC002", "DC006")} == {"error"}


def test_the_seed_fixture_is_untouched():
    """The fixture is the seed byte for byte (sha256 of ../shared/seed/000_dd70fedd71bf2fd9.txt)."""
    import hashlib

    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == "e7d286d32e02b6928fa726b6641d3126939e2c889f37426d7546f8748a705784"


def test_the_published_note_keeps_the_commands_and_has_no_findings():
    _, reports = check_paths([ROOT / "docs"], source="snapshot")
    findings = [f.text() for r in reports for f in r.findings]
    assert findings == []
    (note,) = [r for r in reports if r.path.endswith("docker.md")]
    written = [ci.invocation.text for ci in note.invocations]
    assert "docker exec -it <container_name||container_id> bash" in written
    assert "docker attach <container_name||container_id>" in written
    assert len(written) >= 15
