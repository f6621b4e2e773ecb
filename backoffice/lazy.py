"""Package attributes imported on first use (PEP 562).

The store and the platform client packages keep their ``__init__`` free of
heavy imports (SQLAlchemy, the HTTP stack, the contract): start-up paints
the window and opens the store before it needs them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(package: str, modules: dict[str, str],
               namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__``: ``modules`` maps each name to the module defining it."""

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value  # once: later lookups are plain attribute reads
        return value

    return __getattr__
