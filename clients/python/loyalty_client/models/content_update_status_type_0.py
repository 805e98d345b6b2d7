from enum import StrEnum


class ContentUpdateStatusType0(StrEnum):
    ARCHIVED = "archived"
    PUBLISHED = "published"

    def __str__(self) -> str:
        return str(self.value)
