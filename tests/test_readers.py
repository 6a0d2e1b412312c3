"""Readers for what sites publish: Word .docx and text-layer PDFs read as the same notice as the .txt;
legacy Word/WPS files and scanned PDFs refused in one line that says what to do."""

import io
import warnings
from xml.sax.saxutils import escape

import pypdfium2
import pytest
from click.testing import CliRunner

import rectify_nlp
from rectify_nlp import NoticeError
from rectify_nlp.cli import main
from rectify_nlp.reading._source import expand_paths, read_text
from conftest import seed

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def _lines(path):
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _docx(lines) -> bytes:
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _pdf(lines, indent=24, furniture=False) -> bytes:
    """A multi-page Chinese PDF with a text layer: reportlab's STSong-Light needs no font file."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def decorate(canvas, doc):  # drawn before the page's text, so first in the content stream
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 40, "中共某某区委巡察工作领导小组办公室")
        canvas.drawCentredString(A4[0] / 2, 30, f"— {doc.page} —")

    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK",
                           firstLineIndent=indent)
    out = io.BytesIO()
    pages = {"onFirstPage": decorate, "onLaterPages": decorate} if furniture else {}
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph(escape(line), style) for line in lines], **pages)
    return out.getvalue()


def _scan() -> bytes:
    """A PDF whose only page is a picture of text: no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawImage(ImageReader(Image.new("L", (200, 280), 230)), 50, 100, width=400, height=560)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _parse(source):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rectify_nlp.parse(source)


def _structure(notice):
    return [(p.ordinal, [(m.ordinal, m.text) for m in p.measures]) for p in notice.problems]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Seed 001 as .txt, .docx and .pdf (first lines indented, running header and page numbers)."""
    folder = tmp_path_factory.mktemp("readers")
    txt = seed("001")
    lines = _lines(txt)
    (folder / "notice.docx").write_bytes(_docx(lines))
    (folder / "notice.pdf").write_bytes(_pdf(lines, furniture=True))
    return {"txt": txt, "docx": folder / "notice.docx", "pdf": folder / "notice.pdf", "lines": lines}


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_word_and_pdf_give_the_problems_and_measures_of_the_txt(files, kind):
    expected, notice = _parse(files["txt"]), _parse(files[kind])
    assert len(notice.problems) == len(expected.problems) == 12
    assert len(notice.measures) == len(expected.measures) == 47
    assert _structure(notice) == _structure(expected)
    assert all(notice.text[m.start:m.end] == m.text for m in notice.measures)  # offsets refer to the extracted text
    assert notice.id == "notice" and notice.source == str(files[kind])


def test_pdf_reading_order_paragraphs_and_page_furniture(files):
    text, _ = read_text(files["pdf"])
    assert text.splitlines() == files["lines"]  # running header and "— N —" gone, wrapped lines joined
    assert len(pypdfium2.PdfDocument(files["pdf"].read_bytes())) > 3


def test_pdf_without_first_line_indents_joins_on_width_and_enumerators():
    lines = _lines(seed("002"))
    text, _ = read_text(_pdf(lines, indent=0))  # bytes: told by the %PDF signature
    assert _structure(_parse(text)) == _structure(_parse(seed("002")))


def test_bytes_are_told_by_their_signature(files):
    assert read_text(files["docx"].read_bytes())[0] == read_text(files["docx"])[0]
    with pytest.raises(NoticeError, match="legacy Office"):
        read_text(OLE2)


def test_docx_tables_numbering_revisions_and_content_controls():
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    doc = Document()
    doc.part.numbering_part.element.append(parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="(%2)"/></w:lvl>'
        '</w:abstractNum>'))
    doc.part.numbering_part.element.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text, level):
        doc.add_paragraph(text)._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    doc.add_paragraph("关于巡察整改情况的通报")
    numbered("关于“理论学习不深入”问题的整改情况", 0)
    numbered("制定学习计划。", 1)
    numbered("开展专题研讨。", 1)
    table = doc.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "序号", (0, 1): "整改措施", (1, 0): "1", (1, 1): "建立台账"}.items():
        table.cell(row, col).text = text
    numbered("关于“制度执行不严格”问题的整改情况", 0)
    edited = doc.add_paragraph("修订")
    edited._p.append(parse_xml(f'<w:ins {w} w:id="1" w:author="a"><w:r><w:t>完善制度。</w:t></w:r></w:ins>'))
    edited._p.append(parse_xml(f'<w:del {w} w:id="2" w:author="a"><w:r><w:delText>删去</w:delText></w:r></w:del>'))
    doc.element.body.insert(len(doc.element.body) - 1, parse_xml(
        f'<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>联系电话:0571-1234567</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    doc.add_paragraph("")
    out = io.BytesIO()
    doc.save(out)
    text, _ = read_text(out.getvalue())
    assert text.splitlines() == [
        "关于巡察整改情况的通报", "一、关于“理论学习不深入”问题的整改情况", "(一)制定学习计划。", "(二)开展专题研讨。",
        "序号", "整改措施", "1", "建立台账", "二、关于“制度执行不严格”问题的整改情况", "修订完善制度。",
        "联系电话:0571-1234567"]


def _one_line_error(source, match):
    with pytest.raises(NoticeError, match=match) as caught:
        read_text(source)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_legacy_word_wps_and_scanned_pdf_say_what_to_do(tmp_path):
    doc, wps, scan = tmp_path / "old.doc", tmp_path / "old.wps", tmp_path / "scan.pdf"
    doc.write_bytes(OLE2)
    wps.write_bytes(b"anything")
    scan.write_bytes(_scan())
    assert _one_line_error(doc, "legacy Word") == f"{doc}: is a legacy Word file; save it as .docx or .txt and retry"
    assert _one_line_error(str(wps), "legacy WPS").endswith("save it as .docx or .txt and retry")
    assert _one_line_error(scan, "no text layer") == (
        f"{scan}: has no text layer (a scanned PDF?); run OCR on it first, e.g. ocrmypdf, and retry")
    renamed, garbled, broken = tmp_path / "x.docx", tmp_path / "y.docx", tmp_path / "z.pdf"
    renamed.write_bytes(OLE2)
    garbled.write_bytes(b"PK\x03\x04 cut short")
    broken.write_bytes(b"%PDF-1.7\n% cut short")
    _one_line_error(renamed, "legacy Office file .or a password-protected one.; save it as .docx")
    _one_line_error(garbled, "not a readable Word .docx file")
    _one_line_error(broken, "cannot be opened as a PDF")


def test_cli_names_unreadable_files_in_one_line(tmp_path):
    doc, scan = tmp_path / "old.doc", tmp_path / "scan.pdf"
    doc.write_bytes(OLE2)
    scan.write_bytes(_scan())
    runner = CliRunner()
    for path, words in ((doc, "is a legacy Word file"), (scan, "has no text layer")):
        result = runner.invoke(main, ["parse", str(path)])
        assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
        assert result.stderr.startswith(f"rectify-nlp: error: {path}: {words}") and result.stderr.count("\n") == 1
        assert "Traceback" not in result.output
        out = tmp_path / "out.csv"
        result = runner.invoke(main, ["tag", str(path), "-o", str(out), "--no-progress"])
        # tag names a file it cannot read and goes on with the others: exit 1, as for every unreadable file
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
        assert f"rectify-nlp: skipped {path}: {words}" in result.stderr and "Traceback" not in result.output


def test_a_folder_with_a_docx_is_tagged_and_other_files_named(files, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notice.docx").write_bytes(files["docx"].read_bytes())
    (folder / "attachment.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "old.doc").write_bytes(OLE2)
    (folder / "readme.md").write_text("not a notice", encoding="utf-8")
    ignored = []
    found, errors = expand_paths([folder], ignored=ignored)
    assert found == [str(folder / "notice.docx")] and errors == []
    assert [e.source for e in ignored] == [str(folder / name) for name in ("attachment.xlsx", "old.doc", "readme.md")]

    df = rectify_nlp.tag([folder], progress=False)
    assert len(df) == 47 and set(df["notice_id"]) == {"notice"} and df.attrs["errors"] == []
    assert len(df.attrs["ignored"]) == 3
    for i in range(20):
        (folder / f"zz{i:02d}.tmp").write_bytes(b"")
    result = CliRunner().invoke(main, ["tag", str(folder), "-o", "-", "--no-progress"])
    assert result.exit_code == 0, result.output  # files passed over are named, and nothing failed
    assert result.stderr.count("rectify-nlp: ignored ") == 21  # 20 named, then a count
    assert "rectify-nlp: ignored 3 more files with other suffixes" in result.stderr
    assert f"rectify-nlp: ignored {folder / 'attachment.xlsx'}: not a notice file (.txt, .html" in result.stderr
    assert f"rectify-nlp: ignored {folder / 'old.doc'}: a legacy Word or WPS file, not read; save it as .docx" \
        in result.stderr
    assert f"rectify-nlp: ignored {folder / 'readme.md'}: not a notice file" in result.stderr
    assert len(result.stdout.splitlines()) == 47
