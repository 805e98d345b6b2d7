from enum import StrEnum


class ContentReadStatus(StrEnum):
    ARCHIVED = "archived"
    PUBLISHED = "published"

    def __str__(self) -> str:
        return str(self.value)
