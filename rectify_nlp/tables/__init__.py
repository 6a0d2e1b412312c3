"""Tables: tagged notices as rows, one per measure (``_rows``), many notices as one DataFrame
(``_dataframe``), one row per notice (``_summary``), the writers of each table format (``_writer``), and
what a spreadsheet's cells may hold (``_cells``).
"""

from ._cells import from_csv_cell
from ._dataframe import tag
from ._rows import COLUMNS_ZH, MEASURE_COLUMNS, measure_rows
from ._summary import summarize
from ._writer import TABLE_FORMATS, TableWriter, jsonl_line, write_sheet, write_table

__all__ = ["COLUMNS_ZH", "MEASURE_COLUMNS", "TABLE_FORMATS", "TableWriter", "from_csv_cell", "jsonl_line",
           "measure_rows", "summarize", "tag", "write_sheet", "write_table"]
