"""Drawn terminal views with Rich: tables, single-record layouts, the chart, colours."""
