"""The report, declared once: what goes on which report sheet and chart.

:func:`layout_report` turns a computed :class:`~om_xl.portfolio.Portfolio` into
:class:`Report` blocks (rows of cells with headers and number formats), chart
specifications referring to those blocks, and the Checks rows. Every writer (the
offline XlsxWriter build and the in-Excel xlwings refresh) draws from it.
"""

from om_xl.report.blocks import Block, Formula, Report, layout_report
from om_xl.report.charts import ChartSpec, Ref, SeriesSpec

__all__ = ["Block", "ChartSpec", "Formula", "Ref", "Report", "SeriesSpec", "layout_report"]
