"""Fetching pages politely, for ``harness capture`` and ``harness recapture``.

urllib3 is the transport: a connection pool, separate connect and read
timeouts, gzip and deflate undone while the body streams in (so the size cap
applies to the bytes that will be stored). Redirects and retries are followed
here, one request at a time rather than inside urllib3, so that every request,
a retry or a redirect hop too, waits its turn at the per-host rate limit, a
Retry-After is honoured (up to a cap), and the redirect chain is recorded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from harness.config import FetchSettings
from harness.errors import HarnessError
from harness.seedstore import Capture, is_html

if TYPE_CHECKING:
    from types import TracebackType

    from urllib3.response import BaseHTTPResponse

PROJECT_PAGE = "https://pypi.org/project/scrape-harness/"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024


class FetchError(HarnessError, OSError):
    """A URL was not captured; the message says why."""

    def __init__(self, url: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        """The last HTTP status received, if a response came at all."""


def default_user_agent() -> str:
    """``scrape-harness/<version> (+<project page>)``: who is asking, and where to read why."""
    try:
        release = version("scrape-harness")
    except PackageNotFoundError:
        release = "unknown"
    return f"scrape-harness/{release} (+{PROJECT_PAGE})"


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched, or None when it is an http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"{url}: not an http or https URL"
    if not parts.hostname:
        return f"{url}: no host in the URL"
    return None


def retryable(status: int) -> bool:
    """Too Many Requests and server errors are worth asking again, later."""
    return status == 429 or 500 <= status <= 599


def human_size(count: float) -> str:
    for unit in ("bytes", "KiB", "MiB"):
        if count < 1024:
            return f"{round(count, 1):g} {unit}"
        count /= 1024
    return f"{round(count, 1):g} GiB"


class HostLimiter:
    """At least ``delay`` seconds between one request to a host ending and the next starting."""

    def __init__(
        self,
        delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self._ended: dict[str, float] = {}

    @contextmanager
    def turn(self, url: str) -> Iterator[None]:
        """Wait until the URL's host may be asked again; the request runs inside."""
        host = (urlsplit(url).hostname or "").lower()
        if (ended := self._ended.get(host)) is not None:
            wait = ended + self.delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        try:
            yield
        finally:
            self._ended[host] = self.clock()


@dataclass(frozen=True)
class Fetched:
    """A page fetched for saving, and how it was reached."""

    capture: Capture
    attempts: int
    """Requests made for the last URL of the chain (1 when the first one answered)."""
    redirects: tuple[str, ...] = ()
    """Each URL a redirect led to, in order; the last is the page's final URL."""


@dataclass(frozen=True)
class Reply:
    """One response: the body is read only when the page may be kept."""

    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes | None = None

    @property
    def status_line(self) -> str:
        return f"HTTP {self.status} {self.reason}".rstrip()

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name), "")


class Fetcher:
    """Fetches pages one request at a time, politely; close it (or use ``with``) when done.

    ``backoff`` is the first retry's wait in seconds, doubled on each retry; a
    longer Retry-After from the server wins, up to ``max_retry_after``, beyond
    which the URL fails rather than blocking the run. ``clock`` and ``sleep``
    are injectable so tests neither wait nor race.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        max_redirects: int = 10,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import urllib3

        self.settings = settings or FetchSettings()
        self.user_agent = self.settings.user_agent or default_user_agent()
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.max_redirects = max_redirects
        self.limiter = HostLimiter(self.settings.host_delay, clock=clock, sleep=sleep)
        self._sleep = sleep
        timeout = self.settings.fetch_timeout
        self._http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
            retries=False,
            headers={
                "User-Agent": self.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                "Accept-Encoding": "gzip, deflate",
            },
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.clear()

    def fetch(
        self,
        url: str,
        *,
        accept: Callable[[str], bool] = is_html,
        keep_errors: bool = False,
        source: str = "capture",
    ) -> Fetched:
        """Fetch ``url``, following redirects; FetchError says why it cannot be kept.

        ``accept`` judges the Content-Type; a page it refuses is not downloaded.
        An error status (4xx, or 5xx once retries are spent) fails unless
        ``keep_errors``, and then the error page is returned with its status.
        """
        current, hops = url, list[str]()
        while True:
            reply, attempts = self._with_retries(current, accept, keep_errors)
            if reply.status in REDIRECTS:
                location = reply.header("location")
                if not location:
                    raise FetchError(
                        url,
                        f"HTTP {reply.status} redirect without a Location header "
                        f"(at {current})",
                        status=reply.status,
                    )
                if len(hops) == self.max_redirects:
                    raise FetchError(
                        url,
                        f"more than {self.max_redirects} redirects (last {current})",
                    )
                current = urljoin(current, location)
                hops.append(current)
                continue
            if reply.body is None:
                tries = f" after {attempts} attempts" if attempts > 1 else ""
                at = f" at {current}" if hops else ""
                raise FetchError(
                    url,
                    f"{reply.status_line}{at}{tries}; not saved",
                    status=reply.status,
                )
            capture = Capture(
                url=url,
                body=reply.body,
                status=reply.status,
                final_url=current if hops else None,
                headers=dict(reply.headers),
                source=source,
            )
            return Fetched(capture, attempts, tuple(hops))

    def _with_retries(
        self, url: str, accept: Callable[[str], bool], keep_errors: bool
    ) -> tuple[Reply, int]:
        from urllib3.exceptions import HTTPError, ProtocolError
        from urllib3.exceptions import TimeoutError as Timeout

        attempts = self.settings.fetch_retries + 1
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                reply = self._exchange(url, last, accept, keep_errors)
            except (Timeout, ProtocolError) as e:
                if last:
                    tries = f" ({attempt} attempts)" if attempt > 1 else ""
                    raise FetchError(url, transport_problem(e, self) + tries) from e
                wait = self.backoff * 2 ** (attempt - 1)
            except HTTPError as e:  # not worth retrying: TLS, a bad body encoding
                raise FetchError(url, f"{type(e).__name__}: {e}") from e
            else:
                if last or not retryable(reply.status):
                    return reply, attempt
                wait = max(self.backoff * 2 ** (attempt - 1), retry_after(reply))
                if wait > self.max_retry_after:
                    raise FetchError(
                        url,
                        f"{reply.status_line}: the server asks to wait "
                        f"{wait:.0f} s, more than the {self.max_retry_after:.0f} s "
                        "this tool waits; try again later",
                        status=reply.status,
                    )
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _exchange(
        self, url: str, last: bool, accept: Callable[[str], bool], keep_errors: bool
    ) -> Reply:
        """One request; the body is read only if this response is the page to keep."""
        with self.limiter.turn(url):
            response = self._http.request(
                "GET",
                url,
                preload_content=False,
                decode_content=True,
                redirect=False,
                retries=False,
            )
            done = False
            try:
                reply = Reply(
                    response.status,
                    response.reason or "",
                    dict(response.headers.itermerged()),
                )
                status = reply.status
                if status in REDIRECTS or (retryable(status) and not last):
                    return reply
                if status >= 400 and not keep_errors:
                    return reply
                content_type = reply.header("content-type")
                if not accept(content_type):
                    raise FetchError(
                        url,
                        f"the response is {content_type or 'without a Content-Type'}, "
                        "not a page to keep; not saved",
                        status=status,
                    )
                body = self._read(url, response)
                done = True
                return replace(reply, body=body)
            finally:
                if not done:
                    response.close()  # unread data would block the connection
                response.release_conn()

    def _read(self, url: str, response: BaseHTTPResponse) -> bytes:
        """The decoded body, refused as soon as it grows over the size cap."""
        cap = self.settings.max_page_bytes
        declared = response.headers.get("content-length", "")
        over = (
            f"over the {human_size(cap)} cap (max_page_bytes in [tool.harness]); "
            "refused, nothing saved"
        )
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(
                url,
                f"the body is {human_size(int(declared))} (Content-Length), {over}",
                status=response.status,
            )
        body = bytearray()
        for chunk in response.stream(CHUNK, decode_content=True):
            body += chunk
            if len(body) > cap:
                raise FetchError(url, f"the body is {over}", status=response.status)
        return bytes(body)


def retry_after(reply: Reply) -> float:
    """Seconds the server asked to wait (delta or HTTP date); 0 when it did not."""
    from urllib3.exceptions import InvalidHeader
    from urllib3.util.retry import Retry

    value = reply.header("retry-after")
    if not value:
        return 0.0
    try:
        return max(0.0, Retry().parse_retry_after(value))
    except InvalidHeader:
        return 0.0


def transport_problem(error: Any, fetcher: Fetcher) -> str:
    """What went wrong below HTTP, in words: a timeout, a refused connection, a reset."""
    from urllib3.exceptions import (
        ConnectTimeoutError,
        NewConnectionError,
        ReadTimeoutError,
    )

    timeout = f"{fetcher.settings.fetch_timeout:g} s"
    if isinstance(error, ReadTimeoutError):
        return f"timed out: no data for {timeout} (fetch_timeout)"
    if isinstance(error, NewConnectionError):
        return f"cannot connect: {str(error).split(': ', 1)[-1]}"
    if isinstance(error, ConnectTimeoutError):
        return f"timed out: could not connect within {timeout} (fetch_timeout)"
    return f"connection broken: {error}"
