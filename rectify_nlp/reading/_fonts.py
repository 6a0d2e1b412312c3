"""Fonts a PDF neither embeds nor finds on the machine: a box for every character, so none is lost.

pdfium measures a character by its glyph in the font it finds for it. A Chinese font that
the PDF does not embed (reportlab's STSong-Light, which names the Adobe-GB1 character
collection) is looked up among the machine's fonts; on a machine without a Chinese font
there is no glyph, the character has no width, and a text object holding one character
alone (the last character of a paragraph wrapped onto a line of its own) is skipped by
pdfium's text page: the character is lost. :func:`install` wraps pdfium's own font lookup:
what the machine has is used as before, and a font of a script pdfium's built-in fonts do
not cover (Chinese, Japanese, Korean…) that the machine lacks gets a box font instead,
whose one glyph is a full em square mapped from every code point. Widths still come from
the PDF, so positions are the same with the box font as with a real one. A font that names
no collection (``Identity``) may reach the lookup without a script and then get no box font;
no such PDF has been tried.

The wrapper is installed once per process, for every pdfium document opened after it; it
changes nothing for fonts the machine has.
"""

from __future__ import annotations

import ctypes
import struct

# charsets (Windows codes, as pdfium passes them) that its built-in Latin fonts serve
_BUILT_IN = {0, 1, 2}  # ANSI, default, symbol
_FACE = b"RectifyBox\0"
_installed: list = []  # the structures and callbacks pdfium points to, kept alive


def box_font() -> bytes:
    """A TrueType font with one glyph, an em square (1000 units, 880 above the baseline), for every
    code point outside the surrogates (a format 13 cmap: many code points to one glyph)."""
    ascent, descent, em = 880, -120, 1000
    # glyph 1: one contour of four on-curve points, coordinates as 16-bit deltas
    box = struct.pack(">hhhhhHHBBBB4h4h", 1, 0, descent, em, ascent, 3, 0, 1, 1, 1, 1,
                      0, 0, em, 0, descent, ascent - descent, 0, descent - ascent)
    tables = {
        b"cmap": struct.pack(">HHHHI", 0, 1, 3, 10, 12)
        + struct.pack(">HHIII", 13, 0, 16 + 12 * 2, 0, 2)
        + struct.pack(">III", 0x20, 0xD7FF, 1) + struct.pack(">III", 0xE000, 0x10FFFF, 1),
        b"glyf": box,
        b"head": struct.pack(">IIIIHHQQhhhhHHhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 0, em, 0, 0,
                             0, descent, em, ascent, 0, 8, 2, 0, 0),
        b"hhea": struct.pack(">IhhhHhhhhhh4hhH", 0x10000, ascent, descent, 0, em, 0, 0, em, 1, 0, 0,
                             0, 0, 0, 0, 0, 2),
        b"hmtx": struct.pack(">HhHh", em, 0, em, 0),
        b"loca": struct.pack(">HHH", 0, 0, len(box) // 2),
        b"maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x10000, 2, 4, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0),
    }
    offset = 12 + 16 * len(tables)
    directory, data = b"", b""
    for tag, table in sorted(tables.items()):
        directory += struct.pack(">4sIII", tag, 0, offset + len(data), len(table))
        data += table + bytes(-len(table) % 4)
    power = 1 << (len(tables).bit_length() - 1)
    return struct.pack(">IHHHH", 0x10000, len(tables), 16 * power, power.bit_length() - 1,
                       16 * (len(tables) - power)) + directory + data


class _WithBoxFont:
    """The callbacks of an ``FPDF_SYSFONTINFO``: the machine's lookup first, the box font for what it lacks."""

    def __init__(self, machine):
        self.machine, self.file = machine, box_font()
        self.data = ctypes.create_string_buffer(self.file, len(self.file))
        self.handle = ctypes.addressof(self.data)  # an address no font of the machine's lookup can have

    def _ask(self, name: str, *args):
        return getattr(self.machine, name)(ctypes.byref(self.machine), *args)

    def map_font(self, this, weight, italic, charset, pitch, face, exact):
        found = self._ask("MapFont", weight, italic, charset, pitch, face, exact)
        return found or (None if charset in _BUILT_IN else self.handle)

    def font_data(self, this, font, table, buffer, size):
        if font != self.handle:
            return self._ask("GetFontData", font, table, buffer, size)
        if table:  # pdfium asks for the whole file (table 0), not for single tables
            return 0
        if buffer and size >= len(self.file):
            ctypes.memmove(buffer, self.data, len(self.file))
        return len(self.file)

    def face_name(self, this, font, buffer, size):
        if font != self.handle:
            return self._ask("GetFaceName", font, buffer, size)
        if buffer and size >= len(_FACE):
            ctypes.memmove(buffer, _FACE, len(_FACE))
        return len(_FACE)

    def charset(self, this, font):
        return 1 if font == self.handle else self._ask("GetFontCharset", font)

    def delete(self, this, font):
        if font != self.handle:
            self._ask("DeleteFont", font)

    def callbacks(self) -> dict:
        return {
            "Release": lambda this: None,  # the process keeps both lookups to its end
            "EnumFonts": lambda this, mapper: self._ask("EnumFonts", mapper),
            "MapFont": self.map_font,
            "GetFont": lambda this, face: self._ask("GetFont", face),
            "GetFontData": self.font_data,
            "GetFaceName": self.face_name,
            "GetFontCharset": self.charset,
            "DeleteFont": self.delete,
        }


def install(machine=None) -> None:
    """Wrap pdfium's font lookup (once): the box font for a font of another script the machine lacks.

    ``machine`` is the lookup to wrap (an ``FPDF_SYSFONTINFO``), by default pdfium's own, which
    searches the machine's font folders; another one shows what a machine with other fonts reads.
    """
    if _installed:
        return
    from pypdfium2 import raw

    lookup = _WithBoxFont(machine if machine is not None else raw.FPDF_GetDefaultSystemFontInfo().contents)
    info, kinds = raw.FPDF_SYSFONTINFO(version=1), dict(raw.FPDF_SYSFONTINFO._fields_)
    _installed.extend([lookup, info])
    for name, function in lookup.callbacks().items():
        _installed.append(kinds[name](function))
        setattr(info, name, _installed[-1])
    raw.FPDF_SetSystemFontInfo(ctypes.byref(info))
