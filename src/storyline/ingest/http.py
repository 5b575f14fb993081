"""Safe HTTP for every download: public addresses only, bounded in time and size.

Every connection is made by ``network.GuardedBackend`` (an httpcore network backend
under a custom httpx transport, both public APIs): the host name is resolved once, each
address is checked here by ``check_address`` (loopback, private, link-local, multicast,
reserved and other non-public addresses are refused unless ``allow_private``), and the
socket connects to the address that was checked, so a DNS answer that changes between
the check and the connection (DNS rebinding) cannot slip through. Redirects are followed
here, not by httpx, so each hop's scheme (http/https only) and address are checked again.

Time: a connect timeout, a stall timeout per read and a total deadline per response.
The deadline (``network.DEADLINE``) is a thread-local that the connection's stream reads
before each I/O call, so a server trickling a byte every few seconds is cut at the deadline, not
after it. Size: ``Content-Length`` is checked first and the decoded body is counted
while it arrives, so neither a lying header nor a gzip bomb gets past the limit.

Politeness: one request at a time per client and a minimum spacing between two
requests to the same host (longer where robots.txt asks for a Crawl-delay).
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from storyline import __version__
from storyline.errors import FetchError, UnreachableError
from storyline.ingest import common
from storyline.ingest.common import check_size
from storyline.ingest.network import DEADLINE, DeadlineExceededError, GuardedTransport

__all__ = [
    "USER_AGENT",
    "FetchPolicy",
    "HttpClient",
    "HttpResponse",
    "RefusedError",
    "check_address",
]

USER_AGENT = f"storyline/{__version__} (news article reader; +https://pypi.org/project/storyline/)"
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SCHEMES = ("http", "https")


class RefusedError(FetchError):
    """A download storyline will not make: a non-public address or a scheme not allowed."""

    code = "refused"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What every download must respect."""

    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()  # non-public networks allowed one by one
    connect_timeout: float = 10.0
    stall_timeout: float = 20.0  # longest wait for the next bytes
    deadline: float = 60.0  # whole response, redirects included (not our spacing pauses)
    max_bytes: int | None = None  # None: ``common.MAX_INPUT_BYTES`` at call time
    max_redirects: int = 5
    host_spacing: float = 1.0  # seconds between two requests to one host
    user_agent: str = USER_AGENT

    @property
    def byte_limit(self) -> int:
        return common.MAX_INPUT_BYTES if self.max_bytes is None else self.max_bytes


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A complete response: final URL, status, headers (lower-case names) and body."""

    url: str
    status: int
    headers: Mapping[str, str]
    data: bytes
    content_type: str | None = None  # "text/html", lower case, no parameters
    charset: str | None = None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def check_address(address: str, *, host: str, policy: FetchPolicy) -> None:
    """Refuse an IP address that is not on the public internet (unless allowed)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if policy.allow_private or ip.is_global:
        return
    if any(ip in ipaddress.ip_network(net) for net in policy.allowed_networks):
        return
    kind = next(
        (
            name
            for name, flag in (
                ("loopback", ip.is_loopback),
                ("link-local", ip.is_link_local),
                ("multicast", ip.is_multicast),
                ("private", ip.is_private),
                ("reserved", ip.is_reserved),
                ("unspecified", ip.is_unspecified),
            )
            if flag
        ),
        "non-public",
    )
    shown = host if host == str(ip) else f"{host} ({ip})"
    raise RefusedError(
        f"refused: {shown} is a {kind} address (--allow-private lifts this)", path=host
    )


# --------------------------------------------------------------------------- client


@dataclass
class _HostGate:
    """When each host may be asked again."""

    spacing: float
    next_at: dict[str, float] = field(default_factory=dict)
    spacing_of: dict[str, float] = field(default_factory=dict)  # Crawl-delay per host

    def wait(self, host: str) -> float:
        """Sleep until ``host`` may be asked again; return the seconds slept."""
        pause = self.next_at.get(host, 0.0) - time.monotonic()
        if pause <= 0:
            return 0.0
        time.sleep(pause)
        return pause

    def done(self, host: str) -> None:
        spacing = max(self.spacing, self.spacing_of.get(host, 0.0))
        self.next_at[host] = time.monotonic() + spacing
        if len(self.next_at) > 10_000:  # forget hosts whose pause is long over
            now = time.monotonic()
            self.next_at = {h: t for h, t in self.next_at.items() if t > now}

    def set_spacing(self, host: str, seconds: float) -> None:
        """Space requests to ``host`` by ``seconds`` (at most a minute: a Crawl-delay)."""
        if len(self.spacing_of) > 10_000:
            self.spacing_of.clear()
        self.spacing_of[host] = min(max(seconds, 0.0), 60.0)


class HttpClient:
    """Downloads under a ``FetchPolicy``; one request at a time, spaced per host."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        timeout = httpx.Timeout(
            connect=self.policy.connect_timeout,
            read=self.policy.stall_timeout,
            write=self.policy.stall_timeout,
            pool=self.policy.connect_timeout,
        )
        self._client = httpx.Client(
            transport=GuardedTransport(self._check),
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.policy.user_agent, "Accept": _ACCEPT},
        )
        self.hosts = _HostGate(self.policy.host_spacing)
        self._lock = threading.Lock()
        self.requests = 0  # sent, redirects included

    def _check(self, address: str, host: str) -> None:
        check_address(address, host=host, policy=self.policy)

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> HttpResponse:
        """GET ``url`` following safe redirects; any final status is returned."""
        with self._lock:
            DEADLINE.at = time.monotonic() + self.policy.deadline
            try:
                return self._follow(url, dict(headers or {}))
            finally:
                DEADLINE.at = None

    def _follow(self, url: str, headers: dict[str, str]) -> HttpResponse:
        current = url
        for _ in range(self.policy.max_redirects + 1):
            _check_scheme(current, origin=url)
            response = self._once(current, headers, origin=url)
            location = response.header("location")
            if response.status not in _REDIRECTS or not location:
                return response
            try:
                current = str(httpx.URL(current).join(location.strip()))
            except httpx.InvalidURL:
                raise FetchError(f"bad redirect location {location!r}", path=url) from None
        raise FetchError(f"more than {self.policy.max_redirects} redirects", path=url)

    def _once(self, url: str, headers: dict[str, str], *, origin: str) -> HttpResponse:
        host = _host_of(url, origin=origin)
        paused = self.hosts.wait(host)
        if DEADLINE.at is not None:  # our own politeness is not the server's slowness
            DEADLINE.at += paused
        self.requests += 1
        try:
            return self._download(url, headers, origin=origin)
        except (DeadlineExceededError, httpx.TimeoutException):
            raise UnreachableError(self._timeout_text(), path=origin) from None
        except httpx.ConnectError as error:
            raise UnreachableError(_connect_text(error), path=origin) from None
        except httpx.DecodingError:
            raise FetchError("cannot decode the response body", path=origin) from None
        except httpx.HTTPError as error:
            reason = f"bad HTTP response ({type(error).__name__})"
            raise UnreachableError(reason, path=origin) from None
        except FetchError as error:  # refused, unreachable: the same kind, for the origin
            raise type(error)(error.message, path=origin) from None
        finally:
            self.hosts.done(host)

    def _download(self, url: str, headers: dict[str, str], *, origin: str) -> HttpResponse:
        limit = self.policy.byte_limit
        with self._client.stream("GET", url, headers=headers) as response:
            length = response.headers.get("content-length", "")
            if length.isdigit():
                check_size(int(length), origin=origin, limit=limit)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                check_size(size, origin=origin, limit=limit)
                chunks.append(chunk)
            media = response.headers.get("content-type")
            return HttpResponse(
                url=str(response.url),
                status=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                data=b"".join(chunks),
                content_type=media.split(";")[0].strip().lower() if media else None,
                charset=response.charset_encoding,
            )

    def _timeout_text(self) -> str:
        if DEADLINE.at is not None and time.monotonic() >= DEADLINE.at - 0.01:
            return f"no complete response within {self.policy.deadline:g} s"
        return f"timed out after {self.policy.stall_timeout:g} s"

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_scheme(url: str, *, origin: str) -> None:
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in _SCHEMES:
        what = f"a {scheme}:// URL" if scheme else "a URL without scheme"
        hop = "" if url == origin else " (redirect)"
        raise RefusedError(f"refused: {what}{hop}; only http and https", path=origin)


def _host_of(url: str, *, origin: str) -> str:
    """The host ``url`` names; a URL httpx cannot send (a control character, a bad port)
    is a one-line ``FetchError``."""
    try:
        return httpx.URL(url).host
    except httpx.InvalidURL as error:
        raise FetchError(f"not a valid URL ({error})", path=origin) from None


def _connect_text(error: httpx.ConnectError) -> str:
    text = str(error).lower()
    if "refused" in text:
        return "connection refused"
    if "name or service" in text or "getaddrinfo" in text:
        return "unknown host (no DNS entry or no network)"
    return str(error) or "cannot connect"
