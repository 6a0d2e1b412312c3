"""Label formats: reading labelled measures from JSONL, spreadsheets and Label Studio, checking
them against the parsed notices, merging label sets and writing them back.

``_merge`` reads any source (``read_labels``) and merges; ``_jsonl``, ``_tables`` and
``_labelstudio`` are the formats; ``_check`` validates and counts.
"""

from ._check import LabelIssue, check_labels, label_stats
from ._labelstudio import export_tasks, labeling_config, notice_task, read_labelstudio
from ._merge import load_label_sources, merge_labels, read_labels, write_label_set

__all__ = [
    "LabelIssue", "check_labels", "export_tasks", "label_stats", "labeling_config", "load_label_sources",
    "merge_labels", "notice_task", "read_labels", "read_labelstudio", "write_label_set",
]
