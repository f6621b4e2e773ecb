"""PyInstaller runtime hook: programs the frozen app starts see the user's environment.

On Linux the bootloader points ``LD_LIBRARY_PATH`` at the bundle's
``_internal/`` (keeping the user's value in ``LD_LIBRARY_PATH_ORIG``) so the
bundled Python finds its libraries. Child processes inherit it and load the
bundle's copies of libfontconfig, libexpat, libssl … instead of their own:
``fc-match`` (the CJK font lookup of ``backoffice/sandbox/demo/fonts.py``),
``xdg-open`` (Help → open log folder) and the like can then fail on a
system newer than the build machine. This process needs the variable only
at start-up (the dynamic loader reads it once, before any Python runs), so it
is put back here, before any of our code starts a child. ``os.environ``
writes through to the C environment, so Qt's QProcess sees the same.

Windows is not touched: there the bootloader uses SetDllDirectory, and
undoing it would break loading our own extension modules later.
"""

import os
import sys


def _restore(name: str) -> None:
    original = os.environ.pop(f"{name}_ORIG", None)
    if original is not None:
        os.environ[name] = original
    elif os.environ.get(name) == getattr(sys, "_MEIPASS", None):
        del os.environ[name]  # the user had none: the bundle's path was the only entry


if sys.platform != "win32":
    for _name in ("LD_LIBRARY_PATH", "LIBPATH"):  # LIBPATH: AIX's name for it
        _restore(_name)
