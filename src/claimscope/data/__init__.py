"""Rule data (YAML) shipped with the package, and the one loader for it."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """Load ``claimscope/data/<name>.yaml`` once per process."""
    with resources.files(__name__).joinpath(f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
