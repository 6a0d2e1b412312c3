"""PDFs as word processors lay them out: reading order from the characters' positions, lines at a
page's edges, fonts the machine does not have, and the signs of disorder named with their page.

The PDFs are set by hand with reportlab, line by line, in the project's own words. Their fonts are not
embedded: STSong-Light (one of the Adobe CJK fonts a PDF may name without embedding) and Helvetica (one of
the 14 standard fonts) — the case in which the machine's fonts could matter; pdfium supplies Helvetica
itself and the reader gives STSong-Light a box font when the machine has no Chinese font, so these tests
pass with or without one (``test_the_text_is_the_same_without_a_chinese_font`` shows it on any machine).
"""

import io
import subprocess
import sys
import warnings
from itertools import groupby

import pytest

import rectify_nlp
from rectify_nlp.reading._fidelity import Laid, disorder
from rectify_nlp.reading._source import read_text
from conftest import ROOT, SEED_FILES

SONG, LATIN = "STSong-Light", "Helvetica"
SIZE, PITCH, LEFT, TOP = 12, 20, 72, 760
INDENT = "\u3000\u3000"  # a line that starts with it is set two characters in


def _canvas(out):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont(SONG))
    return Canvas(out, pagesize=A4)


def _furniture(canvas, number, furniture):
    width, height = canvas._pagesize
    canvas.setFont(SONG, 10)
    if furniture == "header and page number":
        canvas.drawCentredString(width / 2, height - 40, "某某区委巡察工作领导小组办公室")
    if furniture != "none":
        canvas.drawCentredString(width / 2, 30, f"— {number} —")


def _set(canvas, k, line, fonts=lambda ch: SONG, overprint=False):
    """Line ``k`` of a page, one font at a time as LibreOffice writes it: the runs of Chinese text, then
    the line's Latin characters (quote marks, digits) as one text object, each moved over its own place."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    body = line.removeprefix(INDENT)
    x, runs, y = LEFT + SIZE * 2 * (body != line), [], TOP - k * PITCH
    for font, chars in groupby(body, key=fonts):
        text = "".join(chars)
        runs.append((font, x, text))
        x += stringWidth(text, font, SIZE)
    for font, x, text in runs:
        if font == SONG:
            canvas.setFont(font, SIZE)
            for dx in (0, 0.3) if overprint else (0,):
                canvas.drawString(x + dx, y, text)
    latin = [(x, text) for font, x, text in runs if font == LATIN]
    if latin:
        canvas.setFont(LATIN, SIZE)  # the font in the page's resources
        shown, pen = [], latin[0][0]
        for x, text in latin:
            moved = round((pen - x) * 1000 / SIZE)
            escaped = "".join(f"\\{byte:03o}" for byte in text.encode("cp1252"))  # Helvetica's WinAnsi codes
            shown.append(f"{moved} ({escaped})" if shown else f"({escaped})")
            pen = x + stringWidth(text, LATIN, SIZE)
        name = canvas._doc.getInternalFontName(LATIN)
        canvas._code.append(f"BT {name} {SIZE} Tf {latin[0][0]} {y} Td [{' '.join(shown)}] TJ ET")


def _pages(pages, furniture="header and page number", **how) -> bytes:
    out = io.BytesIO()
    canvas = _canvas(out)
    for number, lines in enumerate(pages, 1):
        _furniture(canvas, number, furniture)
        for k, line in enumerate(lines):
            _set(canvas, k, line, **how)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


# Each heading's last character is carried to a line of its own: at the top of pages 2 and 3 (the same
# line at the same place on half the pages, as a running header would be) and at the bottom of page 3.
CARRIED = [
    [f"{INDENT}一、关于“理论学习走深走实不够”问题的整改情况",
     f"{INDENT}(一)制定年度学习计划,围绕重点任务明确学习专题,每月组织",
     "集中学习一次,班子成员轮流领学并交流体会。",
     f"{INDENT}二、关于“基层党组织建设还有短板弱项”问题的整改情"],
    ["况",
     f"{INDENT}(一)开展软弱涣散党组织排查,逐个制定整顿方案,明确责任人",
     "和完成时限,年底前全部完成整顿。",
     f"{INDENT}三、关于“干部队伍结构不够优化合理”问题的整改情"],
    ["况",
     f"{INDENT}(一)制定干部队伍建设规划,分层分类建立优秀年轻干部名单,",
     "每年选派一批干部到基层一线锻炼。",
     f"{INDENT}四、关于“作风建设仍需持续用力加强”问题的整改情",
     "况"],
    [f"{INDENT}(一)开展作风问题专项整治,对发现的问题建立台账逐项销号,",
     "每季度通报整治进展。"],
]


def _paragraphs(pages):
    """What the reader should give: each paragraph on one line."""
    text = ""
    for line in (line for page in pages for line in page):
        text += ("\n" if line.startswith(INDENT) and text else "") + line.removeprefix(INDENT)
    return text.splitlines()


@pytest.mark.parametrize("furniture", ["header and page number", "page number only", "none"])
def test_a_one_character_line_at_a_page_edge_is_kept(furniture):
    text, _ = read_text(_pages(CARRIED, furniture))
    assert text.splitlines() == _paragraphs(CARRIED)
    assert text.count("整改情况") == 4


@pytest.mark.parametrize("furniture", ["header and page number", "none"])
def test_a_line_of_the_text_is_kept_whatever_it_says(furniture):
    # the running header's words set as the first line of the text on every page
    pages = [[f"{INDENT}某某区委巡察工作领导小组办公室", f"{INDENT}一、关于“学习不够”问题的整改情况",
              f"{INDENT}(一)制定学习计划。"]] * 3
    text, _ = read_text(_pages(pages, furniture))
    assert text.splitlines() == _paragraphs(pages)


# Paragraphs spaced apart by an empty line and not indented, as LibreOffice lays out a .txt: a wrapped
# line may start with what reads as an enumerator (问题8个。), and a heading may start a page.
SPACED = [
    ["一、关于“督查检查不够有力”问题的整改情况", "",
     "一是强化效能督查,围绕重点任务开展专项督查,推动解决各领域重难点",
     "问题8个。二是严格责任追究,对推进不力的单位及时通报批评,督促",
     "整改落实到位。", "",
     "二、关于“学习教育不够深入”问题的整改情况", "",
     "一是制定学习计划,每月组织集中学习一次,班子成员轮流领学并交流",
     "体会,学习情况纳入年度考核,年底前对学习成效进行一次全面评估。"],
    ["三、关于“制度执行不够严格”问题的整改情况", "",
     "一是修订议事规则,规范议题提交和会议记录,按季度检查执行情况,",
     "发现问题及时纠正。"],
]


def test_paragraphs_spaced_apart_break_at_the_gaps_and_at_a_page_break():
    text, _ = read_text(_pages(SPACED, "page number only"))
    assert text.splitlines() == ["".join(lines) for lines in (
        SPACED[0][:1], SPACED[0][2:5], SPACED[0][6:7], SPACED[0][8:], SPACED[1][:1], SPACED[1][2:])]


def _latin(ch):
    return LATIN if ch in "“”" or ch.isascii() else SONG


MIXED = [[f"{INDENT}一、关于“政治理论学习不够深入”问题的整改情况",
          f"{INDENT}一是树牢“四个意识”,2023年以来开展专题学习12次,覆盖“关键",
          "少数”全部班子成员。二是落实“第一议题”制度,全年传达学习45次。",
          f"{INDENT}二、关于“调查研究不够扎实”问题的整改情况"]]


def test_fonts_switched_mid_line_read_in_order():
    text, _ = read_text(_pages(MIXED, "page number only", fonts=_latin))  # quote marks, digits drawn after
    assert text.splitlines() == _paragraphs(MIXED)


def test_characters_drawn_twice_on_one_spot_count_once():
    text, _ = read_text(_pages(MIXED, "page number only", overprint=True))  # bold made by overprinting
    assert text.splitlines() == _paragraphs(MIXED)


# A machine without a font for pdfium to find: every lookup comes back empty. Run in a fresh interpreter,
# since pdfium keeps one font lookup per process.
WITHOUT_FONTS = """
import ctypes, sys
from pypdfium2 import raw
empty = raw.FPDF_SYSFONTINFO(version=1)
kinds = dict(raw.FPDF_SYSFONTINFO._fields_)
kept = [kinds[name](lambda *args, result=result: result) for name, result in (
    ("Release", None), ("EnumFonts", None), ("MapFont", None), ("GetFont", None), ("GetFontData", 0),
    ("GetFaceName", 0), ("GetFontCharset", 0), ("DeleteFont", None))]
for (name, _), callback in zip(raw.FPDF_SYSFONTINFO._fields_[1:], kept):
    setattr(empty, name, callback)
data = open(sys.argv[1], "rb").read()
if sys.argv[2] == "pdfium":  # pdfium's own text, without the reader's box font
    import pypdfium2
    raw.FPDF_SetSystemFontInfo(ctypes.byref(empty))
    doc = pypdfium2.PdfDocument(data)
    print("\\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
else:
    from rectify_nlp.reading import _fonts
    from rectify_nlp.reading._pdf import pdf_to_text
    _fonts.install(empty)
    print(pdf_to_text(data))
"""


def test_the_text_is_the_same_without_a_chinese_font(tmp_path):
    path = tmp_path / "carried.pdf"
    path.write_bytes(_pages(CARRIED, fonts=_latin))

    def bare(how):
        run = subprocess.run([sys.executable, "-c", WITHOUT_FONTS, str(path), how], capture_output=True,
                             text=True, encoding="utf-8", cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, timeout=120)
        assert run.returncode == 0, run.stderr
        return run.stdout

    # without a font, pdfium skips a text object holding one character: the lines of "况" are gone
    assert [line for line in bare("pdfium").splitlines() if line.strip() == "况"] == []
    assert bare("reader").splitlines() == read_text(path)[0].splitlines() == _paragraphs(CARRIED)


def _warnings(source):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rectify_nlp.parse(source)
    return [str(w.message) for w in caught if issubclass(w.category, rectify_nlp.ParseWarning)]


def test_signs_of_disorder_name_their_page():
    def laid(*lines):
        paragraph = Laid(lines[0][0], [(0, lines[0][1])])
        for text, page in lines[1:]:
            paragraph.add(text, page)
        return paragraph

    found = disorder([
        laid(("一是树牢四个意识“ ”,坚定“创新驱动”战略。", 3)),
        laid(("围绕三大目标”,坚定不移推进,", 4), ("完成“三次创业”。", 5)),
        laid(("一是完善制度,加强监督检查,按月通报。", 6), ("问题2:监督不到位", 7)),
        laid(("(一)制定计划。问题2:监督不到位", 7)),
        laid(("况", 8)),
        laid(("二、关于“学习不够”问题的整改情况", 9), ("(一)制定学习计划。", 9)),
    ])
    assert [w.split(":")[0] for w in found] == ["pages 3, 4", "page 7", "page 8"]
    assert "quote marks out of order (first at “一是树牢四个意识“ ”" in found[0]
    assert "a heading inside a paragraph" in found[1] and "a line of one character" in found[2]


def test_the_seeds_own_paragraphs_show_no_sign_of_disorder():
    for path in SEED_FILES:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert disorder([Laid(line, [(0, 1)]) for line in lines]) == [], path.name


def test_a_sign_of_disorder_is_a_parse_warning_naming_the_page():
    pages = [[f"{INDENT}一、关于“学习不够”问题的整改情况", f"{INDENT}(一)制定学习计划,围绕重点任务明确学习专题,每月组织",
              "集中学习一次。"], [f"{INDENT}附"], [f"{INDENT}(二)开展专题研讨,班子成员轮流领学并交流", "体会。"]]
    said = [w.split(": ", 1)[1] for w in _warnings(_pages(pages)) if ": page" in w]
    assert said == ["page 2: a line of one character (first at “附”); the text read from the PDF may not follow "
                    "the page there"]
    assert not [w for w in _warnings(_pages(CARRIED)) if ": page" in w]
