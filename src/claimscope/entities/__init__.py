"""Entities: canonical speakers and names, from the knowledge in data files."""

from claimscope.entities.resolve import resolve

__all__ = ["resolve"]
