"""The diagrams in img/: sources and PNGs pair up, the PNGs are sane, and a
fresh render of every source (tools/render_images.py) has the size of the
committed image, so an edited source whose PNG was not regenerated shows up.
"""

from __future__ import annotations

import io
import math
import re
import struct
import zlib
from pathlib import Path

import pytest

from conftest import NOTE_IMAGES, load_tool

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "img"
SRC = IMG / "src"
# The images the Docker note refers to (<img src='./img/...'>).
REFERENCED = {Path(name).stem for name in NOTE_IMAGES}
MAX_BYTES = 400_000
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG colour type -> samples per pixel


def png_info(path: Path) -> tuple[int, int]:
    """Check a PNG by hand (signature, chunk CRCs, IHDR, IDAT size, IEND); return (width, height)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name}: not a PNG"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"{path.name}: bad CRC in {kind!r}"
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and len(chunks[0][1]) == 13, f"{path.name}: IHDR is not first"
    assert chunks[-1][0] == b"IEND", f"{path.name}: no IEND at the end"
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert colour in CHANNELS and depth in (1, 2, 4, 8, 16) and interlace == 0
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    assert len(raw) == height * (1 + math.ceil(width * CHANNELS[colour] * depth / 8)), f"{path.name}: truncated"
    return width, height


def test_every_source_has_its_pngs_and_back():
    tool = load_tool("render_images")
    sources = {path.stem for path in SRC.glob("*.html")}
    expected = {out.name for path in SRC.glob("*.html") for out in tool.outputs_for(path, IMG)}
    pngs = {path.name for path in IMG.glob("*.png")}
    assert sources >= REFERENCED
    assert expected == pngs, f"without PNG: {sorted(expected - pngs)}; without source: {sorted(pngs - expected)}"


@pytest.mark.parametrize("name", sorted(REFERENCED))
def test_png_is_valid_and_reasonable(name):
    path = IMG / f"{name}.png"
    width, height = png_info(path)
    assert 800 <= width <= 4000 and 400 <= height <= 4000, (width, height)
    assert path.stat().st_size < MAX_BYTES


@pytest.mark.parametrize("name", sorted(REFERENCED))
def test_the_phone_variant_is_drawn_for_a_390_px_screen(name):
    # 360 CSS px at 2 device pixels each: a 390 px phone shows it 1:1.
    path = IMG / f"{name}-narrow.png"
    width, height = png_info(path)
    assert width == 720 and height > width, (width, height)
    assert path.stat().st_size < MAX_BYTES


@pytest.mark.parametrize("name", sorted(REFERENCED))
def test_source_is_self_contained(name):
    html = (SRC / f"{name}.html").read_text(encoding="utf-8")
    assert 'id="diagram"' in html
    assert "Noto Sans CJK SC" in html
    external = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", html)
    assert not external, f"{name}.html loads something from the network: {external}"


def test_palette_keeps_common_colours_exact(tmp_path):
    from PIL import Image

    tool = load_tool("render_images")
    image = Image.new("RGBA", (40, 30), (255, 255, 255, 255))
    for x in range(40):  # a ramp of 300 shades, more than a palette holds
        for y in range(10):
            image.putpixel((x, y), (x * 6, 0, (x * 10 + y) % 256, 255))
    image.putpixel((0, 29), (0, 0, 0, 0))
    image.putpixel((1, 29), (208, 215, 222, 128))
    source = io.BytesIO()
    image.save(source, format="PNG")
    target = tmp_path / "out.png"
    target.write_bytes(tool.optimise_png(source.getvalue()))
    assert png_info(target) == (40, 30)
    with Image.open(target) as result:
        assert result.mode == "P"
        rgba = result.convert("RGBA")
    assert rgba.getpixel((20, 20)) == (255, 255, 255, 255)
    assert rgba.getpixel((0, 29)) == (0, 0, 0, 0)
    assert rgba.getpixel((1, 29))[3] == 128
    assert max(abs(u - v) for u, v in zip(rgba.getpixel((13, 4)), image.getpixel((13, 4)), strict=True)) <= 16


@pytest.mark.browser
def test_fresh_render_has_the_committed_size(browser, tmp_path):
    tool = load_tool("render_images")
    written = tool.render(tool.sources(), tmp_path, browser=browser, optimise=False)
    assert [path.name for path in written] == [out.name for path in tool.sources() for out in tool.outputs_for(path)]
    for fresh in written:
        committed = IMG / fresh.name
        assert png_info(fresh) == png_info(committed), f"{fresh.name} is stale: run `make images`"
