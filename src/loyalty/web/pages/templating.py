"""The Jinja2 environment of the pages: one per language (the i18n extension binds gettext per
environment), loading every face's `templates/` folder, escaping all HTML, failing loudly on
an undefined name.

Formatting follows the page's language (Babel): numbers, points, money and dates.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
import markupsafe
from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_currency, format_decimal

from loyalty.web.pages.i18n import LANGUAGE_NAMES, LANGUAGES, WEB_ROOT, translations


def template_folders() -> list[str]:
    return [str(path) for path in sorted(WEB_ROOT.glob("*/templates"))]


@cache
def environment(language: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_folders()),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg", "webmanifest"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(languages=LANGUAGES, language_names=LANGUAGE_NAMES, lang=language)
    env.filters.update(
        number=lambda value: format_decimal(value or 0, locale=language),
        points=lambda value: format_decimal(value or 0, locale=language),
        money=lambda value, currency: format_currency(Decimal(str(value or 0)), currency, locale=language),
        date=lambda value, timezone="UTC": _date(value, timezone, language),
        datetime=lambda value, timezone="UTC": _datetime(value, timezone, language),
        # How long, roughly ("3 minutes", "2 hours"): a lag or an age, not a moment.
        duration=lambda seconds: format_timedelta(timedelta(seconds=seconds or 0), locale=language),
        json_island=json_island,
        public_name=lambda name: _public_name(language, name),
    )
    return env


# leaderboards.domain.public_name's pseudonym: shown in the page's language ("Uczestnik nr A3F2C1D4").
_PSEUDONYM = re.compile(r"Member #([0-9A-F]{8})")


def _public_name(language: str, name: str) -> str:
    found = _PSEUDONYM.fullmatch(name or "")
    if found is None:
        return name
    return translations(language).gettext("Member #%(id)s") % {"id": found.group(1)}


_ISLAND_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                                 "\u2029": "\\u2029"})


def json_island(data: Any) -> markupsafe.Markup:
    """`data` as JSON for a `<script type="application/json">` data island: every `<`, `>` and `&`
    becomes a \\u escape (still the same JSON), so no text in it (`</script>`, `<!--<script>`,
    from a product name a visitor sent) can end or bend the script element. Every JSON island of
    the admin and member pages goes through this filter: `{{ data|json_island }}`."""
    text = json.dumps(data, separators=(",", ":"), default=str, ensure_ascii=False)
    return markupsafe.Markup(text.translate(_ISLAND_ESCAPES))  # noqa: S704 - escaped above for the script context


def _date(value: date | datetime | None, timezone: str, language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(timezone)).date()
    return format_date(value, format="medium", locale=language)


def _datetime(value: datetime | None, timezone: str, language: str) -> str:
    if value is None:
        return ""
    return format_datetime(value.astimezone(ZoneInfo(timezone)), format="short", locale=language)


def render_template(language: str, name: str, context: dict[str, Any]) -> str:
    return environment(language).get_template(name).render(context)
