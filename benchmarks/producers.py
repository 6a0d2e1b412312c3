"""The seeds as real tools publish them, read back: are the problems, measures and tags those of the .txt?

    python benchmarks/producers.py [--seeds seeds] [--keep DIR] [--json benchmarks/results/producers.json]

Each seed notice (``seeds/*.txt``) is made into a file by each producer:

* ``libreoffice-txt-pdf``: ``soffice --convert-to pdf`` of the .txt (each line a paragraph, the seeds'
  empty lines kept);
* ``pandoc-docx``: the seed as a web page (a ``<p>`` for each line) made a .docx by ``pandoc``;
* ``pandoc-docx-libreoffice-pdf``: that .docx made a PDF by ``soffice --convert-to pdf``;
* ``chromium-pdf``: the web page printed by headless Chromium (``--print-to-pdf``) with its default
  header and footer (date, title, the file's address, ``page/pages``);
* ``gbt9704-docx-libreoffice-pdf``: a .docx laid out as Chinese official documents are in Word
  (GB/T 9704: 仿宋 body in 三号 on a 28 pt grid, 黑体 and 楷体 headings, Latin text and quote
  marks in Times New Roman, first lines indented two characters, ``— N —`` in the footer),
  written with python-docx and made a PDF by LibreOffice. Word and WPS do not run on this
  machine: this is the closest stand-in, and its PDF is LibreOffice's.

Every file is read (timed alone), parsed and tagged with the shipped model and compared with the
.txt: the problems (ordinal and title), the measures (their problem, ordinal and text, spaces
removed: a PDF keeps no space between Chinese characters) and each measure's category and status.
A file is *identical* when all of these are. The ``ParseWarning``s naming a page (signs of
disorder, ``reading/_fidelity.py``) are counted: a file that differs should have some.

Needs ``soffice`` (Debian: libreoffice-writer-nogui), ``pandoc`` and ``chromium`` on the PATH, and
python-docx (the ``test`` extra). Every producer runs offline. Writes ``results/producers.json``
(every file's counts, warnings and first differing measure); exits 1 when a file differs.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import rectify_nlp

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("soffice", "pandoc", "chromium")


def _run(command: list[str], timeout: float = 300) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)


def _soffice(files: list[Path], out: Path, profile: Path) -> None:
    """Every file converted to PDF by one headless LibreOffice, with a profile of its own."""
    _run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
          "--outdir", str(out), *map(str, files)])


def _lines(txt: Path) -> list[str]:
    return [line.strip() for line in txt.read_text(encoding="utf-8").splitlines() if line.strip()]


def _page(txt: Path, out: Path) -> Path:
    """The seed as a web page: a paragraph for each of its lines."""
    page = out / f"{txt.stem}.html"
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in _lines(txt))
    page.write_text(f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{txt.stem}</title>'
                    f"</head>\n<body>\n{body}\n</body></html>\n", encoding="utf-8")
    return page


def _pandoc_docx(page: Path, out: Path) -> Path:
    target = out / f"{page.stem}.docx"
    _run(["pandoc", str(page), "-o", str(target)])
    return target


def _chromium_pdf(page: Path, out: Path) -> Path:
    target = out / f"{page.stem}.pdf"
    _run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={out / 'chromium'}",
          f"--print-to-pdf={target}", page.as_uri()])
    return target


def _gbt9704_docx(txt: Path, out: Path) -> Path:
    """The seed as Word lays out an official document: 仿宋 body, headings in 黑体/楷体, Latin in Times."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    def font(run_or_style, east_asian: str) -> None:
        run_or_style.font.name = "Times New Roman"
        fonts = run_or_style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), east_asian)

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    body = doc.styles["Normal"]
    font(body, "仿宋_GB2312")
    body.font.size = Pt(16)
    layout = body.paragraph_format
    layout.line_spacing_rule, layout.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28)
    layout.space_before = layout.space_after = Pt(0)
    layout.first_line_indent = Pt(32)
    layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = footer.add_run()
        if kind:
            run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))
        else:
            code = run._r.makeelement(qn("w:instrText"), {})
            code.text = text
            run._r.append(code)
    footer.add_run(" —")
    lines = _lines(txt)
    title = next((line for line in lines if line.endswith("通报")), None)
    for line in lines:
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(line)
        if line == title:
            font(run, "方正小标宋简体")
            run.font.size = Pt(22)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.first_line_indent = Pt(0)
        elif re.match(r"[一二三四五六七八九十]+、", line):
            font(run, "黑体")
        elif re.match(r"[((][一二三四五六七八九十]+[))]|问题\s*\d", line):
            font(run, "楷体_GB2312")
    target = out / f"{txt.stem}.docx"
    doc.save(target)
    return target


PRODUCERS = ("libreoffice-txt-pdf", "pandoc-docx", "pandoc-docx-libreoffice-pdf", "chromium-pdf",
             "gbt9704-docx-libreoffice-pdf")


def make_files(seeds: list[Path], out: Path) -> dict[str, list[Path]]:
    """Each producer's file for every seed, under ``out/<producer>/``."""
    for name in ("html", "gbt9704-docx", *PRODUCERS):
        (out / name).mkdir(parents=True, exist_ok=True)
    profile = out / "libreoffice-profile"
    pages = [_page(txt, out / "html") for txt in seeds]
    docx = [_pandoc_docx(page, out / "pandoc-docx") for page in pages]
    word = [_gbt9704_docx(txt, out / "gbt9704-docx") for txt in seeds]
    _soffice(seeds, out / "libreoffice-txt-pdf", profile)
    _soffice(docx, out / "pandoc-docx-libreoffice-pdf", profile)
    _soffice(word, out / "gbt9704-docx-libreoffice-pdf", profile)
    for page in pages:
        _chromium_pdf(page, out / "chromium-pdf")
    files = {name: [out / name / f"{txt.stem}.pdf" for txt in seeds] for name in PRODUCERS}
    files["pandoc-docx"] = docx
    return files


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _view(notice: rectify_nlp.Notice) -> dict:
    return {
        "problems": [(p.ordinal, _squeezed(p.title)) for p in notice.problems],
        "measures": [(p.ordinal, m.ordinal, _squeezed(m.text)) for p in notice.problems for m in p.measures],
        "tags": [(m.category, m.status) for p in notice.problems for m in p.measures],
    }


def _read(tagger, path: Path) -> tuple[dict, list[str], float]:
    """The file's problems, measures and tags, the warnings naming a page, and the seconds reading took."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", rectify_nlp.ParseWarning)
        started = time.perf_counter()
        notice = rectify_nlp.read_unparsed(path)
        seconds = time.perf_counter() - started
        notice = tagger(path)
    said = [str(w.message) for w in caught if issubclass(w.category, rectify_nlp.ParseWarning)]
    return _view(notice), [message for message in said if ": page" in message], seconds


def compare(expected: dict, found: dict) -> dict:
    """Counts of what the file gives against the .txt, and the first differing measure."""
    pairs = list(zip(expected["measures"], found["measures"], expected["tags"], found["tags"]))
    return {
        "identical": found == expected,
        "problems": [len(found["problems"]), len(expected["problems"])],
        "measures": [len(found["measures"]), len(expected["measures"])],
        "measures_in_place": sum(a == b for a, b, _, _ in pairs),
        "tags_in_place": sum(a == b and x == y for a, b, x, y in pairs),
        "first_difference": next(((a[2], b[2]) for a, b, _, _ in pairs if a != b), None),
    }


def _cell(row: dict) -> str:
    if row["identical"]:
        return "yes"
    (p, p_txt), (m, m_txt) = row["problems"], row["measures"]
    return f"**no**: {p}/{p_txt} problems, {row['measures_in_place']}/{m_txt} measures in place ({m} found)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--keep", type=Path, help="make the files in this folder and keep them")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "producers.json")
    args = parser.parse_args()
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    if missing:
        sys.exit(f"producers.py needs {', '.join(missing)} on the PATH (Debian: apt-get install "
                 "libreoffice-writer-nogui pandoc chromium)")
    seeds = sorted(args.seeds.glob("*.txt"))
    versions = {tool: subprocess.run([tool, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
                for tool in TOOLS}
    rows = []
    with tempfile.TemporaryDirectory(prefix="rectify-producers-") as tmp:
        started = time.perf_counter()
        files = make_files(seeds, args.keep or Path(tmp))
        made = time.perf_counter() - started
        tagger = rectify_nlp.load()
        expected = {txt.stem: _read(tagger, txt)[0] for txt in seeds}
        for producer, paths in files.items():
            for txt, path in zip(seeds, paths):
                found, said, seconds = _read(tagger, path)
                rows.append({"producer": producer, "seed": txt.stem, **compare(expected[txt.stem], found),
                             "warnings": said, "read_ms": round(1000 * seconds)})
    print(f"{len(seeds)} seeds made into files in {made:.0f} s by {'; '.join(versions.values())}\n")
    print("| producer | " + " | ".join(txt.stem[:3] for txt in seeds) + " | identical | read (ms) | page warnings |")
    print("|---|" + "---|" * (len(seeds) + 3))
    for producer in files:
        mine = [row for row in rows if row["producer"] == producer]
        times = sorted(row["read_ms"] for row in mine)
        print(f"| {producer} | " + " | ".join(map(_cell, mine)) + f" | {sum(r['identical'] for r in mine)}/{len(mine)}"
              f" | {times[0]}–{times[-1]} | {sum(len(r['warnings']) for r in mine)} |")
    identical = sum(row["identical"] for row in rows)
    print(f"\n{identical} of {len(rows)} producer × seed files identical to the .txt")
    for row in rows:
        if row["first_difference"]:
            txt, file = row["first_difference"]
            print(f"\n{row['producer']} {row['seed'][:3]}: first differing measure\n  txt:  {txt}\n  file: {file}")
        for message in row["warnings"]:
            print(f"  {row['producer']} {row['seed'][:3]}: {message}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"versions": versions, "seconds_to_make": round(made, 1), "rows": rows},
                                    ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0 if identical == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
