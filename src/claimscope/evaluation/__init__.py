"""Evaluation: attributions scored against hand-annotated gold (see docs/gold-format.md)."""

from claimscope.evaluation.scoring import Report, evaluate

__all__ = ["Report", "evaluate"]
