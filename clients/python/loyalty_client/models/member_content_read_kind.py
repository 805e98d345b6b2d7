from enum import StrEnum


class MemberContentReadKind(StrEnum):
    ADVICE = "advice"
    ARTICLE = "article"
    EARLY_ACCESS = "early_access"
    OFFER = "offer"

    def __str__(self) -> str:
        return str(self.value)
