"""`python -m generator`: the maintainers' command line (see `generator.cli`)."""

from __future__ import annotations

import sys

from generator.cli import main

sys.exit(main())
