"""Pure content rules: who an item is for, when early access opens for a member, the body as safe HTML."""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from markdown_it import MarkdownIt

# CommonMark without raw HTML: a body written in the panel can format text and link, never inject
# markup or script. markdown-it's own link check already refuses javascript:, vbscript: and data: URLs.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def is_for(*, tiers: Sequence[str], segments: Sequence[int], member_tier: str | None,
           member_segments: Collection[int]) -> bool:
    """Both lists empty: every member; otherwise the member's tier is one of `tiers` or they are in
    one of `segments`."""
    if not tiers and not segments:
        return True
    return (member_tier is not None and member_tier in tiers) or any(s in member_segments for s in segments)


def opens_for(windows: Sequence[Mapping[str, Any]], *, member_tier: str | None,
              member_segments: Collection[int]) -> datetime | None:
    """The earliest window that is the member's (None: no window is)."""
    times = [window["opens_at"] for window in windows
             if is_for(tiers=window.get("tiers") or [], segments=window.get("segments") or [],
                       member_tier=member_tier, member_segments=member_segments)]
    return min(times) if times else None


def body_html(body: str, body_format: str) -> str:
    """Markdown rendered without raw HTML, or plain text escaped with its paragraphs kept."""
    if body_format == "markdown":
        return _MARKDOWN.render(body)
    paragraphs = [part.strip() for part in body.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return "".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)
