"""A page's GET parameters, read as text and checked here.

Every filter of the desk is a plain GET parameter, so a filtered page is a link an analyst can
send. FastAPI's typed parameters would answer a mistyped date with a JSON error; the pages read
the text themselves instead, collect what is wrong in ``errors`` (shown above the page, status
422) and go on without the bad value. Page numbers are bounded, so no offset can overflow the
database's integers.
"""

from __future__ import annotations

from datetime import date

from starlette.requests import Request

MAX_PAGE = 100_000
MAX_TEXT = 200


class Asked:
    """The parameters as given (non-empty, stripped) and the problems found while reading them."""

    def __init__(self, request: Request) -> None:
        self.given = {k: v.strip() for k, v in request.query_params.items() if v.strip()}
        self.errors: list[str] = []
        self.kept: dict[str, str] = {}  # the values understood, to refill forms and build links

    def text(self, name: str, most: int = MAX_TEXT) -> str | None:
        value = self.given.get(name)
        if value is not None and len(value) > most:
            self.errors.append(f"{name}: longer than {most} characters")
            return None
        if value is not None:
            self.kept[name] = value
        return value

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.given.get(name)
        if value is not None and value not in allowed:
            self.errors.append(f"{name}: {value[:MAX_TEXT]!r} is not one of {', '.join(allowed)}")
            return None
        if value is not None:
            self.kept[name] = value
        return value

    def day(self, name: str) -> date | None:
        value = self.given.get(name)
        if value is None:
            return None
        try:
            found = date.fromisoformat(value)
        except ValueError:
            self.errors.append(f"{name}: {value[:MAX_TEXT]!r} is not a date (YYYY-MM-DD)")
            return None
        self.kept[name] = value
        return found

    def page(self) -> int:
        """The page number (1 when absent); never kept, since links set their own."""
        value = self.given.get("page")
        if value is None:
            return 1
        if not (value.isascii() and value.isdigit() and len(value) <= 6) or not 1 <= int(value) <= MAX_PAGE:
            self.errors.append(f"page: {value[:MAX_TEXT]!r} is not a whole number from 1 to {MAX_PAGE}")
            return 1
        return int(value)

    @property
    def status(self) -> int:
        return 422 if self.errors else 200
