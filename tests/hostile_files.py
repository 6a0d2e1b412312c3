"""Files made to hurt a reader, built here in a few lines each: Word packages with a chosen main part
(nested, damaged, numbered from far away, or unpacking to much more than they weigh) and PDFs with a
chosen page tree and content stream. ``tests/`` and ``benchmarks/`` build their hostile inputs with them."""

from __future__ import annotations

import io
import zipfile
import zlib

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
HEADING = "一、关于“学习不够”问题的整改情况"
MEASURE = "(一)制定学习计划。"


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def document(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'


def docx(body: str, parts: dict[str, str | bytes] | None = None) -> bytes:
    """A Word package whose main part holds ``body``; ``parts`` adds (or replaces) parts by name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", document(body))
        for name, data in (parts or {}).items():
            package.writestr(name, data)
    return out.getvalue()


def docx_nested(depth: int) -> bytes:
    """A notice whose paragraphs sit ``depth`` content controls deep."""
    inner = paragraph(HEADING) + paragraph(MEASURE)
    return docx("<w:sdt><w:sdtContent>" * depth + inner + "</w:sdtContent></w:sdt>" * depth)


def docx_numbered_from(start: int) -> bytes:
    """A notice whose list is numbered in lower-case letters from ``start``."""
    numbering = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                 '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"'
            ' Target="numbering.xml"/></Relationships>')
    item = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>制定计划。</w:t></w:r></w:p>'
    return docx(paragraph(HEADING) + item, {"word/numbering.xml": numbering, "word/_rels/document.xml.rels": rels})


def docx_damaged_deflate() -> bytes:
    """A notice whose main part's deflate stream is damaged in the middle (its header intact)."""
    data = bytearray(docx(paragraph(HEADING) + paragraph(MEASURE) * 200))
    start = data.index(b"word/document.xml") + len("word/document.xml")
    for i in range(start + 40, start + 60):
        data[i] ^= 0x55
    return bytes(data)


def docx_misplaced_directory() -> bytes:
    """A notice whose package's end record places its central directory past where it is, so that zipfile
    seeks before the file's start."""
    import struct

    data = bytearray(docx(paragraph(HEADING) + paragraph(MEASURE)))
    end = data.rindex(b"PK\x05\x06")
    struct.pack_into("<I", data, end + 16, struct.unpack_from("<I", data, end + 16)[0] + 200)
    return bytes(data)


def docx_bomb(unpacked: int, chunk: int = 1 << 20) -> bytes:
    """A Word package whose main part unpacks to ``unpacked`` bytes of XML (spaces inside a paragraph)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package, \
            package.open("word/document.xml", "w", force_zip64=True) as part:
        head = document("<w:p><w:r><w:t>").split("<w:t>")[0].encode() + b"<w:t>"
        part.write(head)
        spaces, written = b" " * chunk, len(head)
        while written < unpacked:
            part.write(spaces[:unpacked - written])
            written += min(chunk, unpacked - written)
        part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def pdf(content: bytes, *, kids: str = "3 0 R", compress: bool = True) -> bytes:
    """A one-page PDF drawing ``content`` (its content stream, deflated if ``compress``) in Helvetica;
    ``kids`` is what its page tree names."""
    stream = zlib.compress(content, 9) if compress else content
    return pdf_objects(stream, kids=kids, flate=compress)


def pdf_objects(stream: bytes, *, kids: str = "3 0 R", flate: bool = True) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count 1 >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        (f"<< /Length {len(stream)}{' /Filter /FlateDecode' if flate else ''} >>\nstream\n").encode()
        + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_bomb(unpacked: int, chunk: int = 1 << 20) -> bytes:
    """A PDF whose content stream unpacks to ``unpacked`` bytes of drawing operators."""
    unit = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n"
    block = unit * (chunk // len(unit))
    packer, parts, written = zlib.compressobj(9), [], 0
    while written < unpacked:
        parts.append(packer.compress(block))
        written += len(block)
    parts.append(packer.flush())
    return pdf_objects(b"".join(parts))
