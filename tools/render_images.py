"""Render the diagram sources img/src/*.html to img/<same name>.png and img/<same name>-narrow.png.

Usage (from the project root):

    make images                                  # set up the venv, then render all
    .venv/bin/python tools/render_images.py      # same, without the setup step
    .venv/bin/python tools/render_images.py img/src/docker命令.html   # just one
    .venv/bin/python tools/render_images.py --out-dir /tmp/out        # elsewhere

Each source is a self-contained HTML page (inline SVG/CSS, no network, fonts
'Noto Sans CJK SC' / 'Noto Sans Mono CJK SC' from Debian's fonts-noto-cjk)
whose diagram lives in the element with id="diagram". It is rendered twice:
at a desktop width (<name>.png) and at a phone's (<name>-narrow.png), where
the source's `@media (max-width: 600px)` rules give a 360 px wide portrait
layout that a 390 px phone shows 1:1 (hooks/diagrams.py serves it to
phones). The page is opened in
Debian's Chromium (/usr/bin/chromium, driven by Playwright; `make browser`
installs it) with a fixed viewport and device scale factor, the screenshot is
clipped to that element with a transparent background (the card's rounded
corners stay see-through), and the PNG is shrunk to a 256-colour palette
image: the flat diagrams have a few thousand colours, mostly anti-aliasing
shades; the commonest keep their exact value, the rest map to the nearest
entry (invisible), and Pillow writes it with optimize=True and no metadata.
Same source, same machine -> same bytes; each file stays far below 400 KB.
"""

from __future__ import annotations

import argparse
import io
import struct
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SRC_DIR = ROOT / "img" / "src"
OUT_DIR = ROOT / "img"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--force-color-profile=srgb",
    "--hide-scrollbars",
]
VIEWPORT = {"width": 1200, "height": 1000}
# Variant suffix -> viewport: the desktop layout, and the phone's.
VARIANTS = {"": VIEWPORT, "-narrow": {"width": 390, "height": 1000}}
SCALE = 2  # device pixels per CSS pixel
SELECTOR = "#diagram"


def sources(src_dir: Path = SRC_DIR) -> list[Path]:
    """Every diagram source, sorted by name."""
    return sorted(src_dir.glob("*.html"))


def output_for(source: Path, out_dir: Path = OUT_DIR, variant: str = "") -> Path:
    """img/src/<name>.html -> <out_dir>/<name><variant>.png"""
    return out_dir / (source.stem + variant + ".png")


def outputs_for(source: Path, out_dir: Path = OUT_DIR) -> list[Path]:
    """Every PNG one source gives, one per variant."""
    return [output_for(source, out_dir, variant) for variant in VARIANTS]


_SQ = [(d - 255) ** 2 for d in range(511)]  # _SQ[255 + d] == d * d


def _nearest(colour: tuple[int, ...], palette: list[tuple[int, ...]]) -> tuple[int, int]:
    """(weighted squared RGBA distance, index) of the palette entry nearest to colour."""
    r, g, b, a = (255 - v for v in colour)
    sq = _SQ
    return min(
        (3 * sq[pr + r] + 4 * sq[pg + g] + 2 * sq[pb + b] + 6 * sq[pa + a], i)
        for i, (pr, pg, pb, pa) in enumerate(palette)
    )


def quantize(colors: list[tuple[int, tuple[int, ...]]], size: int = 256, frequent: int = 192):
    """Choose at most `size` RGBA colours and map every colour to one.

    `colors` is Pillow's getcolors() list of (count, rgba). The `frequent`
    commonest colours are kept exactly (flat fills, text and lines keep their
    exact value); the other entries are picked greedily: the colour worst served
    so far, weighted by its pixel count (rare hues, anti-aliased card corners).
    Returns (palette, {rgba: palette index}).
    """
    ranked = sorted(colors, key=lambda nc: (-nc[0], nc[1]))
    keep = len(ranked) if len(ranked) <= size else frequent
    palette = [c for _, c in ranked[:keep]]
    pool = ranked[keep:]
    best = [_nearest(c, palette) for _, c in pool]
    while pool and len(palette) < size:
        worst = max(range(len(pool)), key=lambda k: (pool[k][0] * best[k][0], -k))
        palette.append(pool[worst][1])
        new, i = [255 + v for v in pool[worst][1]], len(palette) - 1
        sq = _SQ
        for k, (_, (r, g, b, a)) in enumerate(pool):
            d = 3 * sq[new[0] - r] + 4 * sq[new[1] - g] + 2 * sq[new[2] - b] + 6 * sq[new[3] - a]
            if d < best[k][0]:
                best[k] = (d, i)
    mapping = {c: i for i, c in enumerate(palette)}
    for (_, c), (_, i) in zip(pool, best, strict=True):
        mapping.setdefault(c, i)
    return palette, mapping


def optimise_png(data: bytes) -> bytes:
    """Screenshot (RGBA) -> palette PNG (<= 256 colours, per-entry alpha), optimised."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        rgba = image.convert("RGBA")
    colors = rgba.getcolors(1 << 24)
    assert colors is not None  # 2**24 is more than any screenshot's colours
    palette, mapping = quantize(colors)  # type: ignore[arg-type]  # RGBA: (count, (r, g, b, a))
    # Pixels as native 32-bit ints, mapped to palette indices in one pass.
    lut = {struct.unpack("=I", bytes(c))[0]: i for c, i in mapping.items()}
    indices = bytes(map(lut.__getitem__, memoryview(rgba.tobytes()).cast("I")))
    indexed = Image.frombytes("P", rgba.size, indices)
    indexed.putpalette([v for c in palette for v in c[:3]])
    out = io.BytesIO()
    indexed.save(out, format="PNG", optimize=True, transparency=bytes(c[3] for c in palette))
    return out.getvalue()


def allowed(url: str, folder: Path) -> bool:
    """True for a file:// URL of a file inside ``folder`` (symbolic links resolved); nothing else loads."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    return Path(unquote(parts.path)).resolve().is_relative_to(folder)


def render_one(browser, source: Path, target: Path, optimise: bool = True, viewport: dict = VIEWPORT) -> Path:
    """Screenshot the #diagram element of one source page, laid out in `viewport`, into target."""
    context = browser.new_context(
        viewport=viewport,
        device_scale_factor=SCALE,
        locale="zh-CN",
        timezone_id="UTC",
        color_scheme="light",
        reduced_motion="reduce",
    )
    try:
        # The sources are self-contained: refuse anything but files of the source's own folder
        # (a source is hostile input: an <iframe src="file:///..."> must not draw a local file).
        folder = source.resolve().parent
        context.route("**/*", lambda route: route.continue_() if allowed(route.request.url, folder) else route.abort())
        page = context.new_page()
        page.goto(source.resolve().as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        element = page.locator(SELECTOR)
        png = element.screenshot(omit_background=True, animations="disabled", caret="hide", scale="device")
    finally:
        context.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(optimise_png(png) if optimise else png)
    return target


def render(paths: list[Path], out_dir: Path = OUT_DIR, browser=None, optimise: bool = True) -> list[Path]:
    """Render every variant of the given sources into out_dir; reuses `browser` when given.

    optimise=False keeps Chromium's own (larger, RGBA) PNG: same dimensions,
    about a second faster per image; the tests use it.
    """
    if browser is not None:
        return [
            render_one(browser, path, output_for(path, out_dir, variant), optimise, viewport)
            for path in paths
            for variant, viewport in VARIANTS.items()
        ]
    if not CHROMIUM.is_file():
        raise SystemExit(f"{CHROMIUM} is missing: run `make browser` first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            return render(paths, out_dir, chromium, optimise)
        finally:
            chromium.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path, help="HTML sources (default: img/src/*.html)")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help="where the PNGs go (default: img/)")
    args = parser.parse_args(argv)
    paths = args.sources or sources()
    if not paths:
        parser.error(f"no sources in {SRC_DIR}")
    for written in render(paths, args.out_dir):
        width, height = struct.unpack(">II", written.read_bytes()[16:24])
        print(
            f"{written.relative_to(ROOT) if written.is_relative_to(ROOT) else written}: "
            f"{width}x{height}, {written.stat().st_size // 1024} KiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
