"""The clean corpus out of the archive, for researchers: JSONL or Parquet, streamed.

`select` reads stored articles one at a time and keeps those the filters ask for;
the writers take any iterator of articles, so memory stays flat whatever the
archive's size. Every field of the Article JSON goes out, as `marsad show` prints it.
"""

from marsad.export.select import Filters, select
from marsad.export.write import FORMATS, write

__all__ = ["FORMATS", "Filters", "select", "write"]
