"""Entry point of the windowed executable (what ``backoffice-gui`` runs from source).

PyInstaller needs a script file, not a ``module:function`` entry point.
"""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
