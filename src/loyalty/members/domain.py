"""Pure member rules: normalizing identifiers, generating codes and numbers.

No database here: the service feeds these plain values and persists what they return.
Validation failures raise ValueError with a message for people; the schemas turn it into
a 422 naming the field.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from random import Random
from typing import Any, Protocol

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from loyalty.kernel import luhn

# No 0/O or 1/I: a code read aloud or typed from a receipt survives the trip.
REFERRAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERRAL_CODE_LENGTH = 8
CARD_NUMBER_LENGTH = 16
MAX_ATTRIBUTES = 50
MAX_ATTRIBUTE_KEY_LENGTH = 64
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

_system_random = secrets.SystemRandom()

# ISO 3166-1 alpha-2, officially assigned codes.
_ISO_COUNTRIES = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
COUNTRY_CODES = frozenset(_ISO_COUNTRIES.split())

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def normalize_email(value: str) -> str:
    """The address as stored and compared: validated, whitespace trimmed, lower-cased."""
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from error
    return result.normalized.lower()


def normalize_phone(value: str) -> str:
    """E.164 (`+48601234567`) from any spacing or punctuation of an international number."""
    text = value.strip()
    if not text.startswith("+"):
        raise ValueError("phone must be in international form with a leading + and country code, "
                         "e.g. +48 601 234 567")
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"phone {value!r} is not a phone number") from error
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"phone {value!r} is not a valid number for its country")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def search_phone(text: str, default_region: str | None) -> str | None:
    """The E.164 number a person typed in any common way (`+48 601 234 567`, `0048601234567`,
    `(601) 234-567` with the program's country), or None when it is not a valid phone number."""
    text = text.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    if not re.fullmatch(r"\+?[\d\s().\-/]{6,30}", text):
        return None
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def locale_region(locale: str | None) -> str | None:
    """The country of a locale such as `pl-PL` or `en_GB` (None for a bare language)."""
    parts = re.split(r"[-_]", locale or "")
    region = parts[-1].upper() if len(parts) > 1 else ""
    return region if len(region) == 2 and region.isalpha() else None


def normalize_card_number(value: str) -> str:
    """Digits as typed or scanned, without the spaces and dashes printed for readability."""
    return re.sub(r"[\s-]", "", value)


def is_valid_card_number(number: str) -> bool:
    return luhn.is_valid(number)


def normalize_language(value: str) -> str:
    """A BCP 47-style tag in its usual case: `pt_br` becomes `pt-BR`, `zh-hant` `zh-Hant`."""
    text = value.strip().replace("_", "-")
    if len(text) > 16 or not _LANGUAGE_TAG.match(text):
        raise ValueError(f"preferred_language {value!r} is not a language tag such as en, pl or pt-BR")
    language, *subtags = text.split("-")
    cased = [language.lower()]
    for subtag in subtags:
        if len(subtag) == 2 and subtag.isalpha():
            cased.append(subtag.upper())
        elif len(subtag) == 4 and subtag.isalpha():
            cased.append(subtag.title())
        else:
            cased.append(subtag.lower())
    return "-".join(cased)


def normalize_country(value: str) -> str:
    code = value.strip().upper()
    if code not in COUNTRY_CODES:
        raise ValueError(f"country {value!r} is not an ISO 3166-1 alpha-2 code such as PL or DE")
    return code


def check_birth_date(value: date, today: date) -> date:
    if value > today:
        raise ValueError("birth_date cannot be in the future")
    if value < EARLIEST_BIRTH_DATE:
        raise ValueError("birth_date cannot be before 1900-01-01")
    return value


def birth_month_day(value: date | None) -> str | None:
    """"MM-DD", the key the birthday job looks members up by."""
    return None if value is None else f"{value.month:02d}-{value.day:02d}"


def check_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    if len(attributes) > MAX_ATTRIBUTES:
        raise ValueError(f"attributes may hold at most {MAX_ATTRIBUTES} keys, got {len(attributes)}")
    for key in attributes:
        if not key or len(key) > MAX_ATTRIBUTE_KEY_LENGTH:
            raise ValueError(f"attribute keys must be 1 to {MAX_ATTRIBUTE_KEY_LENGTH} characters: {key[:80]!r}")
    return attributes


def merge_attributes(current: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """JSON merge patch on one level: a key set to null is removed, others are set."""
    merged = dict(current)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def generate_referral_code(rng: Random = _system_random) -> str:
    return "".join(rng.choice(REFERRAL_ALPHABET) for _ in range(REFERRAL_CODE_LENGTH))


def generate_card_number(prefix: str, length: int = CARD_NUMBER_LENGTH, rng: Random = _system_random) -> str:
    """`prefix` + random digits + a Luhn check digit, `length` digits in all."""
    if not prefix.isdigit():
        raise ValueError(f"card prefix must be digits, got {prefix!r}")
    random_digits = length - len(prefix) - 1
    if random_digits < 1:
        raise ValueError(f"card prefix {prefix!r} leaves no room for random digits in {length}")
    payload = prefix + str(rng.randrange(10**random_digits)).zfill(random_digits)
    return payload + luhn.check_digit(payload)



class Named(Protocol):
    """A member as a name is made of (the table's row or a read schema)."""

    @property
    def id(self) -> int: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def external_id(self) -> str | None: ...


def display_name(member: Named) -> str:
    """How staff and the member see a member named: the name, else the e-mail, the phone, the
    shop's id, and as a last resort the number (`#12`), so nobody is shown as a blank."""
    name = " ".join(part for part in (member.first_name, member.last_name) if part)
    return name or member.email or member.phone or member.external_id or f"#{member.id}"
