"""Language data, one folder per language, the way spaCy keeps ``lang/fr`` and ``lang/en``.

``lang/<code>/*.yaml`` holds what is said differently in each language (cues, grammar words,
role nouns and titles, metonyms, groups, claim triggers, stance words, dates, boilerplate);
``lang/<code>/__init__.py`` what its parser needs in code (inflections, the attribution
constructions). Knowledge that holds whatever the language (people, relations, roles and their
holders, places, first names) stays in ``claimscope/data``. Adding a language: a folder here,
its code in data/languages.yaml's ``analysed`` and its spaCy pipeline in ``nlp.PIPELINES``.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module, resources
from types import ModuleType
from typing import Any

from claimscope.data import load as load_shared
from claimscope.data import read_yaml


@cache
def languages() -> tuple[str, ...]:
    """Every language with a data folder: the analysed ones first, in their order (the first
    one's words come first where data are merged), then the others."""
    folders = sorted(p.name for p in resources.files(__name__).iterdir() if p.is_dir() and not p.name.startswith("_"))
    analysed = [code for code in load_shared("languages")["analysed"] if code in folders]
    return (*analysed, *(code for code in folders if code not in analysed))


def module(language: str) -> ModuleType:
    """``claimscope.lang.<language>``: its ``inflections(lemmas)`` (inflected form -> lemma, for
    forms the tagger leaves unlemmatised) and its ``constructions()`` (the attribution rules)."""
    return import_module(f"{__name__}.{language}")


@cache
def load(language: str, name: str) -> Any:
    """``lang/<language>/<name>.yaml``, once per process; None where the language has no such file."""
    path = resources.files(__name__).joinpath(language, f"{name}.yaml")
    return read_yaml(path) if path.is_file() else None


@cache
def merged(name: str) -> Any:
    """One data file of every language merged (lists joined, mappings merged), for what is read
    before a text's language is known (boilerplate) or for any text (dates, role phrases)."""
    result: Any = None
    for language in languages():
        result = _merge(result, load(language, name))
    return result


def _merge(first: Any, second: Any) -> Any:
    if first is None:
        return second
    if second is None:
        return first
    if isinstance(first, dict) and isinstance(second, dict):
        return {**first, **{k: _merge(first.get(k), v) for k, v in second.items()}}
    if isinstance(first, list) and isinstance(second, list):
        return [*first, *(item for item in second if item not in first)]
    return second
