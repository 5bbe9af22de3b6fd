"""The workbook's Refresh report button runs ``main()`` here (xlwings' SampleCall).

xlwings imports the module named like the workbook, so this file sits beside
workbook.xlsm; a copy of the workbook under another name needs a copy of this file
under that name.
"""

from om_xl.excel.xlwings_book import refresh_caller


def main() -> None:
    """Refresh the report of the workbook that called."""
    refresh_caller()
