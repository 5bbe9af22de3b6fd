"""The workbook: building it, reading its inputs, and refreshing its report.

Reading uses python-calamine; writing uses XlsxWriter, which builds a whole new file
(never round-trips a user's workbook). Nothing here computes a metric.
"""
