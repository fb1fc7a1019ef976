"""Rule data (YAML) shipped with the package, and the one loader for it."""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover
    from importlib.abc import Traversable


def read_yaml(path: Traversable) -> Any:
    import yaml  # here, not above: a command that only reads the store parses no data file (10 ms)

    # libyaml's safe loader where PyYAML was built with it (the wheels are): the same documents,
    # parsed some ten times faster than the pure-Python one (0.3 s of a query's start-up)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


@cache
def load(name: str) -> Any:
    """Load ``claimscope/data/<name>.yaml`` once per process: knowledge shared by every language
    (the words of each language are in ``claimscope/lang``)."""
    return read_yaml(resources.files(__name__).joinpath(f"{name}.yaml"))
