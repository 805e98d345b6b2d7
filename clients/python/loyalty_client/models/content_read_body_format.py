from enum import StrEnum


class ContentReadBodyFormat(StrEnum):
    MARKDOWN = "markdown"
    PLAIN = "plain"

    def __str__(self) -> str:
        return str(self.value)
