"""A Word .docx file to the text of a notice: one paragraph a line, in document order.

The file is read with the standard library's ``zipfile`` and lxml, not python-docx, whose
``Paragraph.text`` drops the runs inside tracked insertions (``w:ins``), smart tags and
content controls, and whose walk of the body skips content controls: government notices
made in Word or WPS have all of them. Here every ``w:p`` of the main document is a line,
in document order, however deep it sits: in tables (cell by cell, row by row), content
controls, tracked insertions and text boxes (after the paragraph that anchors them).
Tracked deletions, field codes and the fallback copies of text boxes are left out;
tabs stay tabs and a line break inside a paragraph becomes a new line. Empty paragraphs are
dropped.

Word's automatic numbering is written out as Word shows it (``一、``, ``(一)``, ``1.``), since
it is not in the text and the parser needs the enumerators: ``numbering.xml`` gives each
level's format and pattern; counters run per list and restart below a level that counts on.
Bullets are left out.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib

from lxml import etree

from .. import vocabulary
from ..errors import NoticeError
from ..files import open_package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {W + name for name in ("del", "moveFrom", "instrText", "delInstrText", "pPr", "rPr", "sectPr", "tblPr",
                               "trPr", "tcPr", "sdtPr", "sdtEndPr", "tblGrid", "footnoteReference",
                               "endnoteReference", "commentReference")} | {_FALLBACK}
_CHARS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True,
                          remove_pis=True)
# what a damaged, cut short, encrypted or foreign package raises when a part is read or parsed (ValueError:
# a central directory pointing before the file's start, which zipfile seeks to)
_DAMAGED = (zipfile.BadZipFile, zlib.error, KeyError, etree.XMLSyntaxError, OSError, EOFError, RuntimeError,
            NotImplementedError, ValueError)
MAX_NUMBER = 32767
"""The largest number Word lets a list start at; a numbering part asking more is malformed."""


def docx_to_text(data: bytes, source: str | None = None) -> str:
    """The paragraphs of a .docx file, one a line.

    Raises
    ------
    NoticeError
        If the bytes are not a Word document (a ZIP package with a main document part), or its parts
        unpack to more than :data:`~rectify_nlp.files.MAX_UNPACKED_BYTES`.
    """
    try:
        package = open_package(data, source)
        main = _target(package, "_rels/.rels", "/officeDocument") or "word/document.xml"
        body = _xml(package, main)
    except NoticeError:  # a package over a bound, refused by name
        raise
    except _DAMAGED as err:
        raise NoticeError("is not a readable Word .docx file (a damaged file, or another kind saved as "
                          ".docx?); open it in Word or WPS, save it as .docx or .txt and retry", source) from err
    if body.tag != W + "document":
        raise NoticeError("is a ZIP file but not a Word document; save the notice as .docx or .txt and retry", source)
    rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
    numbering = _Numbering(package, _target(package, rels, "/numbering", main),
                           _target(package, rels, "/styles", main))
    lines: list[str] = []
    _blocks(body, lines, numbering)
    return "\n".join(line for line in lines if line.strip())


def _xml(package: zipfile.ZipFile, name: str):
    return etree.fromstring(package.read(name), _PARSER)


def _target(package: zipfile.ZipFile, rels: str, kind: str, relative_to: str = "") -> str | None:
    """The part a relationship of ``kind`` in ``rels`` points to, or None."""
    try:
        root = _xml(package, rels)
    except _DAMAGED:
        return None
    for rel in root.iter(_REL):
        if rel.get("Type", "").endswith(kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target[1:]
            return posixpath.normpath(posixpath.join(posixpath.dirname(relative_to), target))
    return None


def _walk(element, visit) -> None:
    """Call ``visit`` on each child of ``element`` in document order; the children of what it returns (an
    element or a list of them) are visited next, before its siblings. Walked with a stack, not recursion:
    a file can nest elements as deep as it likes."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif (inner := visit(child)) is not None:
            stack.append(iter(inner))


def _blocks(element, lines: list[str], numbering: _Numbering) -> None:
    """Append the paragraphs under ``element`` in document order; a paragraph's text boxes follow it."""
    def visit(child):
        if child.tag == W + "p":
            try:
                text, boxes = [numbering.label(child)], []
            except ValueError:  # a numbering attribute that is not a number
                text, boxes = [], []
            _runs(child, text, boxes)
            lines.extend("".join(text).split("\n"))
            return [grandchild for box in boxes for grandchild in box]
        return child if isinstance(child.tag, str) and child.tag not in _SKIP else None

    _walk(element, visit)


def _runs(element, text: list[str], boxes: list) -> None:
    """The text of a paragraph's runs into ``text``; the text boxes it anchors into ``boxes``."""
    def visit(child):
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return None
        if tag == W + "t":
            text.append(child.text or "")
        elif tag in _CHARS:
            text.append(_CHARS[tag])
        elif tag == W + "txbxContent":
            boxes.append(child)
        else:
            return child
        return None

    _walk(element, visit)


def _val(element, path: str) -> str | None:
    found = element.find(path.replace("w:", W))
    return None if found is None else found.get(W + "val")


class _Numbering:
    """Labels of automatically numbered paragraphs, counted in document order."""

    def __init__(self, package: zipfile.ZipFile, numbering: str | None, styles: str | None):
        # abstract id ▸ level ▸ (start, format, pattern, suffix)
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.lists: dict[str, tuple[str, dict[int, int]]] = {}  # numId ▸ abstract id, start overrides
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}  # style ▸ numId, level, based on
        self.counts: dict[str, dict[int, int]] = {}
        self.restarted: set[str] = set()
        try:
            root = _xml(package, numbering) if numbering else None
            style_root = _xml(package, styles) if styles else None
            self._read(root, style_root)
        except (ValueError, TypeError, *_DAMAGED):  # a part missing or malformed: no labels
            self.levels, self.lists, self.styles = {}, {}, {}

    def _read(self, root, style_root) -> None:
        if root is not None:
            for abstract in root.iter(W + "abstractNum"):
                self.levels[abstract.get(W + "abstractNumId")] = {
                    int(lvl.get(W + "ilvl", "0")): (_number(_val(lvl, "w:start") or 1), _val(lvl, "w:numFmt")
                                                    or "decimal", _val(lvl, "w:lvlText") or "",
                                                    _val(lvl, "w:suff") or "tab")
                    for lvl in abstract.iter(W + "lvl")}
            for num in root.iter(W + "num"):
                overrides = {int(o.get(W + "ilvl", "0")): _number(_val(o, "w:startOverride"))
                             for o in num.iter(W + "lvlOverride") if _val(o, "w:startOverride")}
                self.lists[num.get(W + "numId")] = (_val(num, "w:abstractNumId"), overrides)
        if style_root is not None:
            for style in style_root.iter(W + "style"):
                self.styles[style.get(W + "styleId")] = (_val(style, "w:pPr/w:numPr/w:numId"),
                                                         _val(style, "w:pPr/w:numPr/w:ilvl"), _val(style, "w:basedOn"))

    def label(self, paragraph) -> str:
        """The label Word shows before ``paragraph``, counting it; '' if it has none."""
        num_id, level = _val(paragraph, "w:pPr/w:numPr/w:numId"), _val(paragraph, "w:pPr/w:numPr/w:ilvl")
        style, seen = _val(paragraph, "w:pPr/w:pStyle"), set()
        while num_id is None and style in self.styles and style not in seen:
            seen.add(style)
            num_id, style_level, style = self.styles[style]
            level = level or style_level
        if num_id not in self.lists:
            return ""
        abstract, overrides = self.lists[num_id]
        levels, level = self.levels.get(abstract, {}), int(level or 0)
        if level not in levels:
            return ""
        counts = self.counts.setdefault(abstract, {})
        if num_id not in self.restarted and overrides:
            self.restarted.add(num_id)
            counts.clear()
            counts.update({lvl: start - 1 for lvl, start in overrides.items()})
        counts[level] = counts.get(level, levels[level][0] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        _, fmt, pattern, suffix = levels[level]
        if fmt in ("bullet", "none"):
            return ""

        def number(m):
            n = int(m.group(1)) - 1
            return _format(counts.get(n, levels.get(n, (1,))[0]), levels.get(n, (1, "decimal"))[1])

        text = re.sub(r"%([1-9])", number, pattern)
        return text + ("" if suffix == "nothing" or not text or not text[-1].isalnum() else " ")


def _number(value) -> int:
    """A list's start as an int, within Word's range; ValueError for anything else."""
    number = int(value)
    if not 0 <= number <= MAX_NUMBER:
        raise ValueError(f"a list starting at {number}, outside 0-{MAX_NUMBER}")
    return number


def _format(n: int, fmt: str) -> str:
    """``n`` in a Word number format; decimal for formats not listed."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographDigital", "japaneseCounting"):
        if fmt == "ideographDigital":
            return "".join(vocabulary.CN_DIGIT_NAMES[int(d)] for d in str(n))
        return vocabulary.cn_numeral(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 1 <= n < 4000:
        roman = ""
        for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                               (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            count, n = divmod(n, value)
            roman += numeral * count
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)
