"""A refused row, raised by the step that reads it so that the run records every refusal in one place."""

from __future__ import annotations


class RowRefused(Exception):
    """A row the import refuses: the message its report gives, and the label it shows for the row."""

    def __init__(self, message: str, label: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.label = label
