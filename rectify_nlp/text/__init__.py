"""Text: bytes decoded to the normalised text every offset refers to, and its simplified view.

``_decode`` decodes and normalises (pinyin inserted by mirror sites removed; a file name that is not UTF-8
shown readably), ``_script`` maps traditional
characters to simplified ones one for one, so that one set of patterns reads both scripts.
"""

from ._decode import decode, normalise, readable, strip_pinyin
from ._script import to_simplified

__all__ = ["decode", "normalise", "readable", "strip_pinyin", "to_simplified"]
