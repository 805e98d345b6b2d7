"""The demo shop: a coffee & grocery chain in five Polish cities and an e-shop.

Prices are in grosze (PLN minor units) at 2025 Warsaw prices; `popularity` is the relative
chance a product lands in a basket, so café drinks and bread dominate as they do at a till.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    name: str
    category: str
    price_minor: int
    popularity: float
    # Drinks made at the counter cannot be ordered from the e-shop.
    in_store_only: bool = False


@dataclass(frozen=True, slots=True)
class Store:
    code: str
    name: str
    # Share of the in-store traffic: the Warsaw flagship is the busiest.
    traffic: float


STORES: tuple[Store, ...] = (
    Store("WAW-01", "Warszawa Centrum", 0.34),
    Store("KRK-01", "Kraków Rynek", 0.22),
    Store("GDN-01", "Gdańsk Wrzeszcz", 0.16),
    Store("WRO-01", "Wrocław Rynek", 0.15),
    Store("POZ-01", "Poznań Stary Rynek", 0.13),
)

CATEGORIES = ("coffee", "bakery", "dairy", "produce", "beverages", "household", "personal-care", "snacks")

PRODUCTS: tuple[Product, ...] = (
    # coffee: counter drinks and retail beans
    Product("COF-ESP", "Espresso", "coffee", 1000, 6.0, in_store_only=True),
    Product("COF-AME", "Americano", "coffee", 1200, 7.0, in_store_only=True),
    Product("COF-CAP", "Cappuccino", "coffee", 1500, 10.0, in_store_only=True),
    Product("COF-LAT", "Caffè latte", "coffee", 1600, 9.0, in_store_only=True),
    Product("COF-FLW", "Flat white", "coffee", 1600, 6.0, in_store_only=True),
    Product("COF-MOC", "Mocha", "coffee", 1700, 3.0, in_store_only=True),
    Product("COF-CBR", "Cold brew", "coffee", 1700, 3.0, in_store_only=True),
    Product("COF-B250", "Coffee beans Brazil 250 g", "coffee", 3999, 2.5),
    Product("COF-B1K", "Coffee beans house blend 1 kg", "coffee", 11999, 0.8),
    Product("COF-G500", "Ground coffee 500 g", "coffee", 3499, 2.0),
    # bakery
    Product("BAK-CRO", "Butter croissant", "bakery", 650, 8.0),
    Product("BAK-PCH", "Pain au chocolat", "bakery", 750, 4.0),
    Product("BAK-CIN", "Cinnamon roll", "bakery", 900, 4.0),
    Product("BAK-SDL", "Sourdough loaf", "bakery", 1699, 4.0),
    Product("BAK-RYE", "Rye bread", "bakery", 949, 3.5),
    Product("BAK-KAI", "Kaiser roll", "bakery", 99, 6.0),
    Product("BAK-BAG", "Baguette", "bakery", 599, 3.0),
    Product("BAK-DRO", "Drożdżówka z serem", "bakery", 450, 3.0),
    Product("BAK-PAC", "Pączek with rose jam", "bakery", 420, 3.0),
    # dairy
    Product("DAI-MLK", "Milk 2% 1 l", "dairy", 429, 6.0),
    Product("DAI-OAT", "Oat drink 1 l", "dairy", 999, 3.0),
    Product("DAI-BUT", "Butter 82% 200 g", "dairy", 799, 4.0),
    Product("DAI-YOG", "Natural yoghurt 400 g", "dairy", 449, 3.5),
    Product("DAI-TWA", "Twaróg półtłusty 250 g", "dairy", 599, 3.0),
    Product("DAI-CHD", "Cheddar 200 g", "dairy", 1199, 2.0),
    Product("DAI-EGG", "Free-range eggs 10 pcs", "dairy", 1299, 4.0),
    Product("DAI-KEF", "Kefir 400 g", "dairy", 349, 2.0),
    # produce
    Product("PRO-BAN", "Bananas 1 kg", "produce", 699, 4.0),
    Product("PRO-APL", "Apples Ligol 1 kg", "produce", 499, 4.0),
    Product("PRO-TOM", "Tomatoes 1 kg", "produce", 1299, 3.0),
    Product("PRO-CUC", "Cucumbers 1 kg", "produce", 799, 2.5),
    Product("PRO-AVO", "Avocado", "produce", 499, 2.5),
    Product("PRO-LEM", "Lemons 3 pcs", "produce", 499, 2.0),
    Product("PRO-SAL", "Salad mix 150 g", "produce", 899, 2.0),
    Product("PRO-POT", "Potatoes 2 kg", "produce", 799, 2.0),
    # beverages
    Product("BEV-WAT", "Mineral water 1.5 l", "beverages", 249, 5.0),
    Product("BEV-SPK", "Sparkling water 0.5 l", "beverages", 299, 3.0),
    Product("BEV-OJ", "Orange juice 1 l", "beverages", 899, 2.5),
    Product("BEV-COL", "Cola 0.5 l", "beverages", 549, 3.0),
    Product("BEV-TEA", "Green tea 20 bags", "beverages", 1199, 1.5),
    Product("BEV-KOM", "Kombucha 330 ml", "beverages", 1299, 1.5),
    Product("BEV-ENE", "Energy drink 250 ml", "beverages", 699, 2.0),
    Product("BEV-HCH", "Hot chocolate", "beverages", 1400, 2.0, in_store_only=True),
    # household
    Product("HOU-DSH", "Dish soap 900 ml", "household", 999, 1.5),
    Product("HOU-LAU", "Laundry detergent 2.5 l", "household", 4999, 0.8),
    Product("HOU-PTW", "Paper towels 2 rolls", "household", 1299, 1.2),
    Product("HOU-TP8", "Toilet paper 8 rolls", "household", 1999, 1.2),
    Product("HOU-BAG", "Trash bags 35 l", "household", 999, 1.0),
    Product("HOU-SPO", "Sponges 5 pcs", "household", 699, 0.8),
    Product("HOU-CLN", "All-purpose cleaner 750 ml", "household", 1199, 1.0),
    # personal care
    Product("PER-TPA", "Toothpaste 75 ml", "personal-care", 1299, 1.2),
    Product("PER-SHA", "Shampoo 400 ml", "personal-care", 1999, 1.0),
    Product("PER-SHG", "Shower gel 500 ml", "personal-care", 1499, 1.0),
    Product("PER-HCR", "Hand cream 75 ml", "personal-care", 1599, 0.8),
    Product("PER-DEO", "Deodorant 150 ml", "personal-care", 1799, 0.8),
    Product("PER-RAZ", "Razor blades 4 pcs", "personal-care", 3999, 0.4),
    # snacks
    Product("SNA-CHO", "Dark chocolate 70% 100 g", "snacks", 799, 3.0),
    Product("SNA-CRI", "Crisps sea salt 150 g", "snacks", 749, 2.5),
    Product("SNA-NUT", "Salted cashews 150 g", "snacks", 1299, 1.5),
    Product("SNA-GRA", "Granola bar", "snacks", 499, 2.5),
    Product("SNA-COO", "Oat cookies 200 g", "snacks", 999, 2.0),
    Product("SNA-GUM", "Gummy bears 175 g", "snacks", 599, 1.5),
    Product("SNA-RIC", "Rice cakes 130 g", "snacks", 449, 1.0),
)

PRODUCTS_BY_SKU: dict[str, Product] = {product.sku: product for product in PRODUCTS}
