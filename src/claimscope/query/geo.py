"""The map of territorial-control claims as GeoJSON: one point per place, as of a chosen day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, select

from claimscope.query.materialise import ensure_fresh
from claimscope.query.propositions import status_as_of
from claimscope.store import Store
from claimscope.store.collation import bytewise
from claimscope.store.models import MapDayRow, PropositionRow

STANCES = ("asserts", "denies", "partial", "hedged")
ON_MAP = (PropositionRow.type == "control", PropositionRow.latitude.is_not(None))  # places with coordinates
UNPLACED_LISTED = 100  # control claims without coordinates named under the map (the first, by place)


def control_map(store: Store, as_of: date | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of every place with a control claim dated on or before
    ``as_of`` (all of them without it): the proposition's verdict, the latest stance as of that
    day, and how many stances of each kind there were by then. Undated stances are left out
    when a day is chosen (nobody knows when they held). The collection's ``unplaced`` lists the
    control claims of every day whose place the gazetteer cannot put on a map ("le village de
    Kazatskoye"), so that a reader knows the map leaves them out."""
    ensure_fresh(store)
    with store.sessions() as session:
        places = {row.pid: row for row in session.scalars(select(PropositionRow).where(*ON_MAP))}
        unplaced = [
            {"pid": pid, "place": place, "actor": args.get("actor"), "status": status, "url": f"/claims/{pid}"}
            for pid, place, args, status in session.execute(
                select(PropositionRow.pid, PropositionRow.place, PropositionRow.args, PropositionRow.status)
                .where(PropositionRow.type == "control", PropositionRow.latitude.is_(None))
                .order_by(bytewise(PropositionRow.place), PropositionRow.pid)
                .limit(UNPLACED_LISTED)
            )
        ]
        summed = (func.sum(MapDayRow.stances), func.max(MapDayRow.day), func.sum(MapDayRow.sources))
        query = (
            select(MapDayRow.pid, MapDayRow.stance, *summed)
            .where(MapDayRow.pid.in_(places))
            .group_by(MapDayRow.pid, MapDayRow.stance)
        )
        if as_of is not None:
            query = query.where(MapDayRow.day <= as_of)
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        sources: dict[str, dict[str, int]] = defaultdict(dict)
        latest: dict[str, tuple[date, str]] = {}
        for key, stance, count, last, independent in session.execute(query):
            counts[key][stance] = int(count)
            sources[key][stance] = int(independent)
            if last is not None and (key not in latest or (last, stance) > latest[key]):
                latest[key] = (last, stance)
    features = []
    for key, row in sorted(places.items(), key=lambda item: (item[1].place or "", item[0])):
        if key not in counts:
            continue
        newest = latest.get(key)
        features.append(
            {
                "type": "Feature",
                "id": key,
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(row.longitude or 0.0, 5), round(row.latitude or 0.0, 5)],
                },
                "properties": {
                    "pid": key,
                    "place": row.place,
                    "actor": row.args.get("actor"),
                    "proposition": row.key,
                    "status": row.status,
                    "status_as_of": row.status if as_of is None else status_as_of(sources[key], row.status),
                    "latest_stance": newest[1] if newest else None,
                    "latest_date": newest[0].isoformat() if newest else None,
                    "stances": {s: counts[key].get(s, 0) for s in STANCES},
                    "first_date": row.first_date.isoformat() if row.first_date else None,
                    "url": f"/claims/{key}",
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": {"as_of": as_of.isoformat() if as_of else None, "unplaced": unplaced},
    }


def control_days(store: Store) -> list[date]:
    """The days on which some control claim is dated, in order: the steps of the map's date slider."""
    ensure_fresh(store)
    with store.sessions() as session:
        mapped = select(PropositionRow.pid).where(*ON_MAP)
        days = session.scalars(
            select(MapDayRow.day)
            .where(MapDayRow.pid.in_(mapped), MapDayRow.day.is_not(None))
            .distinct()
            .order_by(MapDayRow.day)
        )
        return [day for day in days if day is not None]
