"""Names for demo members: common Polish and English first and last names.

Polish surnames ending in -ski/-cki/-dzki take the feminine -ska/-cka/-dzka form for women,
as they do on real ID cards.
"""

from __future__ import annotations

import unicodedata

POLISH_FEMALE = (
    "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Magdalena",
    "Elżbieta", "Joanna", "Aleksandra", "Monika", "Zofia", "Natalia", "Julia", "Karolina", "Marta",
    "Beata", "Dorota", "Paulina", "Justyna", "Weronika", "Alicja", "Hanna", "Zuzanna", "Oliwia", "Maja",
    "Lena", "Wiktoria",
)
POLISH_MALE = (
    "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub", "Adam", "Łukasz",
    "Marek", "Grzegorz", "Mateusz", "Wojciech", "Mariusz", "Dariusz", "Zbigniew", "Jerzy", "Kamil",
    "Maciej", "Rafał", "Szymon", "Bartosz", "Kacper", "Filip", "Jan", "Antoni", "Stanisław", "Józef",
    "Dawid",
)
POLISH_SURNAMES = (
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
    "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Wojciechowski",
    "Kwiatkowski", "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski", "Zając", "Pawłowski", "Michalski",
    "Król", "Wieczorek", "Jabłoński", "Wróbel", "Nowakowski", "Majewski", "Olszewski", "Stępień",
    "Malinowski", "Jaworski", "Adamczyk", "Dudek", "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak",
)
ENGLISH_FEMALE = (
    "Emma", "Olivia", "Sophie", "Charlotte", "Amelia", "Emily", "Grace", "Lucy", "Hannah", "Chloe",
    "Isabella", "Jessica", "Sarah", "Laura", "Rachel",
)
ENGLISH_MALE = (
    "James", "Oliver", "Jack", "Harry", "George", "Thomas", "William", "Daniel", "Samuel", "Joseph",
    "David", "Michael", "Matthew", "Benjamin", "Ryan",
)
ENGLISH_SURNAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
    "Murphy", "O'Brien", "Kelly", "Hughes", "Edwards",
)

# RFC 2606 domains: nobody receives mail sent to a demo member by mistake.
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")

# Polish mobile ranges that libphonenumber accepts as valid mobile numbers.
POLISH_MOBILE_PREFIXES = ("50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88")

# Where members have their rewards delivered: common street names, and each store's city with
# the first two digits of its postal codes.
STREETS = (
    "Długa", "Krótka", "Polna", "Leśna", "Słoneczna", "Lipowa", "Ogrodowa", "Szkolna", "Kwiatowa", "Łąkowa",
    "Mickiewicza", "Kościuszki", "Sienkiewicza", "Słowackiego", "Kopernika", "Piłsudskiego", "Chopina",
    "Żeromskiego", "Reymonta", "Konopnickiej", "Kasztanowa", "Brzozowa", "Wiosenna", "Spacerowa",
)
CITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "WAW-01": ("Warszawa", ("00", "01", "02", "03", "04")),
    "KRK-01": ("Kraków", ("30", "31")),
    "GDN-01": ("Gdańsk", ("80",)),
    "WRO-01": ("Wrocław", ("50", "51", "52", "53", "54")),
    "POZ-01": ("Poznań", ("60", "61")),
}

_FOLD = str.maketrans({"ł": "l", "Ł": "L"})


def feminine_surname(surname: str) -> str:
    for masculine, feminine in (("dzki", "dzka"), ("cki", "cka"), ("ski", "ska")):
        if surname.endswith(masculine):
            return surname[: -len(masculine)] + feminine
    return surname


def ascii_slug(text: str) -> str:
    """'Łukasz Wiśniewski' -> 'lukaszwisniewski': what people type in an e-mail address."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(char for char in decomposed.lower() if "a" <= char <= "z")
