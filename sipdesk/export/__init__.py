"""Exports: the JSON interchange format, the action-plan CSV and the Tool A PDF (no Qt)."""
