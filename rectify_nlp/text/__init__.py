"""Text: bytes decoded to the normalised text every offset refers to, and its simplified view.

``_decode`` decodes and normalises (and shows a file name that is not UTF-8), ``_script`` maps traditional
characters to simplified ones one for one, so that one set of patterns reads both scripts.
"""

from ._decode import decode, normalise, readable
from ._script import to_simplified

__all__ = ["decode", "normalise", "readable", "to_simplified"]
