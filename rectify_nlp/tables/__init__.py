"""Tables: tagged notices as rows, one per measure (``_rows``), many notices as one DataFrame
(``_dataframe``), one row per notice (``_summary``), and the writers of each table format (``_writer``).
"""

from ._dataframe import tag
from ._rows import COLUMNS_ZH, MEASURE_COLUMNS, measure_rows
from ._summary import summarize
from ._writer import TABLE_FORMATS, TableWriter, jsonl_line, write_table

__all__ = ["COLUMNS_ZH", "MEASURE_COLUMNS", "TABLE_FORMATS", "TableWriter", "jsonl_line", "measure_rows", "summarize",
           "tag", "write_table"]
