"""A real HTTP server on 127.0.0.1 for the capture tests: scripted answers, logged requests.

Each path answers with a list of :class:`Answer`; the first request gets the
first answer, the next the next, and the last answer repeats. Unknown paths get
a 404 page. The server notes when each request arrived (``time.monotonic``) and
with which headers, so tests can measure the client's retries and spacing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Answer:
    """One scripted response."""

    body: bytes = b"<html><body><p>Hello</p></body></html>"
    status: int = 200
    headers: dict[str, str] = field(
        default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"}
    )
    delay: float = 0.0
    """Seconds to wait before answering (cut short when the server stops)."""


@dataclass(frozen=True)
class Request:
    path: str
    arrived: float
    headers: dict[str, str]


class PageServer:
    """What the handler reads its answers from, and where it logs requests."""

    def __init__(self) -> None:
        self.answers: dict[str, list[Answer]] = {}
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self.port = 0
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, *answers: Answer) -> str:
        """Script the answers for ``path``; returns its URL."""
        self.answers[path] = list(answers) or [Answer()]
        return self.url(path)

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def next_answer(self, request: Request) -> Answer:
        with self._lock:
            self.requests.append(request)
            queue = self.answers.get(request.path)
            if not queue:
                return Answer(b"<html><body>Not here</body></html>", status=404)
            return queue.pop(0) if len(queue) > 1 else queue[0]


def handler_for(pages: PageServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            request = Request(self.path, time.monotonic(), dict(self.headers.items()))
            answer = pages.next_answer(request)
            if answer.delay and pages.stopping.wait(answer.delay):
                return
            with suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(answer.status)
                headers = {"Content-Length": str(len(answer.body)), **answer.headers}
                for name, value in headers.items():
                    if name.lower() == "set-cookie":
                        for cookie in value.split("\n"):
                            self.send_header(name, cookie)
                    else:
                        self.send_header(name, value)
                self.end_headers()
                self.wfile.write(answer.body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the tests read pages.requests instead

    return Handler


@contextmanager
def running() -> Iterator[PageServer]:
    """A :class:`PageServer` listening on a free port of 127.0.0.1 until the block ends."""
    pages = PageServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(pages))
    pages.port = httpd.server_address[1]
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield pages
    finally:
        pages.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
