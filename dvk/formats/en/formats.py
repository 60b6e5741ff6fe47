"""English interface: the same dd/mm/yyyy dates as the Vietnamese one, as the province writes them; a decimal point."""

# Django's format lookup reads these names off this module: the dates are the Vietnamese interface's own.
from dvk.formats.vi.formats import (  # noqa: F401
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    NUMBER_GROUPING,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
)

# Numbers as English writes them (dvk.numbers.number_text, floatformat): 15.5, 1,234.5.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
