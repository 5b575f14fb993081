"""The network layer under ``storyline.ingest.http``: checked connections, one deadline.

Built on public, documented APIs only: an ``httpx.BaseTransport`` (httpx's custom
transport interface) over an ``httpcore.ConnectionPool`` given our own
``httpcore.NetworkBackend`` (httpcore's network-backend interface).

``GuardedBackend.connect_tcp`` resolves the host name once, passes every address to
the caller's check (which raises to refuse), then connects to one of those checked IP
addresses — never to the name — so a DNS answer that changes between the check and
the connection (DNS rebinding) cannot slip through. TLS still verifies the host name:
httpcore hands the name, not the address, to ``start_tls``.

The deadline lives in a thread-local that every read, write, TLS handshake and DNS
lookup of the current thread is bounded by (``bounded``), so a server trickling a byte
every few seconds is cut at the deadline, not after it.
"""

from __future__ import annotations

import contextlib
import functools
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpcore
import httpx

from storyline.errors import FetchError, UnreachableError

__all__ = [
    "DEADLINE",
    "AddressCheck",
    "DeadlineExceededError",
    "GuardedBackend",
    "GuardedTransport",
    "bounded",
    "resolve",
]

#: ``check(address, host)`` raises to refuse connecting ``host`` at ``address``.
AddressCheck = Callable[[str, str], None]


# --------------------------------------------------------------------------- deadline


class _Deadline(threading.local):
    """The monotonic time by which the current thread's response must be complete."""

    at: float | None = None


DEADLINE = _Deadline()


class DeadlineExceededError(Exception):
    """The current thread's ``DEADLINE`` has passed."""


def bounded(timeout: float | None) -> float | None:
    """``timeout`` shortened to what is left of the deadline; raise when none is left."""
    if DEADLINE.at is None:
        return timeout
    left = DEADLINE.at - time.monotonic()
    if left <= 0:
        raise DeadlineExceededError
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, bounded(timeout))
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


# --------------------------------------------------------------------------- connecting


class GuardedBackend(httpcore.NetworkBackend):
    """Resolve once, check every address, then connect to a checked address."""

    def __init__(self, check: AddressCheck, sockets: httpcore.NetworkBackend | None = None) -> None:
        self._check = check
        self._sockets = sockets or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.checked_addresses(host, port, bounded(timeout))
        for number, address in enumerate(addresses, start=1):
            try:
                stream = self._sockets.connect_tcp(
                    address, port, bounded(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout):
                if number == len(addresses):  # the last checked address failed too
                    raise
                continue
            return _DeadlineStream(stream)
        raise FetchError("no address to connect to", path=host)  # pragma: no cover

    def checked_addresses(self, host: str, port: int, timeout: float | None) -> list[str]:
        """Every address of ``host``; all must pass, so a mixed answer is refused."""
        infos = resolve(host, port, timeout)
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:
            self._check(address, host)
        return addresses

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def resolve(host: str, port: int, timeout: float | None) -> list[Any]:
    """``getaddrinfo`` within ``timeout``: the system resolver has no timeout of its own
    that we control, so it runs in a daemon thread that is abandoned when too slow."""
    answer: list[Any] = []
    failure: list[BaseException] = []

    def lookup() -> None:
        try:
            answer.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as error:
            failure.append(error)

    worker = threading.Thread(target=lookup, name="storyline-dns", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise UnreachableError(f"no DNS answer within {timeout or 0:g} s", path=host)
    if failure or not answer:
        raise UnreachableError("unknown host (no DNS entry or no network)", path=host)
    return answer


# --------------------------------------------------------------------------- transport

#: httpcore's errors and the httpx errors they are raised as (most specific first).
_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
)
_CORE_ERRORS = tuple(core for core, _ in _ERRORS)


@contextlib.contextmanager
def _as_httpx_errors(request: httpx.Request) -> Iterator[None]:
    """httpcore's transport errors raised as httpx's, as an httpx transport must."""
    try:
        yield
    except _CORE_ERRORS as error:
        kind = next(ours for core, ours in _ERRORS if isinstance(error, core))
        raise kind(str(error) or type(error).__name__, request=request) from error


class _Body(httpx.SyncByteStream):
    """An httpcore response body as an httpx response stream."""

    def __init__(self, response: httpcore.Response, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors(self._request):
            yield from self._response.iter_stream()

    def close(self) -> None:
        self._response.close()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport whose connections are all made by a ``GuardedBackend``.

    No proxies and no environment settings: the check is on the real target.
    """

    def __init__(self, check: AddressCheck) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=tls_context(),
            max_connections=4,
            max_keepalive_connections=4,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(check),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            headers=request.headers.raw,
            content=request.read(),
            extensions=request.extensions,  # the client's timeouts
        )
        with _as_httpx_errors(request):
            response = self._pool.handle_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response, request),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The system's certificates, plus certifi's where installed."""
    context = ssl.create_default_context()
    try:
        import certifi
    except ImportError:  # pragma: no cover - certifi comes with httpx
        return context
    context.load_verify_locations(cafile=certifi.where())
    return context
