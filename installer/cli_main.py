"""Entry point of the console executable ``backoffice`` (``backoffice.cli:main``).

PyInstaller needs a script file, not a ``module:function`` entry point.

``backoffice --bundle-selftest`` (this option alone) runs
``installer/bundle_selftest.py`` instead: the checks of the libraries and
resources that no command reaches, inside the frozen app (check_bundle.py,
and IT after a deployment).
"""

import sys

from backoffice.cli import main

if __name__ == "__main__":
    if sys.argv[1:] == ["--bundle-selftest"]:
        from bundle_selftest import main as selftest

        sys.exit(selftest())
    sys.exit(main())
