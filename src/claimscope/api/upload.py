"""Multipart uploads streamed into a temporary folder, each file counted against the limit as it arrives.

A request is parsed as it is received, never held whole in memory nor spooled anywhere first:
each file part goes straight into a file with a generated name (``003.html``) that keeps only
a safe suffix of the name the client sent, and the request is refused with 413 as soon as one
file passes the limit. The client's names are reported back, never used as paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

from fastapi import Request, status
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect

from claimscope.ingest import ARCHIVE_SUFFIXES

if TYPE_CHECKING:  # a typing-only name in python-multipart
    from python_multipart.multipart import MultipartCallbacks

MAX_FILES = 100
MAX_REQUEST_BYTES = 200_000_000  # all the files of one request together
SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
NAME_CHARS = 200

# the request body as OpenAPI describes it (the endpoint reads the stream itself)
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "One or more .html, .htm, .txt or .jsonl files.",
                        }
                    },
                }
            }
        },
    }
}


@dataclass(frozen=True)
class Upload:
    name: str  # as the client sent it (cleaned for display): reported back, never a path
    path: Path  # where it was written, under a generated name


class UploadRefused(Exception):
    """The request as a whole is refused (too large, not multipart, no files)."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


def display_name(raw: bytes, number: int) -> str:
    """The client's file name, for messages: its last path component, without control characters."""
    name = CONTROL.sub("", raw.decode("utf-8", errors="replace"))
    name = re.split(r"[/\\]", name)[-1].strip()[:NAME_CHARS]
    return name or f"upload-{number}"


def safe_suffix(name: str) -> str:
    """The name's suffix if it is short and plain (``.html``), else none: ingest then reports the
    file as of an unsupported type, as the command line does."""
    lowered = name.lower()
    archive = next((s for s in ARCHIVE_SUFFIXES if lowered.endswith(s) and len(lowered) > len(s)), None)
    if archive:  # the one double suffix ingest reads (a compressed archive)
        return archive
    suffix = PurePosixPath(lowered).suffix
    return suffix if SUFFIX.fullmatch(suffix) else ""


class _Parts:
    """python-multipart's callbacks: headers gathered per part, file data written as it comes."""

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.uploads: list[Upload] = []
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""
        self.file: BinaryIO | None = None
        self.size = 0  # of the current file
        self.total = 0  # of every file so far
        self.complete = False  # the closing boundary was read

    def on_part_begin(self) -> None:
        self.disposition, self.file, self.size = b"", None, 0

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]  # python-multipart bounds a part's headers itself

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        field = options.get(b"name", b"").decode("latin-1")
        if b"filename" not in options:
            raise UploadRefused(
                status.HTTP_422_UNPROCESSABLE_CONTENT, f"form field '{field[:40]}' is not a file: send files as 'files'"
            )
        if len(self.uploads) >= MAX_FILES:
            raise UploadRefused(status.HTTP_413_CONTENT_TOO_LARGE, f"too many files: at most {MAX_FILES} a request")
        number = len(self.uploads) + 1
        name = display_name(options[b"filename"], number)
        path = self.folder / f"{number:03d}{safe_suffix(name)}"
        self.file = path.open("xb")
        self.uploads.append(Upload(name, path))

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self.size += end - start
        self.total += end - start
        if self.file is None:  # only file parts get this far (on_headers_finished refuses the rest)
            return
        if self.total > MAX_REQUEST_BYTES:
            raise UploadRefused(
                status.HTTP_413_CONTENT_TOO_LARGE,
                f"the files of one request are over {MAX_REQUEST_BYTES:,} bytes together: send them in parts",
            )
        if self.size > self.max_bytes:
            raise UploadRefused(
                status.HTTP_413_CONTENT_TOO_LARGE,
                f"'{self.uploads[-1].name}' is over the limit of {self.max_bytes:,} bytes per file; nothing was read",
            )
        self.file.write(data[start:end])

    def on_part_end(self) -> None:
        self.close()

    def on_end(self) -> None:
        self.complete = True

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_end": self.on_end,
        }

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


async def receive(request: Request, folder: Path, max_bytes: int) -> list[Upload]:
    """The request's files, written into ``folder``; UploadRefused if the request is not a
    multipart upload of files each within ``max_bytes``."""
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data":
        raise UploadRefused(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "send the files as multipart/form-data")
    if not options.get(b"boundary"):
        raise UploadRefused(status.HTTP_422_UNPROCESSABLE_CONTENT, "multipart/form-data without a boundary")
    parts = _Parts(folder, max_bytes)
    try:
        parser = MultipartParser(options[b"boundary"], parts.callbacks())
        async for chunk in request.stream():
            parser.write(chunk)  # small writes to local disk: cheaper than a thread hop per chunk
        parser.finalize()
    except (FormParserError, ValueError) as exc:
        raise UploadRefused(status.HTTP_422_UNPROCESSABLE_CONTENT, "malformed multipart/form-data") from exc
    except ClientDisconnect as exc:
        raise UploadRefused(status.HTTP_400_BAD_REQUEST, "the upload was interrupted") from exc
    finally:
        parts.close()
    if not parts.complete:
        raise UploadRefused(
            status.HTTP_422_UNPROCESSABLE_CONTENT, "incomplete multipart/form-data (no closing boundary)"
        )
    if not parts.uploads:
        raise UploadRefused(status.HTTP_422_UNPROCESSABLE_CONTENT, "no files in the request: send them as 'files'")
    return parts.uploads
