from enum import StrEnum


class MemberRecommendationsShelf(StrEnum):
    OFFERS = "offers"
    PRODUCTS = "products"

    def __str__(self) -> str:
        return str(self.value)
