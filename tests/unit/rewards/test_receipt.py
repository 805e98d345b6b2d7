from __future__ import annotations

from datetime import UTC, datetime

from loyalty.rewards.receipt import ReceiptData, format_money, printable, render


def receipt(**overrides: object) -> ReceiptData:
    values: dict[str, object] = {
        "receipt_number": "R-20261122-000042", "program_name": "Kawiarnia Łódź", "timezone": "Europe/Warsaw",
        "issued_at": datetime(2026, 11, 22, 20, 5, tzinfo=UTC), "member_name": "Zażółć Gęślą", "member_id": 7,
        "reward_name": "Kubek z Łodzi", "kind": "physical", "status": "requested", "points": 1500,
        "unit": "points", "money_minor": 1999, "currency": "PLN",
        "delivery_address": ["ul. Piotrkowska 1", "90-001 Łódź", "PL"],
    }
    values.update(overrides)
    return ReceiptData(**values)  # type: ignore[arg-type]


def test_letters_outside_the_built_in_font_get_their_nearest_latin_spelling() -> None:
    assert printable("Łódź") == "Lódz"
    assert printable("Zażółć gęślą jaźń") == "Zazólc gesla jazn"
    assert printable("Москва") == "Moskva"
    assert printable("Café “crème” – 5€") == 'Café "crème" - 5EUR'
    assert printable("日本") == "??"
    assert printable("a\nb\x07c") == "a bc"


def test_money_is_shown_in_the_currency_major_unit() -> None:
    assert format_money(1999, "PLN") == "19.99 PLN"
    assert format_money(500, "JPY") == "500 JPY"
    assert format_money(123456, "EUR") == "1,234.56 EUR"


def test_a_receipt_with_polish_names_renders_every_field() -> None:
    pdf = render(receipt(code="PARTNER-0001"))
    assert pdf.startswith(b"%PDF-")
    for text in (b"Kawiarnia L\xf3dz", b"Kubek z Lodzi", b"R-20261122-000042", b"2026-11-22 21:05 \\(Europe/Warsaw\\)",
                 b"Zaz\xf3lc Gesla \\(no. 7\\)", b"1,500 points", b"19.99 PLN", b"PARTNER-0001", b"90-001 L\xf3dz"):
        assert text in pdf, text
    # The metadata keeps the exact Unicode subject (UTF-16, hex-encoded).
    assert "Kubek z Łodzi".encode("utf-16-be").hex().encode() in pdf.lower()


def test_a_receipt_without_money_says_so_and_shows_cashback_and_cause() -> None:
    pdf = render(receipt(kind="cashback", status="completed", money_minor=0, cashback_minor=250,
                         cashback_currency="PLN", delivery_address=[]))
    assert b"(none)" in pdf and b"2.50 PLN" in pdf and b"Cashback credited" in pdf
    donated = render(receipt(kind="donation", money_minor=0, cause_name="Schronisko", delivery_address=[]))
    assert b"Schronisko" in donated and b"Charity donation" in donated
