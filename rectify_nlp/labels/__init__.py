"""Label formats: reading labelled measures from JSONL, spreadsheets and Label Studio, checking
them against the parsed notices, merging label sets and writing them back.

``_read`` reads any source (``read_labels``) and checks each record; ``_jsonl``, ``_tables``
and ``_labelstudio`` are the formats; ``_merge`` merges and writes; ``_check`` validates
against the notices and counts.
"""

from ._check import check_labels, label_stats
from ._labelstudio import export_tasks, labeling_config, notice_task
from ._merge import load_label_sources, merge_labels, write_label_set
from ._read import LabelIssue, read_labels

__all__ = [
    "LabelIssue", "check_labels", "export_tasks", "label_stats", "labeling_config", "load_label_sources",
    "merge_labels", "notice_task", "read_labels", "write_label_set",
]
