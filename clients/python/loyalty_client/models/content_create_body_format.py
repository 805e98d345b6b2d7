from enum import StrEnum


class ContentCreateBodyFormat(StrEnum):
    MARKDOWN = "markdown"
    PLAIN = "plain"

    def __str__(self) -> str:
        return str(self.value)
