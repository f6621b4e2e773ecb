"""``python -m backoffice`` is ``backoffice``."""

import sys

from backoffice.cli import main

sys.exit(main())
