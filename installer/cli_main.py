"""Entry point of the console executable ``backoffice`` (``backoffice.cli:main``).

PyInstaller needs a script file, not a ``module:function`` entry point.
"""

import sys

from backoffice.cli import main

if __name__ == "__main__":
    sys.exit(main())
