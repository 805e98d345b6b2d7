"""Money in integer minor units: how many digits each currency's minor unit has.

Amounts are never floats: 12.34 EUR is `1234` with currency "EUR"; 500 JPY is `500`.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

# ISO 4217's currencies in circulation (list one, 2025), without the precious metals, the
# IMF's units and the testing codes: what a shop may keep its prices in.
_ISO_4217_CODES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP
    BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
    FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES
    KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
    MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF
    SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD
    TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
"""
ISO_4217: frozenset[str] = frozenset(_ISO_4217_CODES.split())

# ISO 4217 currencies whose minor unit is not the usual hundredth.
_ZERO_DIGITS = ("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                "VND", "VUV", "XAF", "XOF", "XPF")
_THREE_DIGITS = ("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND")
_FOUR_DIGITS = ("CLF", "UYW")

MINOR_DIGITS: dict[str, int] = {
    **dict.fromkeys(_ZERO_DIGITS, 0),
    **dict.fromkeys(_THREE_DIGITS, 3),
    **dict.fromkeys(_FOUR_DIGITS, 4),
}
DEFAULT_MINOR_DIGITS = 2


def minor_units(currency: str) -> int:
    """Digits after the decimal point in `currency` (EUR 2, JPY 0, KWD 3)."""
    return MINOR_DIGITS.get(currency.upper(), DEFAULT_MINOR_DIGITS)


def minor_per_major(currency: str) -> int:
    """How many minor units make one major unit (EUR 100, JPY 1, KWD 1000)."""
    return 10 ** minor_units(currency)


def to_major(minor: int, currency: str) -> Decimal:
    """The exact decimal amount: 1234 EUR -> Decimal('12.34')."""
    return Decimal(minor).scaleb(-minor_units(currency))


def format_money(minor: int, currency: str) -> str:
    """A locale-neutral rendering for messages and logs: '12.34 EUR', '-0.05 EUR', '500 JPY'."""
    digits = minor_units(currency)
    sign = "-" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10 ** digits)
    if digits == 0:
        return f"{sign}{whole} {currency.upper()}"
    return f"{sign}{whole}.{fraction:0{digits}d} {currency.upper()}"


def points_value_minor(points: int, point_value: Decimal, currency: str) -> int:
    """What `points` are worth in the currency's minor units at `point_value` per point, rounded
    down (a member is never promised more than the points pay for)."""
    value = Decimal(points) * point_value * (Decimal(10) ** minor_units(currency))
    return int(value.to_integral_value(rounding=ROUND_FLOOR))
