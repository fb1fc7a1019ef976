"""claimscope watch against a real feed on loopback: only what is new is fetched, a feed that has not
changed costs one conditional request, a failed item is tried again, a restart goes on from the
store, and Ctrl-C ends with what was stored."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import typer
from typer.testing import CliRunner

from claimscope import batch
from claimscope.budget import Budget
from claimscope.cli import watch as watch_module
from claimscope.ingest import guard
from claimscope.ingest.fetch import Fetcher, Limits
from claimscope.ingest.urls import canonical_url
from claimscope.records import AnalysedDocument, Document
from claimscope.store import Store, polls
from claimscope.store.polls import FeedPolls
from tests.conftest import SHARED, needs_shared
from tests.webserver import Site, answer, conditional, page_file, rss, serving

pytestmark = [needs_shared(), pytest.mark.usefixtures("seed_analysis")]  # the pipeline loaded once, before

FR_WEB = SHARED / "corpus" / "fr-web"
DAY = datetime(2025, 12, 1, 9, 30, tzinfo=UTC)
app = typer.Typer()
app.command()(watch_module.watch)


def site_fetcher(monkeypatch: pytest.MonkeyPatch, site: Site) -> None:
    monkeypatch.setattr(guard, "ALLOWED_FOR_TESTS", {("127.0.0.1", site.port)})
    monkeypatch.setattr(watch_module, "Fetcher", lambda: Fetcher(Limits(host_delay=0)))  # no pause in tests


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    with serving(Site()) as served:
        site_fetcher(monkeypatch, served)
        served.routes["/gala.html"] = page_file(FR_WEB / "gala.fr.surnom.html")
        served.routes["/lapresse.html"] = page_file(FR_WEB / "lapresse.tn.parite.html")
        feed = rss([(f"{served.base}/gala.html", "Delevoye", DAY), (f"{served.base}/lapresse.html", "Parité", DAY)])
        served.routes["/feed.xml"] = conditional(feed, "application/rss+xml", '"v1"')
        yield served


def run(tmp_path: Path, site: Site, *options: str, code: int = 0) -> str:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{site.base}/feed.xml\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    args = [str(feeds), "--db", db, "--time-budget", "0", "--memory-budget", "0", *options]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, result.output
    return result.output


def test_a_second_poll_asks_conditionally_and_fetches_nothing_new(site: Site, tmp_path: Path) -> None:
    first = run(tmp_path, site, "--once")
    assert "2 new stored" in first and "skipped; refreshed in" in first  # what the poll waited for
    before = len(site.requests)
    second = run(tmp_path, site, "--once")
    assert "0 new stored" in second and "refreshed" not in second  # nothing new: nothing to refresh
    [(path, headers)] = site.requests[before:]
    assert path == "/feed.xml" and headers["if-none-match"] == '"v1"'  # answered 304: no page fetched
    store = Store(f"sqlite:///{tmp_path / 'watch.db'}")
    assert FeedPolls(store).validators(f"{site.base}/feed.xml") == ('"v1"', None)


def test_an_item_that_failed_is_tried_again_on_the_next_poll(site: Site, tmp_path: Path) -> None:
    flaky = f"{site.base}/flaky.html"
    feed = rss([(f"{site.base}/gala.html", "Delevoye", DAY), (flaky, "Parité", DAY)])
    site.routes["/feed.xml"] = conditional(feed, "application/rss+xml", '"v2"')
    site.routes["/flaky.html"] = answer(503, b"busy", "text/plain")
    assert "1 new stored, 0 already stored, 1 skipped" in run(tmp_path, site, "--once", code=1)
    site.routes["/flaky.html"] = page_file(FR_WEB / "lapresse.tn.parite.html")
    before = len(site.requests)
    assert "1 new stored" in run(tmp_path, site, "--once")
    assert site.requests[before][0] == "/feed.xml" and "if-none-match" not in site.requests[before][1]
    assert [path for path, _ in site.requests[before:]] == ["/feed.xml", "/flaky.html"]  # gala is stored: not fetched


@pytest.mark.parametrize("status", [404, 410])
def test_an_item_whose_page_is_gone_is_reported_once_and_asked_for_less_and_less_often(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    """A page taken down must not have a scheduled `watch --once` exit 1 for ever, nor be asked
    for at every poll; one listed before it is live must be stored when it comes, even if its
    feed does not change meanwhile (the feed is read whole while the page went lately)."""
    late = f"{site.base}/late.html"
    site.routes["/late.html"] = answer(status, b"not here", "text/html")
    site.routes["/feed.xml"] = conditional(
        rss([(f"{site.base}/gala.html", "Delevoye", DAY), (late, "Parité", DAY)]), "application/rss+xml", '"v1"'
    )
    first = " ".join(run(tmp_path, site, "--once", code=1).split())
    assert f"late.html: HTTP {status}" in first and "asks for it again after an hour, then less and less" in first
    assert "1 new stored, 0 already stored, 1 skipped" in first
    store = Store(f"sqlite:///{tmp_path / 'watch.db'}")
    went = datetime.now(UTC).replace(tzinfo=None)

    def at(minutes: float) -> None:
        monkeypatch.setattr(polls, "_now", lambda: went + timedelta(minutes=minutes))

    def poll(minutes: float, expected: str) -> list[tuple[str, str | None]]:
        at(minutes)
        before = len(site.requests)
        assert expected in run(tmp_path, site, "--once")  # exit 0: said once
        return [(path, headers.get("if-none-match")) for path, headers in site.requests[before:]]

    def due(minutes: float) -> bool:
        at(minutes)
        absence = FeedPolls(store).absence(canonical_url(late))
        return absence is not None and absence.due

    assert poll(1, "0 new stored, 1 already stored, 0 skipped") == [("/feed.xml", None)]  # read whole, page not asked
    assert not due(59) and due(61)
    assert poll(61, "0 new stored, 1 already stored, 0 skipped") == [("/feed.xml", None), ("/late.html", None)]
    assert not due(121) and due(123)  # then as long as it has been gone
    assert poll(25 * 60, "0 new stored, 1 already stored, 0 skipped")[-1] == ("/late.html", None)
    assert poll(25 * 60, "0 new stored, 0 already stored, 0 skipped") == [("/feed.xml", '"v1"')]  # gone a day: cached
    assert not due(49 * 60 - 1) and due(49 * 60 + 1)  # a day apart at most
    site.routes["/late.html"] = page_file(FR_WEB / "lapresse.tn.parite.html")  # it came after all
    site.routes["/feed.xml"] = conditional(
        rss([(f"{site.base}/gala.html", "Delevoye", DAY), (late, "Parité", DAY)], title="v2"),
        "application/rss+xml",
        '"v2"',
    )
    assert poll(50 * 60, "1 new stored, 1 already stored, 0 skipped")[-1] == ("/late.html", None)
    assert FeedPolls(store).absence(canonical_url(late)) is None  # stored: no longer remembered gone


def test_a_page_that_is_live_a_minute_after_its_feed_lists_it_is_stored_though_the_feed_does_not_change(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    late = f"{site.base}/late.html"
    site.routes["/late.html"] = answer(404, b"not yet", "text/html")
    site.routes["/feed.xml"] = conditional(rss([(late, "Parité", DAY)]), "application/rss+xml", '"v1"')
    assert "0 new stored, 0 already stored, 1 skipped" in run(tmp_path, site, "--once", code=1)
    site.routes["/late.html"] = page_file(FR_WEB / "lapresse.tn.parite.html")
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=61)
    monkeypatch.setattr(polls, "_now", lambda: later)
    assert "1 new stored" in run(tmp_path, site, "--once")


def test_a_watch_says_once_that_only_public_addresses_are_fetched(site: Site, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://127.0.0.1:1/feed.xml\n", encoding="utf-8")  # loopback, not the test's site: refused
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    result = CliRunner().invoke(app, [str(feeds), "--db", db, "--rounds", "3", "--every", "1s"])
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert output.count("refused: ") == 3 and output.count("only public addresses are fetched") == 1


@pytest.mark.parametrize(("stop", "status", "cause"), [(None, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")])
def test_ctrl_c_or_sigterm_ends_with_what_was_stored(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals | None, status: int, cause: str
) -> None:
    def interrupted(_seconds: float) -> None:
        if stop is None:
            raise KeyboardInterrupt
        os.kill(os.getpid(), stop)  # a service manager stopping the watch
        time.sleep(5)  # the handler stops the wait

    monkeypatch.setattr(watch_module, "time", SimpleNamespace(sleep=interrupted))  # while it waits
    output = run(tmp_path, site, "--every", "15m", code=status)
    assert "poll 1 at" in output
    assert f"stopped by {cause} after 1 poll: 2 documents stored, 0 skipped" in " ".join(output.split())


def test_ctrl_c_before_a_polls_items_are_stored_keeps_no_validators(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The feed answered, its items were fetched, and Ctrl-C came while they were analysed: the
    next poll must not be told "not modified", or those items would wait for the feed to change."""

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "analyse_group", interrupted)
    assert "stopped by Ctrl-C after 0 polls: 0 documents stored" in " ".join(
        run(tmp_path, site, "--once", code=130).split()
    )
    store = Store(f"sqlite:///{tmp_path / 'watch.db'}")
    assert FeedPolls(store).validators(f"{site.base}/feed.xml") == (None, None)
    monkeypatch.undo()
    site_fetcher(monkeypatch, site)
    before = len(site.requests)
    assert "2 new stored" in run(tmp_path, site, "--once")
    assert "if-none-match" not in site.requests[before][1]


def test_an_item_whose_analysis_failed_is_fetched_again_by_the_next_poll_of_the_same_watch(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch.analyse_group
    calls: list[int] = []

    def failing_once(documents: list[Document], budget: Budget) -> Iterator[AnalysedDocument]:
        calls.append(len(documents))
        if len(calls) == 1:
            raise RuntimeError("the analysis broke")  # as the group's worker failing: each document a problem
        yield from real(documents, budget)

    monkeypatch.setattr(batch, "analyse_group", failing_once)
    monkeypatch.setattr(watch_module, "time", SimpleNamespace(sleep=lambda _seconds: None))
    output = " ".join(run(tmp_path, site, "--rounds", "2", "--every", "1s", code=1).split())
    assert "poll 1" in output and "0 new stored, 0 already stored, 2 skipped" in output
    assert "2 new stored, 0 already stored, 0 skipped" in output  # the second poll of the same process
    paths = [path for path, _ in site.requests]
    assert paths.count("/gala.html") == 2 and paths.count("/lapresse.html") == 2


def test_a_restart_waits_out_the_interval_since_the_last_poll(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(tmp_path, site, "--once")
    waits: list[float] = []
    monkeypatch.setattr(watch_module, "time", SimpleNamespace(sleep=waits.append))
    output = run(tmp_path, site, "--every", "1h", "--rounds", "2")
    assert "next in" in output and 3500 < waits[0] <= 3600  # the rest of the hour, then the polls
    assert waits[1:] == [3600.0] and "done: 2 polls, 0 documents stored" in output


@pytest.mark.parametrize("every", ["0s", "soon", "5x", "0.5"])
def test_a_bad_interval_is_refused(every: str, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://example.org/feed.xml\n", encoding="utf-8")
    result = CliRunner().invoke(app, [str(feeds), "--every", every, "--db", "sqlite:///x.db"])
    assert result.exit_code == 2 and "not an interval of at least 1 s" in " ".join(result.output.split())


def test_intervals() -> None:
    assert [watch_module.seconds(text) for text in ("15m", "1h", "90s", "90", "1d", "1.5m")] == [
        900,
        3600,
        90,
        90,
        86400,
        90,
    ]


def test_a_poll_that_skips_an_input_exits_1_and_a_missing_list_is_a_usage_error(site: Site, tmp_path: Path) -> None:
    """As ingest does, for cron or a scheduler to notice; a feed served with the older x- type is read."""
    site.routes["/old.rss"] = answer(200, rss([(f"{site.base}/gala.html", "Delevoye", DAY)]), "application/x-rss+xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{site.base}/old.rss\n{site.base}/gone.xml\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    result = CliRunner().invoke(app, [str(feeds), "--db", db, "--time-budget", "0", "--once"])
    assert result.exit_code == 1, result.output
    assert "1 new stored" in result.output and "gone.xml" in result.output and "1 skipped" in result.output
    missing = CliRunner().invoke(app, [str(tmp_path / "nofile.txt"), "--db", db, "--once"])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_a_list_of_feeds_without_schemes_is_a_problem_not_a_page(tmp_path: Path) -> None:
    """For ingest such a .txt is a page saved as text; watch polls lists only."""
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("www.lemonde.fr/rss/une.xml\nwww.liberation.fr/arc/outboundfeeds/rss/\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    result = CliRunner().invoke(app, [str(feeds), "--db", db, "--time-budget", "0", "--once"])
    assert result.exit_code == 1, result.output
    assert "not a list of URLs: each line should be one http(s) URL" in " ".join(result.output.split())
    assert "0 new stored, 0 already stored, 1 skipped" in result.output
