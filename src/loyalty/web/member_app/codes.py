"""The card number as a QR code (segno) and as a Code128 barcode (python-barcode), both SVG made
on the server: no script draws them, so the card shows offline and from the service worker's copy.

The barcode's bars are drawn here from python-barcode's encoding, as rects with fill attributes:
its own SVG writer styles them with `style=` attributes, which the pages' Content-Security-Policy
forbids."""

from __future__ import annotations

import barcode
import segno
from markupsafe import Markup, escape

QUIET_ZONE = 10  # modules of white either side, as scanners need


def qr_svg(text: str, *, title: str) -> Markup:
    qr = segno.make(text, error="m")
    svg = qr.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True, title=title,
                        svgclass="qr", lineclass=None)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704 - segno escapes what it writes


def barcode_svg(text: str, *, title: str) -> Markup:
    modules = "".join(barcode.get("code128", text).build())
    width = len(modules) + 2 * QUIET_ZONE
    height = 40
    bars = []
    position = 0
    while position < len(modules):
        if modules[position] == "1":
            end = position
            while end < len(modules) and modules[end] == "1":
                end += 1
            bars.append(f'<rect x="{position + QUIET_ZONE}" y="0" width="{end - position}" height="{height}"/>')
            position = end
        else:
            position += 1
    return Markup(  # noqa: S704 - numbers only, and the escaped title
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="barcode" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="none"><title>{escape(title)}</title><rect width="{width}" height="{height}" '
        f'fill="#fff"/><g fill="#000">{"".join(bars)}</g></svg>')
