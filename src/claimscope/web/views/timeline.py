"""Timelines: a proposition's stances, or a person's statements, over time.

The chart is inline SVG laid out here and written by the template, so it needs no script and
its text is autoescaped like the rest of the page. One mark per stance or statement: marks of
one day and lane are stacked, never drawn on top of each other, so every one stays a link. Past
MAX_MARKS (a proposition thousands of articles report) a mark stands for all of one day's in its
lane, sized by their number, so the page stays small; the table under it is paged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimscope.query import canonical, person_timeline, proposition_summary, speaker, store_knowledge, timeline
from claimscope.query.geo import STANCES
from claimscope.query.records import Page, TimelinePoint
from claimscope.store import Store
from claimscope.web.params import Asked
from claimscope.web.templating import templates

router = APIRouter(include_in_schema=False)

WIDTH = 960
LEFT = 110  # lane names
RIGHT = 24
TOP = 12
AXIS = 28  # date labels under the lanes
LANE = 56
STEP = 9  # between stacked marks
STACK = 5  # marks of one day stacked in a column before the next column
RADIUS = 4.5
MAX_MARKS = 600
TABLE_PAGE = 100
MAX_TICKS = 12
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    radius: float
    lane: int  # the lane's index, for its colour
    point: TimelinePoint  # the one it links to (the first of the day's, when it stands for several)
    title: str  # the tooltip: who and when


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lanes: list[tuple[str, float]]  # name, y of its middle
    lane_height: int
    grouped: bool  # one mark per day and lane
    ticks: list[tuple[float, str]]  # x, label
    marks: list[Mark]
    left: int
    right: int
    top: int
    bottom: int


def _short(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def _spread(n: int) -> int:
    """The n-th of a stack, around its centre: 0, +1, -1, +2, -2 … steps."""
    return STEP * ((n + 1) // 2) * (1 if n % 2 else -1)


def _title(point: TimelinePoint) -> str:
    return f"{point.label}, {point.when.isoformat()}: {point.lane}" + (f" — {point.title}" if point.title else "")


def layout(points: list[TimelinePoint], lanes: list[str]) -> Chart:
    """Place each point at its day (x) in its lane (y); same-day marks of a lane go in a small grid."""
    height = TOP + LANE * len(lanes) + AXIS
    first = min(p.when for p in points)
    last = max(p.when for p in points)
    if first == last:  # one day: in the middle, with a day either side
        first, last = first - timedelta(1), last + timedelta(1)
    days = (last - first).days
    span = WIDTH - LEFT - RIGHT - 2 * STEP * 2

    def x_of(day: date) -> float:
        return LEFT + STEP * 2 + span * (day - first).days / days

    index = {lane: i for i, lane in enumerate(lanes)}
    middles = {lane: TOP + LANE * i + LANE / 2 for lane, i in index.items()}
    cells: dict[tuple[date, str], list[TimelinePoint]] = {}
    for point in points:
        cells.setdefault((point.when, point.lane), []).append(point)
    grouped = len(points) > MAX_MARKS
    marks = []
    for (day, lane), found in cells.items():
        if grouped:
            names = ", ".join(sorted({p.label for p in found})[:3])
            title = f"{len(found)} on {day.isoformat()}: {lane}, by {names}" + (" …" if len(found) > 3 else "")
            radius = min(3 * RADIUS, RADIUS + len(found) ** 0.5)
            marks.append(Mark(round(x_of(day), 1), middles[lane], round(radius, 1), index[lane], found[0], title))
            continue
        for n, point in enumerate(found):
            column, row = divmod(n, STACK)
            x, y = x_of(day) + _spread(column), middles[lane] + _spread(row)
            marks.append(Mark(round(x, 1), round(y, 1), RADIUS, index[lane], point, _title(point)))
    every = max(1, -(-days // MAX_TICKS))
    ticks = [
        (round(x_of(first + timedelta(d)), 1), _short(first + timedelta(d)))
        for d in range(0, (last - first).days + 1, every)
    ]
    return Chart(
        WIDTH,
        height,
        [(lane, middles[lane]) for lane in lanes],
        LANE,
        grouped,
        ticks,
        marks,
        LEFT,
        WIDTH - RIGHT,
        TOP,
        TOP + LANE * len(lanes),
    )


def _person_points(store: Store, name: str) -> tuple[str, list[TimelinePoint]]:
    """A person's points under their name as stored, or under the knowledge base's name for them."""
    points = person_timeline(store, name)
    if not points:
        resolved = canonical(name, store_knowledge(store))[0]
        if resolved != name:
            return resolved, person_timeline(store, resolved)
    return name, points


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request) -> HTMLResponse:
    store: Store = request.app.state.store
    asked = Asked(request)
    pid, person = asked.text("proposition") or "", asked.text("person") or ""
    if pid and person:
        asked.errors.append("give a proposition or a person, not both")
    context: dict[str, object] = {"person": person, "pid": pid, "errors": asked.errors}
    if asked.errors:
        return templates.TemplateResponse(request, "timeline.html", context, status_code=asked.status)
    if pid:
        head = proposition_summary(store, pid)
        if head is None:
            return templates.TemplateResponse(
                request, "claims_missing.html", {"what": "proposition", "name": pid}, status_code=404
            )
        points = timeline(store, pid)
        context.update(summary=head, undated=head.stances - len(points), kind="stance")
        lanes = list(STANCES)
    elif person:
        person, points = _person_points(store, person)
        if not points:  # a speaker quoted only in undated articles has a page, not a timeline
            known = speaker(store, person, limit=1)
            if known is None or not known.statements.total:
                return templates.TemplateResponse(
                    request, "claims_missing.html", {"what": "quoted speaker", "name": person}, status_code=404
                )
            context.update(person=known.name, undated=known.statements.total)
            return templates.TemplateResponse(request, "timeline.html", context)
        context.update(person=person, kind="statement")
        lanes = sorted({p.lane for p in points})
    else:
        return templates.TemplateResponse(request, "timeline.html", context)
    page = asked.page()
    rows = Page(points[(page - 1) * TABLE_PAGE : page * TABLE_PAGE], len(points), (page - 1) * TABLE_PAGE, TABLE_PAGE)
    params = {"proposition": pid} if pid else {"person": person}
    chart = layout(points, lanes) if points else None
    context.update(points=points, chart=chart, page=rows, params=params, errors=asked.errors)
    return templates.TemplateResponse(request, "timeline.html", context, status_code=asked.status)
