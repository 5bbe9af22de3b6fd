"""The Excel side: converting cell values for the metric core and back.

Nothing here imports xlwings; :mod:`om_xl.udfs` puts the decorators on top.
"""
