"""Languages of the pages (English, Polish, Russian) and their Babel catalogues.

Each face keeps its own catalogue (`<face>/locale/<lang>/LC_MESSAGES/<face>.po`, next to its
templates) so faces are translated independently; at start the catalogues of every face are
compiled in memory and merged into one translation per language. Nothing compiled is
committed. `python -m loyalty.web.pages.catalogues` extracts, updates and checks them.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("en", "pl", "ru")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "pl": "Polski", "ru": "Русский"}
WEB_ROOT = Path(__file__).parent.parent  # src/loyalty/web: each face is a folder in it


def catalogue_files(language: str) -> list[Path]:
    return sorted(WEB_ROOT.glob(f"*/locale/{language}/LC_MESSAGES/*.po"))


@cache
def translations(language: str) -> Translations:
    """Every face's catalogue for `language`, merged; English is the source text itself."""
    merged = Translations()
    if language == DEFAULT_LANGUAGE:
        return merged
    # An empty Translations counts plurals as English does; ngettext needs the language's rule.
    plural_of = gettext.c2py(get_plural(language).plural_expr)
    merged.plural = lambda count: plural_of(int(count))
    for path in catalogue_files(language):
        with path.open("rb") as source:
            catalogue = read_po(source, locale=language)
        compiled = io.BytesIO()
        write_mo(compiled, catalogue)
        compiled.seek(0)
        merged.merge(Translations(compiled))
    return merged


def supported(tag: str | None) -> str | None:
    """`tag`'s language if the pages speak it ("pl-PL" -> "pl"), else None."""
    if not tag:
        return None
    language = tag.strip().replace("_", "-").split("-")[0].lower()
    return language if language in LANGUAGES else None


def from_accept_language(header: str | None) -> str | None:
    """The browser's most preferred language the pages speak ("ru;q=0.9, pl" -> "pl")."""
    if not header:
        return None
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = supported(tag)
        if language and quality > 0:
            choices.append((-quality, position, language))
    return min(choices)[2] if choices else None


def babel_locale(language: str) -> Locale:
    return Locale.parse(language)
