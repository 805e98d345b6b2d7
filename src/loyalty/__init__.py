"""loyalty: a self-hostable loyalty and customer-engagement platform."""

__version__ = "0.1.0"
