"""Rate limits that slow attackers down without locking the office out (docs/SECURITY.md, "Limits").

Why it looks like this:
- v1 counted failures per address and checked them before the token, so one bad request every
  30 s kept the right staff token at 429 forever, and behind a reverse proxy every client shared
  one address. Now the client address is the socket peer unless that peer is a configured trusted
  proxy (`client_address`), IPv6 clients count per /64 (one host usually owns a whole /64), and
  staff logins are throttled on three keys at once: per (account, address) with back-off, per
  address, and per account with a capped back-off that a valid device cookie skips (OWASP
  "Slow Down Online Guessing Attacks with Device Cookies"). A flood from elsewhere therefore
  delays only devices that have never logged in, by at most a minute, and never locks anyone.
- Requests answered 429 are not counted: only real attempts that failed move a back-off forward.
- Kiosks behind the office's NAT share one address: `office_networks` are exempt from the
  per-address limits (draft and case guesses, submissions, new cases); the global limits still hold.
- State is per process and in memory (documented: with W workers each budget is effectively xW).
  Every table is bounded (`max_keys`): when full, keys whose events have all expired are dropped,
  then the least recently used. Each key keeps at most `limit` timestamps.
"""

import base64
import hashlib
import hmac
import ipaddress
import math
import secrets
import threading
import time
from array import array
from collections import OrderedDict

from server.api_spec import limit

LOGIN_WINDOW = 15 * 60
PAIR_FAILURES, PAIR_BACKOFF_CAP = 5, 15 * 60          # per (account, address)
ADDRESS_FAILURES = 30                                 # per address, then wait for the window
ACCOUNT_FAILURES, ACCOUNT_BACKOFF_CAP = 10, 60        # per account, devices without a cookie
DEVICE_FAILURES = 10                                  # a device cookie used this often is distrusted
# The draft and submission limits and their windows: spec/api.json (the Config's defaults too).
DRAFT_WINDOW, DRAFT_PER_ADDRESS, DRAFT_GLOBAL = (
    limit("draft_guess_window_seconds"), limit("draft_guesses_per_address"), limit("draft_guesses_global"))
SUBMISSION_WINDOW, SUBMISSIONS_PER_ADDRESS, SUBMISSIONS_GLOBAL = (
    limit("submission_window_seconds"), limit("submissions_per_hour_per_address"), limit("submissions_per_hour_global"))
CASE_GUESSES_PER_ADDRESS, CASE_GUESSES_GLOBAL = limit("case_guesses_per_address"), limit("case_guesses_global")
CASES_PER_ADDRESS, CASES_GLOBAL = limit("cases_per_hour_per_address"), limit("cases_per_hour_global")
DEVICE_COOKIE_SECONDS = 90 * 86400
DEFAULT_MAX_KEYS = 20_000  # per counter; ~6-10 MB at worst (measured: 320-500 bytes per key)


def parse_networks(cidrs):
    """CIDR strings (a bare address is a /32 or /128) -> ip_network objects; ValueError if bad."""
    return tuple(ipaddress.ip_network(str(c).strip(), strict=False) for c in cidrs or ())


def _ip(text):
    """An ip_address from a peer or X-Forwarded-For entry ('[v6]' and v4-mapped v6 unwrapped), or None."""
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # "1.2.3.4:port"
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip


def _in(ip, networks):
    return ip is not None and any(ip.version == n.version and ip in n for n in networks)


def client_address(peer, forwarded_for, trusted_proxies):
    """The client's address as a string: the socket peer, unless the peer is a trusted proxy; then
    the right-most X-Forwarded-For entry that is not itself a trusted proxy.

    `forwarded_for`: the header values (a list, several headers allowed) or one string. Entries are
    read from the right because each proxy appends the address it saw; everything to the left of
    the first untrusted hop was written by the client and is not believed.
    """
    peer_ip = _ip(peer)
    if not _in(peer_ip, trusted_proxies):
        return str(peer_ip) if peer_ip is not None else str(peer)
    if isinstance(forwarded_for, str):
        forwarded_for = [forwarded_for]
    entries = [e for value in forwarded_for or () for e in value.split(",")]
    hop = peer_ip
    for entry in reversed(entries):
        ip = _ip(entry)
        if ip is None:
            break  # garbage from the client side: stop at the last hop we trust
        hop = ip
        if not _in(ip, trusted_proxies):
            break
    return str(hop)


def address_key(address):
    """The key the per-address limits count under: IPv4 as is, IPv6 by its /64."""
    ip = _ip(address)
    if ip is None:
        return str(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class Window:
    """Events per key in a sliding window of `window` seconds; at most `limit` kept per key.
    `retry_after(key)` is 0 while fewer than `limit` events are in the window; `limit` 0 = unlimited."""

    def __init__(self, limit, window, clock=time.monotonic, max_keys=DEFAULT_MAX_KEYS):
        self.limit, self.window, self.clock, self.max_keys = limit, window, clock, max_keys
        self._events = OrderedDict()  # key -> array of event times, oldest first; LRU order
        self._lock = threading.Lock()

    def _recent(self, key, now):
        times = self._events.get(key)
        if times is None:
            return None
        cut = 0
        while cut < len(times) and times[cut] <= now - self.window:
            cut += 1
        if cut:
            del times[:cut]
        if not times:
            del self._events[key]
            return None
        return times

    def _wait(self, times, now):
        n = len(times) if times is not None else 0
        if self.limit <= 0 or n < self.limit:
            return 0.0
        return max(0.0, times[n - self.limit] + self.window - now)

    def retry_after(self, key):
        """Seconds (rounded up, at least 1) until `key` may try again; 0 if it may now."""
        with self._lock:
            now = self.clock()
            return _seconds(self._wait(self._recent(key, now), now))

    def add(self, key):
        with self._lock:
            self._add(key, self.clock())

    def take(self, key):
        """Count one event unless the key is over its limit; returns retry_after (0 = counted)."""
        with self._lock:
            now = self.clock()
            wait = self._wait(self._recent(key, now), now)
            if wait > 0:
                return _seconds(wait)
            self._add(key, now)
            return 0

    def _add(self, key, now):
        if self.limit <= 0:
            return  # unlimited: nothing to remember
        times = self._recent(key, now)
        if times is None:
            _make_room(self._events, self.max_keys, lambda k: self._recent(k, now))
            times = self._events[key] = array("d")
        else:
            self._events.move_to_end(key)
        times.append(now)
        if len(times) > self.limit:
            del times[0]

    def clear(self, key):
        with self._lock:
            self._events.pop(key, None)

    def __len__(self):
        return len(self._events)


class Backoff:
    """Failure streaks per key: from the `free`-th failure on, the key waits min(cap, 2**(n - free))
    seconds after its last failure (1 s, 2 s, 4 s, ...). A streak ends when no failure came for
    `quiet` seconds, so an attacker who retries at the cap stays at the cap (a sliding window would
    forget its early failures and start the doubling again)."""

    def __init__(self, free, cap, quiet, clock=time.monotonic, max_keys=DEFAULT_MAX_KEYS):
        self.free, self.cap, self.quiet, self.clock, self.max_keys = free, cap, quiet, clock, max_keys
        self._streaks = OrderedDict()  # key -> [failures, time of the last one]; LRU order
        self._lock = threading.Lock()

    def _current(self, key, now):
        streak = self._streaks.get(key)
        if streak is not None and now - streak[1] > self.quiet:
            del self._streaks[key]
            return None
        return streak

    def retry_after(self, key):
        with self._lock:
            now = self.clock()
            streak = self._current(key, now)
            if streak is None or streak[0] < self.free:
                return 0
            delay = min(self.cap, 2.0 ** min(streak[0] - self.free, 62))
            return _seconds(streak[1] + delay - now)

    def add(self, key):
        with self._lock:
            now = self.clock()
            streak = self._current(key, now)
            if streak is None:
                _make_room(self._streaks, self.max_keys, lambda k: self._current(k, now))
                self._streaks[key] = [1, now]
            else:
                streak[0], streak[1] = streak[0] + 1, now
                self._streaks.move_to_end(key)

    def clear(self, key):
        with self._lock:
            self._streaks.pop(key, None)

    def __len__(self):
        return len(self._streaks)


def _seconds(wait):
    return max(1, math.ceil(wait)) if wait > 0 else 0


def _make_room(table, max_keys, expire):
    """Before adding a key to a full table: drop expired keys, then the least recently used.

    Tables are ordered by each key's last event, so expired keys sit at the front: the scan
    stops at the first key that still counts (no walk over the whole table per insert, which a
    flood of new addresses would turn into quadratic work). If nothing expired, a tenth of the
    table (least recently used first) goes at once, so the next full table is 10% away."""
    if len(table) < max_keys:
        return
    while table and expire(next(iter(table))) is None:
        pass
    if len(table) >= max_keys:
        for _ in range(len(table) - max_keys * 9 // 10):
            table.popitem(last=False)


class DeviceCookies:
    """Signed `anl_device` cookies: "this browser has logged in as NAME before".

    Value: `<name>.<expires unix>.<nonce>.<mac>` with mac = HMAC-SHA256(secret, "anl-device|" +
    the rest), base64url. Names may contain '.', so the fields are split from the right.
    The secret comes from `secret()` (the server secret in the store), read at each use so every
    process agrees even if two created it at the same moment.
    """

    def __init__(self, secret, clock=time.time, lifetime=DEVICE_COOKIE_SECONDS):
        self.secret, self.clock, self.lifetime = secret, clock, lifetime

    def _mac(self, payload):
        mac = hmac.new(self.secret(), b"anl-device|" + payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def issue(self, name):
        payload = f"{name}.{int(self.clock()) + self.lifetime}.{secrets.token_urlsafe(16)}"
        return f"{payload}.{self._mac(payload)}"

    def check(self, value, name):
        """The cookie's nonce if `value` is a valid, unexpired device cookie for `name`, else None."""
        if not value or len(value) > 256:
            return None
        parts = value.rsplit(".", 3)
        if len(parts) != 4:
            return None
        cookie_name, expires, nonce, mac = parts
        payload = f"{cookie_name}.{expires}.{nonce}"
        if not hmac.compare_digest(self._mac(payload), mac):
            return None
        if cookie_name != name or not expires.isdigit() or int(expires) < self.clock():
            return None
        return nonce


class Limits:
    """All limits of one process; built from the Config (fields read with getattr so a missing
    one falls back to the documented default)."""

    def __init__(self, config=None, clock=time.monotonic, max_keys=DEFAULT_MAX_KEYS):
        get = lambda name, default: getattr(config, name, default) if config is not None else default  # noqa: E731
        self.trusted_proxies = parse_networks(get("trusted_proxies", ()))
        self.office_networks = parse_networks(get("office_networks", ()))
        w = lambda limit, window: Window(limit, window, clock, max_keys)  # noqa: E731
        self.login_pair = Backoff(PAIR_FAILURES, PAIR_BACKOFF_CAP, LOGIN_WINDOW, clock, max_keys)
        self.login_address = w(ADDRESS_FAILURES, LOGIN_WINDOW)
        self.login_account = Backoff(ACCOUNT_FAILURES, ACCOUNT_BACKOFF_CAP, LOGIN_WINDOW, clock, max_keys)
        self.login_device = w(DEVICE_FAILURES, LOGIN_WINDOW)
        self.draft_address = w(get("draft_guesses_per_address", DRAFT_PER_ADDRESS), DRAFT_WINDOW)
        self.draft_global = w(get("draft_guesses_global", DRAFT_GLOBAL), DRAFT_WINDOW)
        self.submission_address = w(get("submissions_per_hour_per_address", SUBMISSIONS_PER_ADDRESS),
                                    SUBMISSION_WINDOW)
        self.submission_global = w(get("submissions_per_hour_global", SUBMISSIONS_GLOBAL), SUBMISSION_WINDOW)
        self.case_guess_address = w(CASE_GUESSES_PER_ADDRESS, DRAFT_WINDOW)
        self.case_guess_global = w(CASE_GUESSES_GLOBAL, DRAFT_WINDOW)
        self.case_address = w(CASES_PER_ADDRESS, SUBMISSION_WINDOW)
        self.case_global = w(CASES_GLOBAL, SUBMISSION_WINDOW)

    def client_address(self, peer, forwarded_for):
        return client_address(peer, forwarded_for, self.trusted_proxies)

    def is_trusted_proxy(self, peer):
        return _in(_ip(peer), self.trusted_proxies)

    def in_office(self, address):
        return _in(_ip(address), self.office_networks)

    # -- staff login -------------------------------------------------------------------------

    def login_retry_after(self, name, address, device_nonce=None):
        """0 if a login attempt for `name` from `address` may be checked now, else seconds to wait.
        `device_nonce`: from DeviceCookies.check for this name (None without a valid cookie)."""
        key = address_key(address)
        waits = [self.login_address.retry_after(key), self.login_pair.retry_after((name, key))]
        if not self._device_trusted(device_nonce):
            waits.append(self.login_account.retry_after(name))
        return max(waits)

    def login_failed(self, name, address, device_nonce=None):
        key = address_key(address)
        self.login_address.add(key)
        self.login_pair.add((name, key))
        if self._device_trusted(device_nonce):
            self.login_device.add(device_nonce)
        else:
            self.login_account.add(name)

    def login_succeeded(self, name, address):
        self.login_pair.clear((name, address_key(address)))

    def _device_trusted(self, nonce):
        return nonce is not None and self.login_device.retry_after(nonce) == 0

    # -- guesses of draft ids and case tokens -------------------------------------------------
    # A guess is counted per address (office networks exempt) and globally; while either is over
    # its budget every attempt waits, the right token too (Retry-After).

    def _guess_retry_after(self, address, per_address, everyone):
        waits = [everyone.retry_after("*")]
        if not self.in_office(address):
            waits.append(per_address.retry_after(address_key(address)))
        return max(waits)

    def _guessed(self, address, per_address, everyone):
        everyone.add("*")
        if not self.in_office(address):
            per_address.add(address_key(address))

    def draft_retry_after(self, address):
        return self._guess_retry_after(address, self.draft_address, self.draft_global)

    def draft_failed(self, address):
        self._guessed(address, self.draft_address, self.draft_global)

    def case_retry_after(self, address):
        return self._guess_retry_after(address, self.case_guess_address, self.case_guess_global)

    def case_failed(self, address):
        self._guessed(address, self.case_guess_address, self.case_guess_global)

    # -- submissions and new cases -----------------------------------------------------------

    def _take(self, address, per_address, everyone):
        """Count one attempt; 0 if it may go on, else seconds to wait (not counted)."""
        if not self.in_office(address):
            wait = per_address.retry_after(address_key(address))
            if wait:
                return wait
        wait = everyone.take("*")
        if wait:
            return wait
        if not self.in_office(address):
            per_address.add(address_key(address))
        return 0

    def take_submission(self, address):
        return self._take(address, self.submission_address, self.submission_global)

    def take_case(self, address):
        return self._take(address, self.case_address, self.case_global)
