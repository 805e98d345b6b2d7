"""What makes the member app installable and usable offline: the web app manifest, the icons
(drawn here: an SVG, and PNGs made with Pillow, which fpdf2 already brings), the service worker
and the page it shows offline when it has nothing better.

The service worker is served from /app/sw.js with `Service-Worker-Allowed: /app`, so its scope
can be `/app` itself (the home screen) and not only what lies under `/app/`.
"""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.db.uow import unit_of_work
from loyalty.member_access import service as access
from loyalty.web.deps import get_database
from loyalty.web.pages.render import gettext, render
from loyalty.web.pages.security import PAGE_HEADERS

router = APIRouter(prefix="/app")
STATIC = Path(__file__).parent / "static"
THEME_COLOUR = "#0b3d91"
BACKGROUND_COLOUR = "#ffffff"
ICON_SIZES = (192, 512)
# The shapes of the icon (a loyalty card with a star), in a 512 x 512 box, used by both drawings.
CARD_BOX = (64, 136, 448, 376)
STAR = [(256, 176), (280, 232), (340, 236), (294, 274), (310, 332), (256, 300), (202, 332), (218, 274),
        (172, 236), (232, 232)]

ICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
    f'<rect width="512" height="512" rx="96" fill="{THEME_COLOUR}"/>'
    f'<rect x="{CARD_BOX[0]}" y="{CARD_BOX[1]}" width="{CARD_BOX[2] - CARD_BOX[0]}" '
    f'height="{CARD_BOX[3] - CARD_BOX[1]}" rx="28" fill="#ffffff"/>'
    f'<polygon points="{" ".join(f"{x},{y}" for x, y in STAR)}" fill="#f5b700" stroke="{THEME_COLOUR}" '
    'stroke-width="6"/></svg>'
)


@cache
def icon_png(size: int) -> bytes:
    from PIL import Image, ImageDraw

    scale = size / 512
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=int(96 * scale), fill=THEME_COLOUR)
    draw.rounded_rectangle(tuple(int(v * scale) for v in CARD_BOX), radius=int(28 * scale), fill="#ffffff")
    draw.polygon([(x * scale, y * scale) for x, y in STAR], fill="#f5b700", outline=THEME_COLOUR)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _app_name(request: Request) -> str:
    with unit_of_work(get_database(request), read_only=True) as db:
        try:
            return access.app_program(session=db, program_id=request.app.state.settings.app_program_id).name
        except Exception:  # noqa: BLE001 - a server with no program yet still has an app name
            return "Loyalty"


@router.get("/manifest.webmanifest")
def manifest(request: Request) -> Response:
    name = _app_name(request)
    body = {
        "name": name,
        "short_name": name[:12],
        "description": gettext(request, "Your loyalty card, points and rewards."),
        "id": "/app",
        "start_url": "/app",
        "scope": "/app",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": "/app/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            *({"src": f"/app/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
              for size in ICON_SIZES),
        ],
    }
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/manifest+json",
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})


@router.get("/icon.svg")
def icon_svg() -> Response:
    return Response(ICON_SVG, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/icon-{size:int}.png")
def icon(size: int) -> Response:
    if size not in ICON_SIZES:
        return Response(status_code=404)
    return Response(icon_png(size), media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/sw.js")
def service_worker() -> Response:
    return Response((STATIC / "sw.js").read_text(encoding="utf-8"), media_type="text/javascript", headers={
        "Service-Worker-Allowed": "/app", "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})


@router.get("/offline")
def offline(request: Request) -> Response:
    """What the service worker shows offline for a page it has no copy of."""
    response = render(request, "app/offline.html", {"title": gettext(request, "You are offline")})
    response.headers.update(PAGE_HEADERS)
    return response
