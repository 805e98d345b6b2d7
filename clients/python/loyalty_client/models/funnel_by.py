from enum import StrEnum


class FunnelBy(StrEnum):
    CATEGORY = "category"
    PRODUCT = "product"
    SOURCE = "source"

    def __str__(self) -> str:
        return str(self.value)
