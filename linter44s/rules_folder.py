"""Where the rule files are: `linter44s/rules/` inside the wheel, the
repository's `rules/` folder in a checkout or an editable install.  Apart
from registry.py so that a replay (snapshot.py) can stamp them without
importing tomllib and dataclasses."""

from __future__ import annotations

import os


def rules_folder() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "rules")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.realpath(here)), "rules")
