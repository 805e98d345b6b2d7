"""Luhn (mod 10) check digits for card numbers: catches typos at the till."""

from __future__ import annotations


def check_digit(payload: str) -> str:
    """The digit that makes `payload + digit` pass the Luhn check."""
    total = 0
    for index, char in enumerate(reversed(payload)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def is_valid(number: str) -> bool:
    return len(number) >= 2 and number.isdigit() and check_digit(number[:-1]) == number[-1]
