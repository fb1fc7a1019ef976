"""Uploads, behind the bearer token: analysed and stored (`POST /api/documents`), or analysed only
(`POST /api/analyze`).

Analysis is CPU-bound and takes seconds per article: it runs in the threadpool, so the server
keeps answering reads meanwhile. Inputs are read and reported exactly as `claimscope ingest` and
`claimscope analyze` read them (same readers, same reasons), under the names the client sent.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool

from claimscope import batch
from claimscope.api.deps import StoreDep, require_token
from claimscope.api.models import ErrorOut
from claimscope.api.upload import UPLOAD_BODY, Upload, UploadRefused, receive
from claimscope.beside import ApartFailed
from claimscope.budget import Budget, analyse_within
from claimscope.ingest import read_inputs
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.schema import Output, document_out
from claimscope.store import Store

router = APIRouter(prefix="/api", tags=["uploads"], dependencies=[Depends(require_token)])
log = logging.getLogger(__name__)

REFUSED: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": why}
    for code, why in (
        (401, "Missing or wrong bearer token."),
        (403, "The server was started without a token: writing is disabled."),
        (413, "A file over the size limit, or too many files."),
        (415, "Not multipart/form-data."),
        (422, "No files, a form field that is not a file, or malformed multipart data."),
    )
}
UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ErrorOut,
        "description": "The store could not take the upload (its database locked, read-only or gone, or the "
        "refresh of verdicts and flags failed); what was stored is kept: send the same files again later.",
    }
}
KEPT = "what was stored is kept: send the same files again later (those it stored are then found already stored)"


class InputResult(BaseModel):
    input: str = Field(description="The uploaded file's name as sent (name#lineN or name#id for a JSONL record).")
    status: Literal["stored", "already stored", "skipped"]
    reason: str | None = Field(default=None, description="Why it was skipped, as `claimscope ingest` says it.")
    document: str | None = Field(default=None, description="The stored document's id.")
    analysed: bool | None = Field(default=None, description="False: stored but not analysed (see note).")
    note: str | None = None


class IngestOut(BaseModel):
    stored: int
    already_stored: int
    skipped: int
    attributions: int = Field(description="Attributions found in the newly stored documents.")
    results: list[InputResult] = Field(description="One per file, or per record of a JSONL file, in order.")


def _names(uploads: Sequence[Upload]) -> Callable[[str], str]:
    """Maps a reader's source (the written path, with #record for JSONL) back to the client's name."""
    paths = [(str(u.path), u.name) for u in uploads]

    def name(source: str) -> str:
        for path, given in paths:
            if source == path or source.startswith(path + "#"):
                return given + source[len(path) :]
        return source

    return name


class _Results:
    """Per-input results from batch.ingest's callbacks (sources already given the client's names):
    an input announced and never reported on was already stored, unless the batch lists it among
    its problems (analysis failed). A result may come after later inputs were announced (documents
    are saved in batches): it is matched to its input by source."""

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.results: list[InputResult] = []
        self.index: dict[str, int] = {}  # source -> its latest place in results

    def item(self, source: str) -> None:
        self.index[source] = len(self.results)
        self.sources.append(source)
        self.results.append(InputResult(input=source, status="already stored"))

    def known(self, document: Document) -> None:
        self.results[self.index[document.source]] = InputResult(
            input=document.source, status="already stored", document=document.id
        )

    def result(self, found: AnalysedDocument | Problem) -> None:
        if isinstance(found, Problem):
            self.results[self.index[found.source]] = InputResult(
                input=found.source, status="skipped", reason=found.reason
            )
            return
        self.results[self.index[found.document.source]] = InputResult(
            input=found.document.source,
            status="stored",
            document=found.document.id,
            analysed=found.analysed,
            note=found.note,
        )

    def failed(self, problems: list[Problem]) -> None:
        for problem in problems:
            for i, (source, result) in enumerate(zip(self.sources, self.results, strict=True)):
                if source == problem.source and result.status == "already stored":
                    self.results[i] = InputResult(input=result.input, status="skipped", reason=problem.reason)
                    break


# how long an upload waits for another writer holding the database (an ingest's refresh: a minute
# at 100,000 documents) before it is refused: less than a batch, an HTTP client gives up sooner
UPLOAD_WRITER_WAIT_S = 90.0


def ingest_uploads(store: Store, uploads: list[Upload], max_bytes: int) -> IngestOut:
    results = _Results()
    summary = batch.ingest(
        [u.path for u in uploads],
        store,
        max_bytes,
        on_item=results.item,
        on_result=results.result,
        rename=_names(uploads),
        on_known=results.known,
        writer_wait=UPLOAD_WRITER_WAIT_S,
    )
    results.failed(summary.problems)
    return IngestOut(
        stored=summary.stored,
        already_stored=summary.already_stored,
        skipped=len(summary.problems),
        attributions=summary.attributions,
        results=results.results,
    )


def analyse_uploads(uploads: list[Upload], max_bytes: int) -> Output:
    name = _names(uploads)
    documents, problems = [], []
    for item in read_inputs([u.path for u in uploads], max_bytes):
        if isinstance(item, Problem):
            problems.append({"source": name(item.source), "reason": item.reason})
            continue
        item.source = name(item.source)
        analysed = analyse_within(item, Budget.from_env())  # over the budget: reported like a bad input
        if isinstance(analysed, Problem):
            problems.append({"source": analysed.source, "reason": analysed.reason})
            continue
        documents.append(document_out(analysed))
    return Output(documents=documents, problems=problems)


async def _received(request: Request, folder: str) -> list[Upload]:
    try:
        return await receive(request, Path(folder), request.app.state.max_upload_bytes)
    except UploadRefused as refused:
        raise HTTPException(refused.status_code, refused.message) from refused


@router.post(
    "/documents",
    responses=REFUSED | UNAVAILABLE,
    openapi_extra=UPLOAD_BODY,
    summary="Upload articles to analyse and store",
)
async def upload_documents(request: Request, store: StoreDep) -> IngestOut:
    """Files (.html, .htm, .txt, or .jsonl with one article a line), each under the server's size
    limit. Each input is stored, found already stored (same text), or skipped with the reason;
    verdicts and flags across sources are brought up to date before the response."""
    with tempfile.TemporaryDirectory(prefix="claimscope-upload-") as folder:
        uploads = await _received(request, folder)
        try:
            return await run_in_threadpool(ingest_uploads, store, uploads, request.app.state.max_upload_bytes)
        except DBAPIError as exc:
            found = store.failure(exc)
            if found is None:
                raise  # not the database's state but a fault: a 500, its traceback logged
            log.warning("an upload refused: %s", store.explain(exc))
            # the driver's words (a server's host, a row's values) and the database's place stay in the log
            raise HTTPException(503, f"the store could not take the upload: its database {found[0]}; {KEPT}") from exc
        except ApartFailed as exc:
            log.warning("an upload's refresh failed: %s", exc)
            raise HTTPException(503, f"the refresh of verdicts and flags failed; {KEPT}") from exc


@router.post("/analyze", responses=REFUSED, openapi_extra=UPLOAD_BODY, summary="Analyse articles without storing them")
async def analyze_documents(request: Request) -> Output:
    """The same JSON as `claimscope analyze --json` (docs/json-format.md): each document with its
    attributions, entities, claims and flags, and the inputs that could not be read."""
    with tempfile.TemporaryDirectory(prefix="claimscope-upload-") as folder:
        uploads = await _received(request, folder)
        return await run_in_threadpool(analyse_uploads, uploads, request.app.state.max_upload_bytes)
