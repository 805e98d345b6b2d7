from enum import StrEnum


class ContentUpdateBodyFormatType0(StrEnum):
    MARKDOWN = "markdown"
    PLAIN = "plain"

    def __str__(self) -> str:
        return str(self.value)
