"""What ships inside the package: the default model, the seed notices, the data files."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]
# folders that sit outside the package in the repository, and where (for a checkout, or an editable install)
_OUTSIDE = {"_models": "models", "_seeds": "seeds"}


def package_path(folder: str, *names: str) -> Path:
    """A folder shipped with the package (``"_models"``, ``"_seeds"`` or ``"data"``), or a file in it.

    Examples
    --------
    >>> package_path("data", "lexicon.tsv").name
    'lexicon.tsv'
    """
    root = _PACKAGE / folder
    if not root.is_dir() and folder in _OUTSIDE:
        root = _PACKAGE.parent / _OUTSIDE[folder]
    return root.joinpath(*names)
