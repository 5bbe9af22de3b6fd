"""The Excel side: converting cell values for the metric core and back.

Only :mod:`om_xl.excel.xlwings_book` (the button's adapter to a live workbook) imports
xlwings; :mod:`om_xl.udfs` puts the decorators on top of the rest.
"""
