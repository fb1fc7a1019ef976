"""The API's docs page in Chromium: Swagger UI renders every operation from /openapi.json, offline,
under the desk's Content-Security-Policy, without a console error."""

from __future__ import annotations

from fastapi import FastAPI
from playwright.sync_api import Browser

from tests.browser import new_page, serve


def test_docs_page_renders_offline_under_the_csp(chromium: Browser, desk_app: FastAPI) -> None:
    operations = {(method.upper(), path) for path, ops in desk_app.openapi()["paths"].items() for method in ops}
    with serve(desk_app) as base, new_page(chromium) as watched:
        page = watched.page
        page.goto(f"{base}/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=20_000)
        shown = {
            (block.locator(".opblock-summary-method").inner_text(), block.locator(".opblock-summary-path").inner_text())
            for block in page.locator(".opblock-summary").all()
        }
        assert shown == operations
        page.locator(".opblock-summary", has_text="/api/speakers").first.click()
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute").click()
        page.wait_for_selector(".response .highlight-code", timeout=10_000)
        assert "Yuri Ushakov" in page.locator(".live-responses-table").inner_text()
        watched.assert_quiet()
