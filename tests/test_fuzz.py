"""Fuzzing what the library reads: any str, any bytes, HTML tag soup, mutated seeds, hostile Word and
PDF files, invisible characters, dates, label files of any shape, and spreadsheet cells.

The property for a notice source: ``read_notices`` returns notices whose every node's offsets hold,
and the default tagger tags them, or one of the library's own errors is raised; nothing else. For a
label file: ``read_labels`` and ``check_labels`` give records, issues or a ``LabelError``. For a
spreadsheet cell: what is written never starts a formula and reads back as it was given.
``benchmarks/fuzz.py`` runs the same strategies on ten thousands of inputs; here a modest,
derandomised number keeps CI fast and deterministic.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from collections import Counter
from functools import lru_cache
from pathlib import Path

import hostile_files
from conftest import SEED_FILES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rectify_nlp
from rectify_nlp import RectifyError
from rectify_nlp.labels import check_labels

CI = settings(max_examples=120, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SEED_LINES = [p.read_text(encoding="utf-8").splitlines() for p in SEED_FILES]
NOTICE_WORDS = ["一、", "(一)", "1.", "(1)", "问题1:", "①", "一是", "二是", "关于“学习不够”问题", "的整改情况",
                "整改措施:", "已完成", "持续推进", "下一步", "联系电话:", "某某局党组关于巡察整改情况的通报",
                "现将整改情况予以公布。", "。", ",", "\n", " ", "|", "1" * 30, "挽回", "万元", "3个问题已完成整改"]


def offset_violations(notice) -> list[str]:
    """Every node whose offsets do not hold in ``notice.text`` (empty when all hold)."""
    text, found = notice.text, []

    def span(what, start, end):
        if not 0 <= start <= end <= len(text):
            found.append(f"{what}: {start}-{end} outside 0-{len(text)}")

    for m in notice.measures:
        span("measure", m.start, m.end)
        if text[m.start:m.end] != m.text:
            found.append(f"measure {m.start}-{m.end}: {m.text[:20]!r} != text")
    for kind, heads in (("section", [s for top in notice.sections for s in top.walk()]), ("problem", notice.problems)):
        for h in heads:
            span(kind, h.start, h.end)
            if not (h.start <= h.heading_end <= h.end and h.start <= h.title_start <= h.title_end <= h.heading_end):
                found.append(f"{kind} {h.start}-{h.end}: heading or title outside it")
            if text[h.title_start:h.title_end] != h.title:
                found.append(f"{kind} title {h.title[:20]!r} != text[{h.title_start}:{h.title_end}]")
    for name, s in [("opening", notice.opening)] + [("dropped", d) for d in notice.dropped] \
            + [(f"total {k}", s) for k, s in notice.total_spans.items()]:
        if s is not None:
            span(name, s.start, s.end)
    if notice.title is not None and notice.title not in text:
        found.append(f"title {notice.title[:20]!r} not in the text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        found.append("the text cannot be written as UTF-8")
    return found


REFUSED = Counter()
"""Inputs a check found refused by one of the library's errors, by kind (``benchmarks/fuzz.py`` counts them)."""


@lru_cache(maxsize=1)
def _tagger():
    return rectify_nlp.load()


def check(source) -> list[str]:
    """Read and tag ``source``: the offset violations, ``[]`` if refused by one of the library's errors.
    Any other exception propagates (a crash)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            notices = rectify_nlp.read_notices(source)
        except RectifyError as err:
            assert "\n" not in str(err), f"a library error spans lines: {err}"
            REFUSED["notice"] += 1
            return []
        _tagger().tag(notices)
    return [v for n in notices for v in offset_violations(n)] + \
        [f"measure {m.id} untagged" for n in notices for m in n.measures if not (m.category and m.status)]


def check_label_file(file: tuple[str, bytes]) -> list[str]:
    """Read and check a label file ``(suffix, bytes)``: ``[]`` if it reads or is refused by a LabelError, or
    what is wrong with the records it gave. Any other exception propagates (a crash)."""
    suffix, data = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"labels{suffix}"
        path.write_bytes(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            issues, _ = check_labels(path, seeds=folder)
            try:
                records = rectify_nlp.read_labels(path)
            except RectifyError as err:
                assert "\n" not in str(err), f"a library error spans lines: {err}"
                REFUSED["label file"] += 1
                return []
    wrong = [f"record {r.get('_line')}: text {type(r.get('text')).__name__}" for r in records
             if not isinstance(r.get("text"), str)]
    for r in records:
        try:
            json.dumps({k: v for k, v in r.items() if not k.startswith("_")}, ensure_ascii=False).encode("utf-8")
        except (UnicodeEncodeError, TypeError, ValueError) as err:
            wrong.append(f"record {r.get('_line')} cannot be written: {err}")
    return wrong + [f"an issue spans lines: {i}" for i in issues if "\n" in str(i)]


def check_cell(text: str) -> list[str]:
    """A text written as a CSV cell and read back: what is wrong (starting a formula, or changed)."""
    from rectify_nlp.tables import from_csv_cell
    from rectify_nlp.tables._cells import FORMULA_STARTS, csv_cell

    cell = csv_cell(text)
    found = [f"{cell[:20]!r} starts a formula"] if cell.startswith(FORMULA_STARTS) else []
    return found + ([f"{text[:20]!r} read back as {from_csv_cell(cell)[:20]!r}"] if from_csv_cell(cell) != text else [])


# --- strategies ------------------------------------------------------------------------------

any_text = st.text(st.characters(codec=None, exclude_categories=()), min_size=1, max_size=300)  # surrogates too
notice_like_text = st.lists(st.sampled_from(NOTICE_WORDS) | st.text(max_size=8), min_size=1, max_size=60).map("".join)
any_bytes = st.binary(min_size=1, max_size=600)
encoded_text = st.tuples(notice_like_text, st.sampled_from(["utf-8", "gb18030", "big5", "utf-16", "latin-1"])).map(
    lambda t: t[0].encode(t[1], "replace"))

_TAGS = ["p", "div", "span", "b", "table", "tr", "td", "br", "h1", "script", "style", "html", "body", "li", "a"]
_html_piece = st.one_of(
    st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(["<!-- x -->", "<!--", "-->", "<!DOCTYPE html>", "<?xml version='1.0'?>", "<?pi x?>",
                     "&amp;", "&#12290;", "&nbsp;", "&bogus;", "&#xD800;", "<", ">", "<p class='a", "<![CDATA[x]]>"]),
    st.sampled_from(NOTICE_WORDS),
)
tag_soup = st.lists(_html_piece, min_size=1, max_size=80).map(lambda parts: "<html><body>" + "".join(parts))


@st.composite
def deep_nesting(draw):
    depth = draw(st.integers(1, 1000))
    tag = draw(st.sampled_from(["div", "span", "p", "td", "b"]))
    closed = draw(st.booleans())
    inner = draw(st.lists(st.sampled_from(NOTICE_WORDS), min_size=1, max_size=10).map("".join))
    return f"<html><body>{f'<{tag}>' * depth}<p>一、关于“X”问题的整改</p><p>{inner}</p>" \
           f"{f'</{tag}>' * depth if closed else ''}</body></html>"


_ENUMERATORS = ["一、", "(一)", "1.", "(1)", "①", "问题1", "一是", "二是", "十一、", "(十)", ""]


@st.composite
def mutated_seed(draw):
    lines = list(draw(st.sampled_from(SEED_LINES)))
    for _ in range(draw(st.integers(1, 12))):
        if not lines:
            break
        k = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "enumerator", "cut"]))
        if action == "delete":
            del lines[k]
        elif action == "duplicate":
            lines.insert(k, lines[k])
        elif action == "insert":
            lines.insert(k, draw(st.sampled_from(NOTICE_WORDS) | st.sampled_from(lines)))
        elif action == "enumerator":
            lines[k] = draw(st.sampled_from(_ENUMERATORS)) + lines[k].lstrip("一二三四五六七八九十()、.0123456789")
        else:
            lines[k] = lines[k][:draw(st.integers(0, len(lines[k])))]
    return "\n".join(lines) or "。"


INVISIBLE = ["\u2060", "\u00ad", "\u200b", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
             "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\ufe0f", "\ufe0e", "\ufeff", "\x80", "\x85", "\x9c",
             "\x9f", "\U000e0041", "\ufffe", "\uffff", "\u180e"]


@st.composite
def invisible_characters(draw):
    """A seed with invisible or control characters put at the starts of lines and anywhere else."""
    lines = list(draw(st.sampled_from(SEED_LINES)))
    for _ in range(draw(st.integers(1, 40))):
        k = draw(st.integers(0, len(lines) - 1))
        char = draw(st.sampled_from(INVISIBLE)) * draw(st.integers(1, 3))
        at = 0 if draw(st.booleans()) else draw(st.integers(0, len(lines[k])))
        lines[k] = lines[k][:at] + char + lines[k][at:]
    return "\n".join(lines)


_YEAR = st.one_of(st.integers(0, 9999).map(lambda y: f"{y:04d}"), st.integers(0, 99999).map(str),
                  st.sampled_from(["今", "明", "去", "本", ""]))
_DATE = st.one_of(
    st.tuples(_YEAR, st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]}年{t[1]}月{t[2]}日"),
    st.tuples(_YEAR, st.integers(0, 99)).map(lambda t: f"{t[0]}年{t[1]}月底前"),
    _YEAR.map(lambda y: f"{y}年底前"), _YEAR.map(lambda y: f"截至{y}年6月"),
    st.tuples(st.integers(0, 99999), st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
    st.tuples(st.integers(0, 9999), st.text("0123456789", min_size=1, max_size=6)).map(lambda t: f"{t[0]}年{t[1]}日"),
)


@st.composite
def dated_notice(draw):
    """A notice whose publication line, measures and signature hold dates of any year, month and day."""
    dates = draw(st.lists(_DATE, min_size=4, max_size=4))
    measures = "".join(f"({n})制定学习计划,{d}完成{draw(st.sampled_from(['。', ',已完成。', ',持续推进。']))}\n"
                       for n, d in zip("一二三", dates[1:]))
    return (f"某某局党组关于巡察整改进展情况的通报\n发布时间:{dates[0]}\n一、关于“学习不够”问题的整改情况\n{measures}"
            f"某某局党组\n{dates[-1]}")


nested_brackets = st.tuples(st.sampled_from(["[", "{", "(", "【", "“", "<"]), st.integers(1, 3000),
                            st.sampled_from(NOTICE_WORDS)).map(lambda t: t[0] * t[1] + "\n一、关于问题\n(一)" + t[2])

_DOCX_PIECES = [hostile_files.paragraph(w) for w in ("一、关于“学习不够”问题的整改情况", "(一)制定学习计划。", "已完成。")] + [
    "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", "<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>",
    "<w:ins>", "</w:ins>", '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    "<w:r><w:t>制定计划。</w:t></w:r></w:p>", "<w:p><w:r><w:txbxContent>", "</w:txbxContent></w:r></w:p>", "<w:p>"]


@st.composite
def hostile_docx(draw):
    """A Word package: nested elements, lists numbered from anywhere, a damaged or cut package."""
    depth = draw(st.integers(0, 1500))
    body = "<w:sdt><w:sdtContent>" * depth + "".join(draw(st.lists(st.sampled_from(_DOCX_PIECES), max_size=30))) \
        + "</w:sdtContent></w:sdt>" * depth
    start = draw(st.one_of(st.integers(-5, 40000), st.integers(0, 10**18), st.just("x")))
    data = bytearray(hostile_files.docx_numbered_from(start) if draw(st.booleans()) else hostile_files.docx(body))
    for _ in range(draw(st.integers(0, 4))):
        data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
    return bytes(data[:draw(st.integers(len(data) // 2, len(data)))] if draw(st.booleans()) else data)


_PDF_CONTENT = st.lists(st.sampled_from([b"BT /F1 12 Tf 72 720 Td (text) Tj ET\n", b"q 1 0 0 1 0 0 cm Q\n",
                                         b"BT /F9 12 Tf (x) Tj ET\n", b"(((((", b"<< /A [", b"0 0 612 792 re f\n",
                                         b"BT /F1 1e300 Tf 1e300 0 Td (x) Tj ET\n"]), max_size=40).map(b"".join)


@st.composite
def hostile_pdf(draw):
    """A PDF: a page tree naming what is not a page, odd drawing operators, damaged or cut bytes."""
    kids = draw(st.sampled_from(["3 0 R", "5 0 R", "1 0 R", "2 0 R", "9 0 R", "3 0 R 3 0 R", "", "3 0 R 4 0 R"]))
    data = bytearray(hostile_files.pdf(draw(_PDF_CONTENT), kids=kids, compress=draw(st.booleans())))
    for _ in range(draw(st.integers(0, 4))):
        data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
    return bytes(data[:draw(st.integers(len(data) // 2, len(data)))] if draw(st.booleans()) else data)


@lru_cache(maxsize=None)
def _seed_document(kind: str) -> bytes:
    """The head of a seed notice as a Word file (python-docx) or a PDF (reportlab's built-in Chinese font)."""
    import io

    lines = [line for line in SEED_LINES[1] if line.strip()][:30]
    out = io.BytesIO()
    if kind == "docx":
        from docx import Document

        doc = Document()
        for line in lines:
            doc.add_paragraph(line)
        doc.save(out)
    else:
        from xml.sax.saxutils import escape

        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.platypus import Paragraph, SimpleDocTemplate

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK")
        SimpleDocTemplate(out).build([Paragraph(escape(line), style) for line in lines])
    return out.getvalue()


@st.composite
def mutated_document(draw):
    """A seed's Word or PDF file with bytes flipped, runs of bytes overwritten or the end cut off."""
    data = bytearray(_seed_document(draw(st.sampled_from(["docx", "pdf"]))))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        if draw(st.booleans()):
            data[at] ^= draw(st.integers(1, 255))
        else:
            data[at:at + 16] = draw(st.binary(min_size=16, max_size=16))
    return bytes(data[:draw(st.integers(len(data) // 2, len(data)))] if draw(st.integers(0, 4)) == 0 else data)


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
                     | st.sampled_from(["label_category", "label_status", "other", "completed", "text", "../x"]),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                         st.sampled_from(["data", "text", "notice", "annotations", "result", "value", "start", "end",
                                          "labels", "choices", "from_name", "id", "measures", "category", "status",
                                          "was_cancelled", "updated_at", "problem", "path"]), inner, max_size=6),
                     max_leaves=30)


@st.composite
def label_file(draw):
    """A label file of any form and shape: Label Studio exports and JSONL of random JSON, tables of random cells."""
    kind = draw(st.sampled_from([".json", ".jsonl", ".csv", ".xlsx"]))
    if kind == ".json":
        task = {"data": {"text": "一、关于问题\n(一)制定计划。", "notice": draw(_JSON)},
                "annotations": [{"result": [{"from_name": "label_category", "value": {"start": 7, "end": 15,
                                                                                       "labels": ["other"]}}]}]}
        data = json.dumps(draw(st.sampled_from([[task], [draw(_JSON)], draw(_JSON)])), ensure_ascii=draw(
            st.booleans()), allow_nan=True)
        return kind, data.encode("utf-8", "surrogatepass")
    if kind == ".jsonl":
        records = draw(st.lists(st.one_of(_JSON, st.fixed_dictionaries(
            {"text": _JSON, "category": st.sampled_from(["other", "党的建设", 3, None])}, optional={
                "notice": _JSON, "start": _JSON, "end": _JSON, "status": _JSON, "problem": _JSON})), min_size=1,
            max_size=5))
        return kind, "".join(json.dumps(r) + "\n" for r in records).encode()
    cells = st.one_of(st.text(max_size=12), st.sampled_from(["=1+1", "'=x", "@a", "-", "other", "党的建设", "text"]))
    rows = [["text", "category", "status", "notice", "start", "end"]] + draw(
        st.lists(st.lists(cells, min_size=0, max_size=7), max_size=6))
    if kind == ".csv":
        import csv
        import io

        out = io.StringIO()
        csv.writer(out).writerows(rows)
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
        return kind, out.getvalue().encode(encoding, "replace")
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append([c.translate({c: None for c in range(32)}) for c in row])
    with tempfile.TemporaryDirectory() as folder:
        book.save(Path(folder) / "t.xlsx")
        return kind, (Path(folder) / "t.xlsx").read_bytes()


cell_text = st.one_of(st.text(st.characters(codec="utf-8"), max_size=20),
                      st.tuples(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "＝"]),
                                st.text(max_size=10)).map("".join))


# name -> (strategy, check): each check returns what is wrong, [] when nothing is, and lets a crash propagate
STRATEGIES = {
    "any str": (any_text, check),
    "notice-like str": (notice_like_text, check),
    "any bytes": (any_bytes, check),
    "encoded text": (encoded_text, check),
    "tag soup": (tag_soup, check),
    "deep nesting": (deep_nesting(), check),
    "mutated seed": (mutated_seed(), check),
    "invisible characters": (invisible_characters(), check),
    "dates of any year": (dated_notice(), check),
    "nested brackets": (nested_brackets, check),
    "hostile docx": (hostile_docx(), check),
    "hostile pdf": (hostile_pdf(), check),
    "mutated Word and PDF files": (mutated_document(), check),
    "label files": (label_file(), check_label_file),
    "spreadsheet cells": (cell_text, check_cell),
}


# --- properties ------------------------------------------------------------------------------

def _test_for(name):
    strategy, checker = STRATEGIES[name]

    @CI
    @given(strategy)
    def test(source):
        assert checker(source) == []
    return test


test_any_str = _test_for("any str")
test_notice_like_str = _test_for("notice-like str")
test_any_bytes = _test_for("any bytes")
test_encoded_text = _test_for("encoded text")
test_tag_soup = _test_for("tag soup")
test_deep_nesting = _test_for("deep nesting")
test_mutated_seed = _test_for("mutated seed")
test_invisible_characters = _test_for("invisible characters")
test_dates_of_any_year = _test_for("dates of any year")
test_nested_brackets = _test_for("nested brackets")
test_hostile_docx = _test_for("hostile docx")
test_hostile_pdf = _test_for("hostile pdf")
test_mutated_documents = _test_for("mutated Word and PDF files")
test_label_files = _test_for("label files")
test_spreadsheet_cells = _test_for("spreadsheet cells")


def test_invisible_characters_change_no_structure():
    """Beyond not crashing: a seed read with invisible characters before every line is the same notice."""
    for lines in SEED_LINES:
        plain = rectify_nlp.parse("\n".join(lines))
        marked = rectify_nlp.parse("\n".join("\u2060\u202a" + line for line in lines))
        assert [m.text for m in marked.measures] == [m.text for m in plain.measures]


def test_the_invariant_check_sees_a_broken_offset():
    notice = rectify_nlp.parse("一、关于“学习不够”问题的整改情况\n(一)制定学习计划。")
    notice.measures[0].start += 1
    notice.problems[0].title_start += 1
    assert len(offset_violations(notice)) == 2
