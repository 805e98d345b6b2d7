from enum import StrEnum


class RecommendationReadSource(StrEnum):
    POPULAR = "popular"
    SIMILAR = "similar"

    def __str__(self) -> str:
        return str(self.value)
