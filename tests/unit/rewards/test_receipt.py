from __future__ import annotations

from datetime import UTC, datetime

from loyalty.rewards.receipt import ReceiptData, format_money, printable, render
from tests.pdf import pdf_subject, pdf_text


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


def test_names_print_as_written_and_letters_the_font_lacks_fall_back() -> None:
    assert printable("Zażółć gęślą jaźń") == "Zażółć gęślą jaźń"
    assert printable("Москва, Αθήνα, Київ") == "Москва, Αθήνα, Київ"
    assert printable("Café “crème” – 5€") == "Café “crème” – 5€"
    assert printable("日本 😀") == "?? ?"
    assert printable("a\nb\x07c") == "a bc"


def test_money_is_shown_in_the_currency_major_unit() -> None:
    assert format_money(1999, "PLN") == "19.99 PLN"
    assert format_money(500, "JPY") == "500 JPY"
    assert format_money(123456, "EUR") == "1,234.56 EUR"


def test_a_receipt_with_polish_names_renders_every_field() -> None:
    pdf = render(receipt(code="PARTNER-0001"))
    text = pdf_text(pdf)
    for expected in ("Kawiarnia Łódź", "Reward Kubek z Łodzi", "R-20261122-000042", "2026-11-22 21:05 (Europe/Warsaw)",
                     "Zażółć Gęślą (no. 7)", "1,500 points", "19.99 PLN", "PARTNER-0001", "90-001 Łódź"):
        assert expected in text, expected
    assert pdf_subject(pdf) == "Kubek z Łodzi - Kawiarnia Łódź"


def test_a_cyrillic_name_prints_in_cyrillic() -> None:
    text = pdf_text(render(receipt(member_name="Олена Шевченко", program_name="Кав'ярня")))
    assert "Олена Шевченко (no. 7)" in text and "Кав'ярня" in text


def test_a_receipt_without_money_says_so_and_shows_cashback_and_cause() -> None:
    text = pdf_text(render(receipt(kind="cashback", status="completed", money_minor=0, cashback_minor=250,
                                   cashback_currency="PLN", delivery_address=[])))
    assert "Money part none" in text and "Cashback credited 2.50 PLN" in text
    donated = pdf_text(render(receipt(kind="donation", money_minor=0, cause_name="Schronisko", delivery_address=[])))
    assert "Donated to Schronisko" in donated and "Charity donation" in donated
