"""The sandbox's demo data generator; the implementation is in :mod:`backoffice.sandbox.demo`.

``generate(cases=N, seed=S, today=D)`` returns a :class:`DemoData` of domain
objects (no database, no I/O but reading a font); the seed command persists it.
"""

from __future__ import annotations

from backoffice.sandbox.demo import (
    DEMO_MARK,
    FICTIONAL_MARK,
    CatalogEntry,
    DemoData,
    DemoFiles,
    DemoUser,
    MaterialSpec,
    StepSpec,
    calendar_years,
    find_cjk_font,
    generate,
    is_fictional,
)

__all__ = [
    "DEMO_MARK", "FICTIONAL_MARK", "CatalogEntry", "DemoData", "DemoFiles", "DemoUser",
    "MaterialSpec", "StepSpec", "calendar_years", "find_cjk_font", "generate", "is_fictional",
]
