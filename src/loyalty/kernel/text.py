"""No text the platform takes may hold a NUL character (U+0000).

PostgreSQL cannot store one (its text and jsonb types refuse it) while SQLite would, so the
two databases would disagree. Every adapter refuses it where the text comes in (the HTTP edge,
web/text_input.py; an importer reading a file), with the rule and the error here, so each names
the field at fault the same way and nothing is ever half-written.
"""

from __future__ import annotations

from dataclasses import dataclass

from loyalty.kernel.errors import Invalid

NUL = "\x00"


class NulCharacter(Invalid):
    """`where` says in words where the NUL is ("Field 'lines.0.name'", "Line 3 of the file")."""

    code = "nul_character"

    def __init__(self, where: str, *, field: str | None, line: int | None = None) -> None:
        super().__init__(f"{where} contains a NUL character (U+0000), which no text may hold: remove it.",
                         field=field, details={"line": line} if line is not None else None)


@dataclass(frozen=True)
class NulAt:
    """Where a parsed value holds a NUL: `path` (object keys and array indexes) leads to the
    string holding it, or, when `in_key`, to the object one of whose keys holds it."""

    path: tuple[str | int, ...]
    in_key: bool = False

    @property
    def field(self) -> str | None:
        """The path dotted as validation errors name fields (`lines.0.name`); None for the whole value."""
        return ".".join(str(part) for part in self.path) or None


def find_nul(value: object) -> NulAt | None:
    """The first NUL in a parsed JSON value (objects, arrays, strings, numbers, booleans, null),
    in document order, where an object's keys are looked at before the values they hold; None
    when there is none. Iterative, so no nesting is too deep for it."""
    pending: list[tuple[tuple[str | int, ...], object]] = [((), value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, str):
            if NUL in item:
                return NulAt(path)
        elif isinstance(item, dict):
            if any(isinstance(key, str) and NUL in key for key in item):
                return NulAt(path, in_key=True)
            pending.extend(((*path, key), child) for key, child in reversed(item.items()))
        elif isinstance(item, list):
            pending.extend(((*path, index), item[index]) for index in range(len(item) - 1, -1, -1))
    return None


def find_nul_line(text: str) -> int | None:
    """The line (from 1) of a text's first NUL; None when there is none."""
    at = text.find(NUL)
    return None if at < 0 else text.count("\n", 0, at) + 1


def refuse_nul(value: object, *, whole: str = "body") -> None:
    """Raise NulCharacter naming the first field of a parsed value that holds a NUL; `whole`
    names the value itself (its field when a NUL is in it, or in one of its top-level keys)."""
    found = find_nul(value)
    if found is None:
        return
    field = found.field
    if found.in_key:
        where = f"A key of field '{field}'" if field else f"A key of the {whole}"
    else:
        where = f"Field '{field}'" if field else f"The {whole}"
    raise NulCharacter(where, field=field or whole)


def refuse_nul_lines(text: str, *, field: str, name: str = "the file") -> None:
    """Raise NulCharacter naming the line of a text (a CSV file, …) that holds a NUL; `field` is
    the input the text came in (an option, the request body) and `name` how people call it."""
    line = find_nul_line(text)
    if line is not None:
        raise NulCharacter(f"Line {line} of {name}", field=field, line=line)


def refuse_nul_in(text: str, *, where: str, field: str | None) -> None:
    """Raise NulCharacter when one text (a parameter, a form field) holds a NUL."""
    if NUL in text:
        raise NulCharacter(where, field=field)
