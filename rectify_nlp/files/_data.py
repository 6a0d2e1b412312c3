"""What ships inside the package: the default model, the seed notices, the data files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]
# the folders that sit outside the package in the repository, and where (for a checkout not installed)
_OUTSIDE = {"_models": "models", "_seeds": "seeds"}


def package_path(folder: str, *names: str) -> Path:
    """A folder shipped with the package (``"_models"``, ``"_seeds"`` or ``"data"``), or a file in it.

    Examples
    --------
    >>> package_path("data", "lexicon.tsv").name
    'lexicon.tsv'
    """
    if folder not in _OUTSIDE:
        return _PACKAGE.joinpath(folder, *names)
    try:
        root = Path(str(resources.files(f"rectify_nlp.{folder}")))
    except ModuleNotFoundError:  # running from a source checkout without installing
        root = _PACKAGE.parent / _OUTSIDE[folder]
    return root.joinpath(*names)
