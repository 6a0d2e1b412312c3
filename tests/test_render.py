"""The visual report: every measure on the page, escaped text, and the page in a real browser."""

import os
import re
import shutil
import subprocess
import tempfile
import warnings

import lxml.html
import pytest
from click.testing import CliRunner

import rectify_nlp
from rectify_nlp.cli import main
from conftest import ROOT, SEED_FILES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0"]


def marks(page: str) -> list:
    return lxml.html.document_fromstring(page).xpath("//mark[contains(concat(' ', @class, ' '), ' rn-measure ')]")


def test_every_measure_is_on_the_page_once_with_its_tags():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        notices = [rectify_nlp.load()(path) for path in SEED_FILES[:2]]
    page = rectify_nlp.render(notices)
    found = marks(page)
    measures = [m for n in notices for m in n.measures]
    assert [(e.get("data-measure"), e.text_content(), e.get("data-category"), e.get("data-status")) for e in found] \
        == [(m.id, m.text, m.category, m.status) for m in measures]
    assert all(n.title or n.id in page for n in notices) and page.count("<ol class='rn-index'>") == 1
    assert rectify_nlp.render(notices[0], page=False)._repr_html_().startswith("<div class='rn'>")


def test_notice_text_is_escaped():
    notice = rectify_nlp.parse("一、关于“<b>标签</b> & 符号”问题的整改情况\n(一)清理<script>alert(1)</script>代码。")
    page = rectify_nlp.render(notice)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert [e.text_content() for e in marks(page)] == ["(一)清理<script>alert(1)</script>代码。"]


def _has_a_font() -> bool:
    """Whether the machine has a font for the browser to draw the page with."""
    fc_list = shutil.which("fc-list")
    return bool(fc_list and subprocess.run([fc_list], capture_output=True, text=True).stdout.strip())


@pytest.mark.skipif((CHROMIUM is None or not _has_a_font()) and not os.environ.get("CI"),
                    reason="needs Debian's chromium and a font (apt-get install chromium fonts-dejavu-core); CI installs them")
def test_the_report_in_headless_chromium(tmp_path):
    assert CHROMIUM and _has_a_font(), "CI must have chromium and a font: .ci/run installs them"
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["render", str(ROOT / "seeds"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    profile = tempfile.mkdtemp()
    loaded = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", out.as_uri()],
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert not re.search(r"CONSOLE\(\d+\)|Uncaught", loaded.stderr), loaded.stderr[-2000:]
    assert len(marks(loaded.stdout)) == 442
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1200,1600",
                    f"--screenshot={shot}", out.as_uri()], capture_output=True, timeout=120, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    shutil.rmtree(profile, ignore_errors=True)


def test_hovering_a_measure_shows_the_evidence_of_its_tags():
    notice = rectify_nlp.load()("一、关于“制度不全”问题的整改情况\n(一)落实三会一课制度,管理办法正在起草。")
    [mark] = marks(rectify_nlp.render(notice))
    tip = mark.get("title")
    assert "because: cue 三会一课" in tip
    assert "status in_progress (cue)" in tip and "because: cue progressive “正在” 34–36" in tip
