"""The Jinja2 environment of the pages: one per language (the i18n extension binds gettext per
environment), loading every face's `templates/` folder, escaping all HTML, failing loudly on
an undefined name.

Formatting follows the page's language (Babel): numbers, points, money and dates.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
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
    )
    return env


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
