"""Demo data for the sandbox platform: fictional, realistic, reproducible from a seed.

Modules: :mod:`.places` (Jilin divisions, departments, users),
:mod:`.catalog` (service items and "one thing" bundles), :mod:`.people`
(fictional applicants), :mod:`.cases` (cases at every stage and their
records), :mod:`.files` (the PNG behind every material), :mod:`.generate`.
"""

from __future__ import annotations

from backoffice.sandbox.demo.catalog import CatalogEntry, MaterialSpec, StepSpec
from backoffice.sandbox.demo.files import DemoFiles, find_cjk_font
from backoffice.sandbox.demo.generate import DemoData, calendar_years, generate
from backoffice.sandbox.demo.people import FICTIONAL_MARK, is_fictional
from backoffice.sandbox.demo.places import DEMO_MARK, DemoUser

__all__ = [
    "DEMO_MARK", "FICTIONAL_MARK", "CatalogEntry", "DemoData", "DemoFiles", "DemoUser",
    "MaterialSpec", "StepSpec", "calendar_years", "find_cjk_font", "generate", "is_fictional",
]
