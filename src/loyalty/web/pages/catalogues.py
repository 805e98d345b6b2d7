"""Keeps each face's translations complete: `python -m loyalty.web.pages.catalogues update [FACE ...]`
extracts the texts of every face (its templates' `_()` and its Python's `gettext(request, ...)`)
into `web/<face>/locale/<lang>/LC_MESSAGES/<face>.po`, keeping what is translated; `check`
lists what is not (tests/unit/web/test_catalogues.py fails on any); `fill FACE LANG FILE.json`
sets translations from a {"English text": "translation"} file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from loyalty.web.pages.i18n import DEFAULT_LANGUAGE, LANGUAGES, WEB_ROOT

METHODS = [("**/templates/**.html", "jinja2"), ("**/templates/**.webmanifest", "jinja2"),
           ("**/templates/**.js", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}


def faces() -> list[Path]:
    return sorted(path for path in WEB_ROOT.iterdir() if path.is_dir() and (path / "templates").is_dir()
                  and not path.name.startswith("_"))


def extracted(face: Path) -> Catalog:
    catalogue = Catalog(project="loyalty", charset="utf-8")
    # gettext(request, "text", ...) in Python: the text is the second argument.
    keywords = {"_": None, "ngettext": (1, 2), "gettext": (2,)}
    for filename, lineno, message, comments, context in extract_from_dir(
            str(face), method_map=METHODS, options_map=OPTIONS, keywords=keywords):
        if message:
            catalogue.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalogue


def po_path(face: Path, language: str) -> Path:
    return face / "locale" / language / "LC_MESSAGES" / f"{face.name}.po"


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language)


def update(names: list[str] | None = None) -> None:
    """Extracts the texts of the faces named (all without names) into their catalogues."""
    for face in faces():
        if names and face.name not in names:
            continue
        template = extracted(face)
        for language in LANGUAGES:
            if language == DEFAULT_LANGUAGE:
                continue
            path = po_path(face, language)
            if path.exists():
                catalogue = read(path, language)
                # The header's dates stay unless texts change: an update of one face rewrites no other.
                template.creation_date = catalogue.creation_date
                catalogue.update(template, no_fuzzy_matching=True)
                catalogue.obsolete.clear()
            else:
                catalogue = Catalog(locale=language, project="loyalty", charset="utf-8")
                catalogue.update(template, no_fuzzy_matching=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as out:
                write_po(out, catalogue, width=120, omit_header=False, sort_output=True)


def untranslated() -> list[str]:
    """'face/lang: text' for every text a face shows that its catalogue does not translate."""
    missing = []
    for face in faces():
        for language in LANGUAGES:
            if language == DEFAULT_LANGUAGE:
                continue
            path = po_path(face, language)
            translated = {}
            if path.exists():
                translated = {message.id if isinstance(message.id, str) else message.id[0]: message.string
                              for message in read(path, language) if message.id}
            for message in extracted(face):
                if not message.id:
                    continue
                key = message.id if isinstance(message.id, str) else message.id[0]
                text = translated.get(key)
                if not text or (isinstance(text, tuple) and not all(text)):
                    missing.append(f"{face.name}/{language}: {key}")
    return missing


def fill(face_name: str, language: str, translations: dict[str, str]) -> list[str]:
    """Sets the translations given; the texts the catalogue does not have (to extract first)."""
    path = po_path(WEB_ROOT / face_name, language)
    catalogue = read(path, language)
    unknown = []
    for text, translation in translations.items():
        if text in catalogue:
            catalogue[text].string = translation
        else:
            unknown.append(text)
    with path.open("wb") as out:
        write_po(out, catalogue, width=120, omit_header=False, sort_output=True)
    return unknown


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "fill":
        import json

        face_name, language, source = sys.argv[2:5]
        for text in fill(face_name, language, json.loads(Path(source).read_text(encoding="utf-8"))):
            print(f"not in the catalogue (run update first): {text}")
        return
    if command == "update":
        update(sys.argv[2:])
        print("Updated the catalogues; now translate the empty msgstr lines.")
    missing = untranslated()
    for line in missing:
        print(line)
    if command == "check" and missing:
        sys.exit(1)


if __name__ == "__main__":
    main()
