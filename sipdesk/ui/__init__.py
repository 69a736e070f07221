"""The desktop interface (PySide6): the only package that imports Qt."""

# First, before any other module is imported after PySide6: see its docstring.
from sipdesk.ui import pyside_imports  # noqa: F401
