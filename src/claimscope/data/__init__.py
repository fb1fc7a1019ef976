"""Rule data (YAML) shipped with the package, and the one loader for it."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

# libyaml's safe loader where PyYAML was built with it (the wheels are): the same documents,
# parsed some ten times faster than the pure-Python one (0.3 s of a query's start-up)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> Any:
    """Load ``claimscope/data/<name>.yaml`` once per process."""
    with resources.files(__name__).joinpath(f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=SAFE_LOADER)
