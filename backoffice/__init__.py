"""OneVisit Back Office: everything that is not Qt.

Nothing below this package imports PySide6 or ``ui``; ``tests/test_layering.py``
keeps it so.
"""

__version__ = "0.1.0"
