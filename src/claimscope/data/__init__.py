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

import yaml


def read_yaml(path: Traversable) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def load(name: str) -> Any:
    """Load ``claimscope/data/<name>.yaml`` once per process: knowledge shared by every language
    (the words of each language are in ``claimscope/lang``)."""
    return read_yaml(resources.files(__name__).joinpath(f"{name}.yaml"))
