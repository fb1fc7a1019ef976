"""Rule data (YAML) shipped with the package, and the one loader for it."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any


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
