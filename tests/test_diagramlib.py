"""hooks/diagramlib.py: lightbox links and portrait variants (no build)."""

from __future__ import annotations

import pytest

from conftest import load_hook_module


@pytest.fixture(scope="module")
def diagramlib():
    load_hook_module("notelib")
    return load_hook_module("diagramlib")


FILES = {"img/docker命令.png", "img/docker命令-narrow.png", "img/photo.png"}
SRC = "../img/docker%E5%91%BD%E4%BB%A4.png"


def test_a_diagram_gets_a_lightbox_link_and_its_phone_layout(diagramlib):
    html = f'<p><img src="{SRC}" alt="图" /></p>'
    out = diagramlib.wrap_diagrams(html, page_url="docker/", site_files=FILES)
    assert out == (
        f'<p><a class="glightbox diagram" href="{SRC}" data-type="image" title="点击查看大图"><picture>'
        '<source media="(max-width: 600px)" srcset="../img/docker%E5%91%BD%E4%BB%A4-narrow.png">'
        f'<img src="{SRC}" alt="图" /></picture></a></p>'
    )


def test_an_image_without_a_narrow_variant_only_gets_the_link(diagramlib):
    out = diagramlib.wrap_diagrams('<img src="img/photo.png" alt="p">', page_url="", site_files=FILES)
    assert "<source" not in out and 'href="img/photo.png"' in out


def test_linked_and_remote_images_are_left_alone(diagramlib):
    html = '<a href="x"><img src="img/photo.png" alt="p"></a><img src="https://x.org/a.png" alt="r">'
    assert diagramlib.wrap_diagrams(html, page_url="", site_files=FILES) == html
