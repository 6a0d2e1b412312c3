"""Reading a label source of any form, every record checked the same way whoever reads it.

A source is a file or a folder of files: JSONL (our format), a spreadsheet (CSV in
any encoding Excel saves, tab-separated text, XLSX) or a Label Studio JSON export.
``train``, ``evaluate``, ``labels check`` and ``labels stats`` all read through here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import taxonomy
from ..errors import LabelError, NoticeError
from ..files import MAX_LABEL_BYTES, plain_name, read_regular_file
from ..text import decode, readable
from ._jsonl import read_jsonl
from ._labelstudio import read_tasks
from ._tables import TABLE_SUFFIXES, read_table

FOLDER_SUFFIXES = (".jsonl", ".csv", ".tsv", ".xlsx", ".json")  # .txt in a folder is a notice text


@dataclass
class LabelIssue:
    """One problem found in a label file: where it is and how to fix it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"

    @classmethod
    def of(cls, err: LabelError) -> LabelIssue:
        where = f"{err.file}:{err.line}: " if err.line else f"{err.file}: "
        return cls(err.file, err.line, str(err).removeprefix(where))


def label_files(path: str | Path) -> list[Path]:
    """The label files of a source: the file itself, or those under a folder (any depth)."""
    path = Path(path)
    if not path.exists():
        raise LabelError("no such file or directory", file=path)
    if not path.is_dir():
        return [path]
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in FOLDER_SUFFIXES and p.is_file())
    if not files:
        raise LabelError(f"no label files ({', '.join(FOLDER_SUFFIXES)}) in this folder; give a label file "
                         "or the folder holding them", file=path)
    return files


def read_file(path: Path) -> list[dict]:
    """The records of one label file as written (labels not yet checked), each with ``_file`` and ``_line``."""
    data = read_regular_file(path, limit=MAX_LABEL_BYTES, error=lambda message, name: LabelError(message, file=name))
    if not data.strip():
        raise LabelError("the file is empty; it should hold labelled measures", file=path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES + (".json", ".jsonl"):
        raise LabelError(f"not a label file type ({suffix or 'no suffix'}); give .jsonl, .csv, .tsv, .txt, .xlsx or a "
                         "Label Studio .json (save an old .xls from Excel as .xlsx)", file=path)
    if suffix in TABLE_SUFFIXES:
        return read_table(path, data)
    try:
        text = decode(data)
    except NoticeError as err:
        raise LabelError(f"not a text file ({err}); save it as UTF-8", file=path) from err
    if suffix == ".json":
        return read_tasks(path, text)
    return read_jsonl(path, text)


def normalise_label(value, kind: str, extra: Iterable[str] = ()) -> str | None:
    """A category/status id from an id or a 中文 name; None for an empty value.

    Raises
    ------
    KeyError
        For a name that is neither, its message listing the valid ids.

    Examples
    --------
    >>> normalise_label("生态环境", "category")
    'ecology_environment'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip():
        return None
    key = str(value).strip()
    if kind == "category" and key in set(extra):
        return key
    return (taxonomy.category if kind == "category" else taxonomy.status)(key).id


def _offset(value):
    """An offset as an integer when it is one, however a spreadsheet wrote it ("12", "12.0", 12.0)."""
    try:
        number = float(value) if isinstance(value, (str, float)) else None
    except ValueError:
        return value
    return int(number) if number is not None and number.is_integer() else value


_CONTEXT_TEXT = ("problem", "section", "stated_status", "measure_id", "path", "note", "notice_text")
# what no file can hold: half of a UTF-16 pair (a broken JSON escape), and U+FFFE/U+FFFF, which XML refuses
_UNWRITABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _field_problems(record: dict) -> list[str]:
    """What is wrong with the fields around the labels: their types, characters no file can hold, and a notice
    id that is not a plain file name (it names the notice's files)."""
    problems = []
    for key in _CONTEXT_TEXT:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(f"{key} is {type(value).__name__}, not text; give it as text or leave it out")
    for key, value in record.items():
        if isinstance(value, str) and not key.startswith("_") and (bad := _UNWRITABLE.search(value)):
            problems.append(f"{key} holds U+{ord(bad.group()):04X}, a character no file can hold (a broken "
                            "escape?); correct the text")
    notice = record.get("notice")
    if isinstance(notice, int) and not isinstance(notice, bool):
        record["notice"] = notice = str(notice)
    if notice is not None and plain_name(notice) is None:
        problems.append(f"notice {readable(str(notice))[:60]!r} is not a plain file name (it names the notice's "
                        "files: one name, no folder, no leading dot); give the notice's id")
    return problems


def record_problems(record: dict, extra: Iterable[str] = ()) -> list[str]:
    """What is wrong with one record, each a message saying what to do; normalises the record in place
    (labels to ids, offsets to integers, an empty status left out) when nothing is."""
    problems = _field_problems(record)
    text = record.get("text")
    if not isinstance(text, str):
        found = "text is missing" if text is None else f"text is {text!r} ({type(text).__name__}), not text"
        problems.append(f"{found}; every labelled measure needs its text")
    elif not text.strip():
        problems.append("text is empty; every labelled measure needs its text")
    labels = {}
    for kind in ("category", "status"):
        if record.get(kind) is not None and not isinstance(record[kind], str):
            problems.append(f"{kind} is {type(record[kind]).__name__}, not text; give an id or 中文 name")
            continue
        try:
            labels[kind] = normalise_label(record.get(kind), kind, extra)
        except KeyError as err:
            hint = " (or declare it with --allow-category)" if kind == "category" else ""
            problems.append(f"{err.args[0]}{hint}")
    if "category" in labels and labels["category"] is None:
        problems.append("category is missing; give each measure a category id or 中文 name")
    start, end = _offset(record.get("start")), _offset(record.get("end"))
    if (start, end) != (None, None) and not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        problems.append(f"start/end must be integers with start < end, got {start!r}, {end!r}")
    if not problems:
        record.update(labels)
        if start is not None:
            record.update(start=start, end=end)
        if record["status"] is None:
            del record["status"]
    return problems


def checked_records(records: list[dict], extra: Iterable[str] = ()) -> tuple[list[dict], list[LabelIssue]]:
    """The records that are right, and an issue for each problem of the others."""
    extra = list(extra)
    good, issues = [], []
    for record in records:
        problems = record_problems(record, extra)
        issues.extend(LabelIssue(record["_file"], record["_line"], p) for p in problems)
        if not problems:
            good.append(record)
    return good, issues


def read_labels(path: str | Path, *, extra_categories: Iterable[str] = ()) -> list[dict]:
    """The labelled measures of one label source, whatever its form: a JSONL file, a ``.csv`` (UTF-8,
    UTF-8 with BOM, GBK/GB18030 or UTF-16; comma- or tab-separated), ``.tsv`` or ``.xlsx`` table, a
    Label Studio JSON export, or a folder of any of them. Labels given as 中文 names become ids;
    each record keeps ``_file`` and ``_line`` for messages. Every record is checked before any is
    returned, so a bad row at the end of a file stops training before it starts.

    Raises
    ------
    LabelError
        If the source does not exist or cannot be read, or a record is malformed or names an
        unknown label: the first such problem, with its file and line (or row).

    Examples
    --------
    >>> records = read_labels("training/annotations")
    >>> len(records), records[0]["category"]
    (442, 'economy_business')
    """
    records, issues = checked_records([r for f in label_files(path) for r in read_file(f)], extra_categories)
    if issues:
        more = f" ({len(issues) - 1} more problem(s): `rectify-nlp labels check {path}` lists them)" \
            if len(issues) > 1 else ""
        raise LabelError(issues[0].message + more, file=issues[0].file, line=issues[0].line)
    if not records:
        raise LabelError("no labelled measures in it: no row has a category, no task an annotation", file=path)
    return records
