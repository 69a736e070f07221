"""SIP Desk: an offline workbench for school improvement planning."""

__version__ = "0.1.0"
