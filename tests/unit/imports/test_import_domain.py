"""Reading import files without a database: headers, cells, line numbers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from loyalty.imports.domain import (
    BadValue,
    FileRefused,
    Rejections,
    decode,
    iso_moment,
    minor_units,
    parse_cells,
    read_lines,
    whole_number,
)


def test_lines_keep_the_files_own_numbers_and_skip_blank_lines() -> None:
    total, lines = read_lines("email,first_name\n\na@example.com,Ann\n\"b@example.com\",\" Bo \"\n", "members")
    read = list(lines)
    assert total == 2
    assert [(line.number, line.values) for line in read] == [
        (3, {"email": "a@example.com", "first_name": "Ann"}), (4, {"email": "b@example.com", "first_name": "Bo"})]


def test_unknown_duplicate_and_missing_columns_refuse_the_file_on_line_one() -> None:
    with pytest.raises(FileRefused) as refused:
        read_lines("receipt_id,colour,colour\nR1,red,blue\n", "purchases")
    assert [(r.line, r.field) for r in refused.value.rejections] == [
        (1, "colour"), (1, "colour"), (1, "colour"), (1, "occurred_at")]


def test_a_file_that_is_not_utf8_is_refused_naming_the_line() -> None:
    with pytest.raises(FileRefused) as refused:
        decode("email\na@example.com\nzo\u00eb@example.com\n".encode("latin-1"))
    assert refused.value.rejections[0].line == 3


def test_money_is_read_in_the_currencys_minor_units_exactly() -> None:
    assert minor_units("12.5", 2) == 1250
    assert minor_units("7", 0) == 7
    with pytest.raises(BadValue, match="more than 2 decimal places"):
        minor_units("1.005", 2)
    with pytest.raises(BadValue, match="not a decimal number"):
        minor_units("12,50", 2)


def test_moments_without_an_offset_are_the_programs_local_time() -> None:
    assert iso_moment("2024-07-01T12:00:00", "Europe/Warsaw").astimezone(UTC) == datetime(2024, 7, 1, 10, tzinfo=UTC)
    assert iso_moment("2024-07-01T12:00:00+00:00", "Europe/Warsaw") == datetime(2024, 7, 1, 12, tzinfo=UTC)
    with pytest.raises(BadValue, match="ISO 8601"):
        iso_moment("01/07/2024", "Europe/Warsaw")


def test_every_bad_cell_of_a_line_is_rejected_not_only_the_first() -> None:
    _, lines = read_lines("email,opening_balance,first_name\nx@example.com,ten,A\u0000n,extra\n", "members")
    rejections = Rejections()
    values, ok = parse_cells(next(lines), {"opening_balance": whole_number}, rejections)
    assert not ok and values == {"email": "x@example.com"}
    assert [(r.line, r.field) for r in rejections.sorted()] == [(2, "first_name"), (2, "line"), (2, "opening_balance")]
