"""The link checker: every external address and document of a model's live pages, checked
concurrently and politely, with the results stored for the admin and the model check.

Collecting reads each page type once. Checking uses the standard library only (a thread pool
and urllib): HEAD first, GET when the server refuses HEAD, a timeout per request, a few
redirects, at most a few requests at a time to one host with a small pause between them, and
a User-Agent that says who is asking. An address used on several pages is fetched once.

Anyone who may publish a link chooses where the checker connects, so it must not become a
scanner of the server's own network: every connection (the first and each redirect) resolves
the host itself, refuses when any address is loopback, private, link-local or reserved, and
connects to the address it vetted, so a second DNS answer cannot differ. Such links are stored
as "not checked: internal address". A response is never read past 1 KB, and every address has
a total deadline besides the timeout per connection.
"""

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models

from models_app.core.blocks import address_validator
from models_app.tools.models import ToolPage

from .models import LinkCheckResult

USER_AGENT = "samhandling-lenkesjekk/1.0 (+{base}; checks the links of a samhandlingsmodell)"
MAX_REDIRECTS = 5
PER_HOST = 2  # requests at a time to one host
HOST_DELAY = 0.2  # seconds between the starts of two requests to one host
RETRY_WITH_GET = (405, 501)  # servers that do not allow HEAD
ERROR_LENGTH = 255  # LinkCheckResult.error
INTERNAL_ADDRESS = "internal address"  # stored as the error of a link that was not checked
MAX_BODY = 1024  # bytes read of a GET response: enough to know the body starts
DEADLINE_FACTOR = 3  # an address, redirects included, gets at most this many timeouts in all


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None = None
    error: str = ""
    skipped: bool = False  # not checked at all (an internal address)


@dataclass
class Target:
    """One address (or document) to check, and the pages that use it."""

    url: str
    document: object = None
    page_ids: set = field(default_factory=set)


# -- collecting --------------------------------------------------------------------------------


class HrefParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def hrefs_in(html):
    parser = HrefParser()
    parser.feed(html)
    parser.close()
    return parser.hrefs


def is_web_address(value):
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))


def addresses_in_raw(raw):
    """Web addresses in StreamField raw data: LinkBlock `url` values (also inside steps) and
    links in rich text."""
    if isinstance(raw, dict):
        for key, value in raw.items():
            if key == "url" and is_web_address(value):
                yield value.strip()
            else:
                yield from addresses_in_raw(value)
    elif isinstance(raw, list):
        for item in raw:
            yield from addresses_in_raw(item)
    elif isinstance(raw, str) and "href" in raw:
        yield from (href.strip() for href in hrefs_in(raw) if is_web_address(href))


def field_kinds(model):
    """(address fields, rich text fields, stream fields) of a page type."""
    address, rich, stream = [], [], []
    for model_field in model._meta.get_fields():
        if getattr(model_field, "model", None) is Page or not hasattr(model_field, "attname"):
            continue
        if isinstance(model_field, RichTextField):
            rich.append(model_field.attname)
        elif isinstance(model_field, StreamField):
            stream.append(model_field.attname)
        elif address_validator in getattr(model_field, "validators", []):
            address.append(model_field.attname)
    return address, rich, stream


def page_addresses(page, kinds):
    address_fields, rich_fields, stream_fields = kinds
    for name in address_fields:
        value = getattr(page, name)
        if is_web_address(value):
            yield value.strip()
    for name in rich_fields:
        yield from (
            h.strip() for h in hrefs_in(str(getattr(page, name) or "")) if is_web_address(h)
        )
    for name in stream_fields:
        yield from addresses_in_raw(list(getattr(page, name).raw_data))


def model_page_types():
    """The page types of our apps (models_app.*), not Wagtail's own."""
    return [model for model in get_page_models() if model.__module__.startswith("models_app.")]


def collect_targets(model_page):
    """Every external address and document on the model's reachable live pages, by address.

    One query per page type, plus one for the unpublished pages that hide their subtrees."""
    hidden = tuple(
        Page.objects.descendant_of(model_page, inclusive=True)
        .filter(live=False)
        .values_list("path", flat=True)
    )
    targets = {}
    for model in model_page_types():
        kinds = field_kinds(model)
        if not any(kinds) and model is not ToolPage:
            continue
        pages = model.objects.descendant_of(model_page, inclusive=True).live()
        if model is ToolPage:
            pages = pages.select_related("document")
        for page in pages:
            if hidden and page.path.startswith(hidden):
                continue
            for url in page_addresses(page, kinds):
                targets.setdefault(url, Target(url)).page_ids.add(page.pk)
            document = getattr(page, "document", None) if model is ToolPage else None
            if document is not None:
                target = targets.setdefault(document.url, Target(document.url, document=document))
                target.page_ids.add(page.pk)
    return targets


# -- checking ----------------------------------------------------------------------------------


class HostThrottle:
    """At most `per_host` requests at a time to one host, started `delay` seconds apart."""

    def __init__(self, per_host=PER_HOST, delay=HOST_DELAY):
        self.per_host = max(1, per_host)
        self.delay = delay
        self.lock = threading.Lock()
        self.slots = {}
        self.next_start = {}

    @contextmanager
    def slot(self, host):
        with self.lock:
            semaphore = self.slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with semaphore:
            with self.lock:
                now = time.monotonic()
                start = max(now, self.next_start.get(host, now))
                self.next_start[host] = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield


# -- where the checker may connect -----------------------------------------------------------


class InternalAddressError(OSError):
    """The host resolves to an address of the server's own or a private network."""


def allowed_networks():
    """Networks an operator allows despite being internal (LINK_CHECK_ALLOWED_NETWORKS)."""
    return [
        ipaddress.ip_network(network, strict=False)
        for network in getattr(settings, "LINK_CHECK_ALLOWED_NETWORKS", ())
    ]


def is_internal(address, allowed=()):
    """Loopback, private, link-local, multicast, reserved or unspecified, in IPv4 or IPv6
    (an IPv4 address mapped into IPv6 counts as the IPv4 address)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in allowed):
        return False
    return not ip.is_global or ip.is_multicast or ip.is_reserved


def vetted_addresses(host, port):
    """getaddrinfo's answers for host:port, or InternalAddressError when any is internal: a
    host with one public and one private address is refused as a whole."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as error:
        raise socket.gaierror(str(error)) from error
    allowed = allowed_networks()
    if any(is_internal(answer[4][0], allowed) for answer in answers):
        raise InternalAddressError(INTERNAL_ADDRESS)
    return answers


def vetted_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """socket.create_connection that connects only to addresses it has vetted itself."""
    host, port = address
    error = None
    for family, kind, proto, _name, sockaddr in vetted_addresses(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as failure:
            error = failure
            sock.close()
    raise error or OSError(f"no address for {host}")


class VettedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = vetted_connection


class VettedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = vetted_connection


class VettedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(VettedHTTPConnection, req)


class VettedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(VettedHTTPSConnection, req, context=self._context)


class KeepMethodRedirects(urllib.request.HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirects, keep HEAD a HEAD, and stop at the deadline."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        deadline = getattr(req, "deadline", None)
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError("timed out")
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
            new.deadline = deadline
        return new


def build_opener():
    # No ProxyHandler: through a proxy the checker could not vet where it connects.
    opener = urllib.request.OpenerDirector()
    for handler in (
        VettedHTTPHandler(),
        VettedHTTPSHandler(context=ssl.create_default_context()),
        KeepMethodRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def describe(error):
    """A short English description of why a request failed."""
    reason = getattr(error, "reason", error)
    if isinstance(reason, InternalAddressError):
        return INTERNAL_ADDRESS
    if isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(reason):
        return "timeout"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {reason}"[:ERROR_LENGTH]
    return str(reason)[:ERROR_LENGTH] or error.__class__.__name__


class LinkChecker:
    def __init__(self, timeout=10, workers=8, per_host=PER_HOST, delay=HOST_DELAY):
        self.timeout = timeout
        self.workers = max(1, workers)
        self.throttle = HostThrottle(per_host, delay)
        self.opener = build_opener()
        self.user_agent = USER_AGENT.format(base=settings.WAGTAILADMIN_BASE_URL)

    def request(self, url, method):
        # Only http(s) addresses get here, and the opener has no handler for other schemes.
        request = urllib.request.Request(  # noqa: S310
            url, method=method, headers={"User-Agent": self.user_agent, "Accept": "*/*"}
        )
        request.deadline = time.monotonic() + self.timeout * DEADLINE_FACTOR
        with self.opener.open(request, timeout=self.timeout) as response:
            if method == "GET":
                response.read(MAX_BODY)  # never the whole file
            return response.status

    def check_url(self, url):
        host = (urlsplit(url).hostname or "").lower()
        with self.throttle.slot(host):
            try:
                try:
                    status = self.request(url, "HEAD")
                except urllib.error.HTTPError as error:
                    if error.code not in RETRY_WITH_GET:
                        raise
                    status = self.request(url, "GET")
            except urllib.error.HTTPError as error:
                return Outcome(ok=False, status_code=error.code, error=f"HTTP {error.code}")
            except (OSError, ValueError, http.client.HTTPException) as error:
                problem = describe(error)
                return Outcome(ok=False, error=problem, skipped=problem == INTERNAL_ADDRESS)
        return Outcome(ok=200 <= status < 400, status_code=status)

    @staticmethod
    def check_document(document):
        try:
            exists = bool(document.file) and document.file.storage.exists(document.file.name)
        except OSError as error:
            return Outcome(ok=False, error=describe(error))
        return Outcome(ok=True) if exists else Outcome(ok=False, error="file missing in storage")

    def check(self, target):
        if target.document is not None:
            return self.check_document(target.document)
        return self.check_url(target.url)

    def check_all(self, targets):
        """{address: Outcome}, checked concurrently."""
        targets = list(targets)
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            outcomes = pool.map(self.check, targets)
            return {target.url: outcome for target, outcome in zip(targets, outcomes, strict=True)}


# -- storing -----------------------------------------------------------------------------------


@dataclass
class LinkReport:
    checked: int = 0
    pages: int = 0
    broken: list = field(default_factory=list)  # LinkCheckResult rows that do not work
    skipped: list = field(default_factory=list)  # rows not checked: internal addresses

    @property
    def ok(self):
        return not self.broken


def store_results(model_page, targets, outcomes):
    """One row per page and address; rows of this model that were not checked now go."""
    checked_at = timezone.now()
    kept = []
    with transaction.atomic():
        for url, target in targets.items():
            outcome = outcomes[url]
            for page_id in sorted(target.page_ids):
                result, _created = LinkCheckResult.objects.update_or_create(
                    page_id=page_id,
                    url=url,
                    defaults={
                        "ok": outcome.ok,
                        "status_code": outcome.status_code,
                        "error": outcome.error[:ERROR_LENGTH],
                        "skipped": outcome.skipped,
                        "checked_at": checked_at,
                    },
                )
                kept.append(result.pk)
        LinkCheckResult.objects.filter(page__path__startswith=model_page.path).exclude(
            pk__in=kept
        ).delete()
    return kept


def check_links(model_page, timeout=10, workers=8, per_host=PER_HOST, delay=HOST_DELAY):
    """Collect, check and store; returns a LinkReport."""
    targets = collect_targets(model_page)
    checker = LinkChecker(timeout=timeout, workers=workers, per_host=per_host, delay=delay)
    outcomes = checker.check_all(targets.values())
    store_results(model_page, targets, outcomes)
    failed = (
        LinkCheckResult.objects.filter(page__path__startswith=model_page.path, ok=False)
        .select_related("page")
        .order_by("page__path", "url")
    )
    return LinkReport(
        checked=len(targets),
        pages=len({page_id for target in targets.values() for page_id in target.page_ids}),
        broken=[result for result in failed if not result.skipped],
        skipped=[result for result in failed if result.skipped],
    )
