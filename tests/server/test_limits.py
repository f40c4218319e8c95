"""server/limits.py: pure functions with a fake clock first, then the same rules over real HTTP
against serve.py (behind a trusted proxy, so each request can come from its own address)."""

import base64
import os
import sys
import unittest
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import staff_fixture  # noqa: E402
from server import limits  # noqa: E402
from staff_http import StaffTestCase  # noqa: E402


class Clock:
    def __init__(self, t=1000.0):
        self.t = t

    def __call__(self):
        return self.t

    def advance(self, seconds):
        self.t += seconds


class ClientAddress(unittest.TestCase):
    trusted = limits.parse_networks(["10.0.0.0/8", "::1"])

    def test_untrusted_peer_ignores_forwarded_for(self):
        self.assertEqual(limits.client_address("203.0.113.5", "1.2.3.4", self.trusted), "203.0.113.5")
        self.assertEqual(limits.client_address("203.0.113.5", None, self.trusted), "203.0.113.5")

    def test_right_most_untrusted_entry(self):
        # the client wrote "6.6.6.6"; the outer proxy appended what it saw (198.51.100.7), then an inner proxy
        xff = ["6.6.6.6, 198.51.100.7, 10.1.2.3"]
        self.assertEqual(limits.client_address("10.0.0.1", xff, self.trusted), "198.51.100.7")
        self.assertEqual(limits.client_address("::1", ["6.6.6.6", "198.51.100.7"], self.trusted), "198.51.100.7")

    def test_all_trusted_or_garbage(self):
        self.assertEqual(limits.client_address("10.0.0.1", "10.0.0.2", self.trusted), "10.0.0.2")
        self.assertEqual(limits.client_address("10.0.0.1", "", self.trusted), "10.0.0.1")
        self.assertEqual(limits.client_address("10.0.0.1", "1.2.3.4, nonsense, 10.0.0.9", self.trusted), "10.0.0.9")

    def test_forms_of_addresses(self):
        self.assertEqual(limits.client_address("::ffff:203.0.113.5", None, self.trusted), "203.0.113.5")
        self.assertEqual(limits.client_address("10.0.0.1", "[2001:db8::1]:443", self.trusted), "2001:db8::1")
        self.assertEqual(limits.client_address("10.0.0.1", "192.0.2.1:5555", self.trusted), "192.0.2.1")

    def test_ipv6_counts_per_64(self):
        self.assertEqual(limits.address_key("2001:db8:1:2:aaaa::1"), limits.address_key("2001:db8:1:2:bbbb::9"))
        self.assertNotEqual(limits.address_key("2001:db8:1:2::1"), limits.address_key("2001:db8:1:3::1"))
        self.assertEqual(limits.address_key("192.0.2.1"), "192.0.2.1")

    def test_bad_cidr(self):
        with self.assertRaises(ValueError):
            limits.parse_networks(["10.0.0.0/33"])


class WindowTest(unittest.TestCase):
    def test_sliding_window(self):
        clock = Clock()
        w = limits.Window(3, 60, clock=clock)
        for _ in range(3):
            self.assertEqual(w.retry_after("a"), 0)
            w.add("a")
            clock.advance(10)
        self.assertEqual(w.retry_after("a"), 30)  # the first event leaves the window at +60
        self.assertEqual(w.retry_after("b"), 0)
        clock.advance(30)
        self.assertEqual(w.retry_after("a"), 0)

    def test_take_counts_only_when_allowed(self):
        clock = Clock()
        w = limits.Window(2, 100, clock=clock)
        self.assertEqual([w.take("k") for _ in range(4)], [0, 0, 100, 100])
        clock.advance(100)
        self.assertEqual(w.take("k"), 0)

    def test_backoff_doubles_to_cap_and_stays_there(self):
        clock = Clock()
        w = limits.Backoff(5, 900, 900, clock=clock)
        waits = []
        for _ in range(17):
            w.add("k")
            waits.append(w.retry_after("k"))
            clock.advance(waits[-1])  # the attacker retries the moment it may
        self.assertEqual(waits, [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900])
        clock.advance(901)  # a quiet period longer than 15 min ends the streak
        self.assertEqual(w.retry_after("k"), 0)
        w.add("k")
        self.assertEqual(w.retry_after("k"), 0)
        self.assertEqual(len(w), 1)

    def test_backoff_memory_is_bounded(self):
        clock = Clock()
        w = limits.Backoff(1, 60, 900, clock=clock, max_keys=50)
        for i in range(500):
            w.add(i)
        self.assertEqual(len(w), 50)
        self.assertEqual(w.retry_after(499), 1)

    def test_unlimited(self):
        w = limits.Window(0, 60)
        for _ in range(1000):
            self.assertEqual(w.take("k"), 0)
        self.assertEqual(len(w), 0)

    def test_memory_is_bounded(self):
        clock = Clock()
        w = limits.Window(3, 60, clock=clock, max_keys=100)
        for i in range(1000):
            w.add(f"k{i}")
            clock.advance(0.001)
        self.assertLessEqual(len(w), 100)
        self.assertEqual(w.retry_after("k999"), 0)
        w.add("k999"), w.add("k999")
        self.assertGreater(w.retry_after("k999"), 0)  # the most recent keys are remembered
        # each key keeps at most `limit` timestamps
        for _ in range(100):
            w.add("k999")
        self.assertEqual(len(w._events["k999"]), 3)

    def test_expired_keys_go_first(self):
        clock = Clock()
        w = limits.Window(3, 60, clock=clock, max_keys=10)
        for i in range(10):
            w.add(f"old{i}")
        clock.advance(30)
        w.add("recent")  # full: nothing expired yet, so the least recently used tenth goes
        self.assertEqual(len(w), 10)
        self.assertNotIn("old0", w._events)
        clock.advance(31)  # the old ones expire, "recent" does not
        w.add("new")
        self.assertEqual(sorted(w._events), ["new", "recent"])

    def test_a_flood_of_new_keys_stays_cheap(self):
        import time
        w = limits.Window(30, 3600, max_keys=20_000)
        start = time.perf_counter()
        for i in range(100_000):
            w.add(i)
        self.assertLess(time.perf_counter() - start, 5.0)  # linear, not quadratic
        self.assertLessEqual(len(w), 20_000)

class LoginLimits(unittest.TestCase):
    def setUp(self):
        self.clock = Clock()
        self.limits = limits.Limits(clock=self.clock)

    def fail(self, name, address, device=None, n=1):
        for _ in range(n):
            self.limits.login_failed(name, address, device)

    def test_pair_backoff_after_five(self):
        self.fail("anna", "198.51.100.1", n=4)
        self.assertEqual(self.limits.login_retry_after("anna", "198.51.100.1"), 0)
        self.fail("anna", "198.51.100.1")
        self.assertEqual(self.limits.login_retry_after("anna", "198.51.100.1"), 1)
        self.assertEqual(self.limits.login_retry_after("anna", "198.51.100.2"), 0)  # other address
        self.assertEqual(self.limits.login_retry_after("ben", "198.51.100.1"), 0)  # other account

    def test_success_clears_pair_only(self):
        self.fail("anna", "198.51.100.1", n=5)
        self.limits.login_succeeded("anna", "198.51.100.1")
        self.assertEqual(self.limits.login_retry_after("anna", "198.51.100.1"), 0)
        self.assertEqual(len(self.limits.login_address), 1)

    def test_per_address_over_accounts(self):
        for i in range(30):
            self.fail(f"user{i}", "198.51.100.1")
        self.assertEqual(self.limits.login_retry_after("someone", "198.51.100.1"), 900)
        self.assertEqual(self.limits.login_retry_after("someone", "198.51.100.2"), 0)

    def test_account_flood_from_many_addresses(self):
        # one failure each from 50 addresses: the account is slowed (capped at 60 s), never locked
        for i in range(50):
            self.clock.advance(self.limits.login_retry_after("anna", f"203.0.113.{i}"))
            self.fail("anna", f"203.0.113.{i}")
        wait = self.limits.login_retry_after("anna", "198.51.100.9")
        self.assertTrue(0 < wait <= 60, wait)
        self.clock.advance(wait)
        self.assertEqual(self.limits.login_retry_after("anna", "198.51.100.9"), 0)

    def test_device_cookie_skips_account_throttle(self):
        for i in range(20):
            self.fail("anna", f"203.0.113.{i}")
        self.assertGreater(self.limits.login_retry_after("anna", "198.51.100.9"), 0)
        self.assertEqual(self.limits.login_retry_after("anna", "198.51.100.9", "nonce-1"), 0)

    def test_device_cookie_that_keeps_failing_is_distrusted(self):
        for i in range(10):
            self.fail("anna", f"203.0.113.{i}")  # account throttled
        for i in range(10):
            self.fail("anna", f"192.0.2.{i}", device="stolen")
        self.assertGreater(self.limits.login_retry_after("anna", "192.0.2.99", "stolen"), 0)
        self.assertEqual(self.limits.login_retry_after("anna", "192.0.2.99", "other-device"), 0)


class DraftAndSubmissionLimits(unittest.TestCase):
    def setUp(self):
        self.clock = Clock()
        config = SimpleNamespace(office_networks=["192.168.10.0/24"], submissions_per_hour_per_address=3,
                                 submissions_per_hour_global=5, draft_guesses_global=40)
        self.limits = limits.Limits(config, clock=self.clock)

    def test_draft_guesses(self):
        for _ in range(20):
            self.limits.draft_failed("203.0.113.1")
        self.assertEqual(self.limits.draft_retry_after("203.0.113.1"), 300)
        self.assertEqual(self.limits.draft_retry_after("203.0.113.2"), 0)

    def test_office_network_exempt_but_global_holds(self):
        for _ in range(39):
            self.limits.draft_failed("192.168.10.7")
        self.assertEqual(self.limits.draft_retry_after("192.168.10.7"), 0)
        self.limits.draft_failed("192.168.10.8")
        self.assertEqual(self.limits.draft_retry_after("192.168.10.7"), 300)
        self.assertEqual(self.limits.draft_retry_after("203.0.113.1"), 300)

    def test_submissions_per_address_and_global(self):
        self.assertEqual([self.limits.take_submission("203.0.113.1") for _ in range(4)], [0, 0, 0, 3600])
        self.assertEqual(self.limits.take_submission("192.168.10.7"), 0)
        self.assertEqual(self.limits.take_submission("192.168.10.7"), 0)  # office: per-address exempt
        self.assertEqual(self.limits.take_submission("203.0.113.2"), 3600)  # global: 5 counted
        self.clock.advance(3600)
        self.assertEqual(self.limits.take_submission("203.0.113.1"), 0)

    def test_case_guesses_apart_from_draft_guesses_office_exempt(self):
        for _ in range(20):
            self.limits.case_failed("203.0.113.1")
        self.assertEqual(self.limits.case_retry_after("203.0.113.1"), 300)
        self.assertEqual(self.limits.draft_retry_after("203.0.113.1"), 0, "a budget of its own")
        for _ in range(100):
            self.limits.case_failed("192.168.10.7")
        self.assertEqual(self.limits.case_retry_after("192.168.10.7"), 0, "kiosks are not throttled per address")
        self.clock.advance(300)
        self.assertEqual(self.limits.case_retry_after("203.0.113.1"), 0)

    def test_new_cases_per_address(self):
        self.assertEqual([self.limits.take_case("203.0.113.1") for _ in range(31)][-2:], [0, 3600])
        self.assertEqual(self.limits.take_case("192.168.10.7"), 0)
        self.assertEqual(self.limits.take_case("203.0.113.2"), 0)

    def test_zero_is_unlimited(self):
        lim = limits.Limits(SimpleNamespace(submissions_per_hour_per_address=0, submissions_per_hour_global=0))
        self.assertTrue(all(lim.take_submission("203.0.113.1") == 0 for _ in range(5000)))


class DeviceCookieTest(unittest.TestCase):
    def setUp(self):
        self.clock = Clock(1_700_000_000)
        self.cookies = limits.DeviceCookies(lambda: b"k" * 32, clock=self.clock)

    def test_round_trip_and_tamper(self):
        value = self.cookies.issue("anna.k")
        nonce = self.cookies.check(value, "anna.k")
        self.assertIsNotNone(nonce)
        self.assertIsNone(self.cookies.check(value, "ben"))
        self.assertIsNone(self.cookies.check(value.replace("anna.k", "ben", 1), "ben"))
        self.assertIsNone(self.cookies.check(value[:-2] + "AA", "anna.k"))
        self.assertIsNone(self.cookies.check("", "anna.k"))
        self.assertIsNone(self.cookies.check("x" * 300, "anna.k"))
        other = limits.DeviceCookies(lambda: b"j" * 32, clock=self.clock)
        self.assertIsNone(other.check(value, "anna.k"))

    def test_expiry(self):
        value = self.cookies.issue("anna")
        self.clock.advance(90 * 86400 - 1)
        self.assertIsNotNone(self.cookies.check(value, "anna"))
        self.clock.advance(2)
        self.assertIsNone(self.cookies.check(value, "anna"))


if __name__ == "__main__":
    unittest.main()


# -- over HTTP, against serve.py ----------------------------------------------------------------

def random_token():
    return base64.b64encode(os.urandom(32)).decode()


def xff(address):
    return {"X-Forwarded-For": address}


class LimitsOverHttp(StaffTestCase):
    """Behind a trusted proxy (127.0.0.1), so each request can come from its own client address."""
    server_args = ("--trusted-proxy", "127.0.0.1/32", "--office-network", "192.168.10.0/24",
                   "--submissions-per-hour-per-address", "3", "--submissions-per-hour-global", "8",
                   "--draft-guesses-global", "50")
    staff = (("admin", "admin", None), ("dana", "intake", None), ("erik", "intake", None), ("ivan", "intake", None))

    def bad_login(self, name, address):
        response, data, _ = self.login(name, token=random_token(), headers=xff(address))
        return response.status, response.getheader("Retry-After")

    def test_flood_from_one_address_does_not_stop_another(self):
        statuses = [self.bad_login("erik", "203.0.113.200")[0] for _ in range(40)]
        self.assertEqual(statuses[:5], [401] * 5)
        self.assertIn(429, statuses[5:])
        # the right passphrase from the flooded address waits too (back-off), from anywhere else it works
        self.assertEqual(self.login("erik", headers=xff("203.0.113.200"))[0].status, 429)
        self.login_ok("erik", headers=xff("198.51.100.70"))

    def test_device_cookie_skips_the_account_throttle(self):
        device = self.login_ok("dana", headers=xff("198.51.100.50"))["anl_device"]
        # a flood for dana from many addresses (one failure each): the account is slowed down
        for i in range(1, 16):
            self.bad_login("dana", f"203.0.113.{i}")
        response, data, _ = self.login("dana", headers=xff("198.51.100.60"))
        self.assertError(response, data, 429, "too_many_requests")
        self.assertTrue(1 <= int(response.getheader("Retry-After")) <= 60)
        # ... but not from the browser that logged in as dana before
        self.login_ok("dana", cookies={"anl_device": device}, headers=xff("198.51.100.61"))
        # a device cookie of another account does not help
        ivan_device = self.login_ok("ivan", headers=xff("198.51.100.62"))["anl_device"]
        self.assertEqual(self.login("dana", cookies={"anl_device": ivan_device}, headers=xff("198.51.100.63"))[0].status,
                         429)

    def test_per_address_over_all_names(self):
        for i in range(30):
            self.assertEqual(self.bad_login(f"name{i}", "203.0.113.77")[0], 401)
        status, retry = self.bad_login("someone-else", "203.0.113.77")
        self.assertEqual((status, retry), (429, "900"))
        self.assertEqual(self.bad_login("someone-else", "203.0.113.78")[0], 401)

    def test_client_written_forwarded_for_entries_are_not_believed(self):
        # the proxy appends the real peer (203.0.113.99); whatever the client put left of it varies
        statuses = [self.bad_login("ivan", f"10.9.{i}.1, 203.0.113.99")[0] for i in range(8)]
        self.assertEqual(statuses[:5], [401] * 5)
        self.assertEqual(statuses[5:], [429] * 3)

    def test_draft_guesses(self):
        path = "/api/drafts/" + "ab" * 32
        guess = lambda address: self.http("GET", path, headers={  # noqa: E731
            "Authorization": "Bearer " + base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("="), **xff(address)})
        # kiosks behind the office network: not throttled per address
        self.assertEqual({guess(f"192.168.10.{i % 3}")[0].status for i in range(25)}, {403})
        # one outside address: 20 guesses, then 429
        self.assertEqual({guess("203.0.113.30")[0].status for _ in range(20)}, {403})
        response, data = guess("203.0.113.30")
        self.assertError(response, data, 429, "too_many_requests")
        self.assertEqual(guess("203.0.113.31")[0].status, 403)
        # global budget (50 in this server): 25 + 20 + 1 counted so far
        for i in range(4):
            guess(f"203.0.113.{40 + i}")
        self.assertEqual(guess("203.0.113.50")[0].status, 429)
        self.assertEqual(guess("192.168.10.1")[0].status, 429)  # the office too: a global limit

    def test_submissions_per_hour(self):
        def send(address):
            response, data = self.submit(staff_fixture.make_envelope(self.office.key_id), headers=xff(address))
            return response.status, response.getheader("Retry-After")
        self.assertEqual([send("203.0.113.60")[0] for _ in range(3)], [201] * 3)
        status, retry = send("203.0.113.60")
        self.assertEqual(status, 429)
        self.assertTrue(3500 <= int(retry) <= 3600)
        self.assertEqual([send("203.0.113.61")[0] for _ in range(3)], [201] * 3)
        self.assertEqual([send("192.168.10.9")[0] for _ in range(2)], [201] * 2)  # office: per-address exempt
        # 8 accepted in total: the global limit now holds for everyone
        self.assertEqual(send("203.0.113.62")[0], 429)
        self.assertEqual(send("192.168.10.9")[0], 429)

    def test_zz_log_holds_no_addresses_or_names(self):
        log = self.server.log_text()
        for text in ("203.0.113.", "198.51.100.", "192.168.10.", "name1", "someone-else", "anl_device"):
            self.assertNotIn(text, log)


class ForwardedForIgnored(StaffTestCase):
    """No trusted proxy: X-Forwarded-For is the client's own text and changes nothing."""
    staff = (("admin", "admin", None), ("fay", "intake", None))

    def test_forwarded_for_from_an_untrusted_peer(self):
        statuses = []
        for i in range(8):
            response, _, _ = self.login("fay", token=random_token(), headers=xff(f"203.0.113.{i}"))
            statuses.append(response.status)
        self.assertEqual(statuses[:5], [401] * 5)
        self.assertEqual(statuses[5:], [429] * 3)  # all counted for 127.0.0.1
        # another real address (127.0.0.2 is loopback too) is not throttled
        response, data, _ = self.login("fay", token=random_token(), source="127.0.0.2")
        self.assertError(response, data, 401, "invalid_login")
        self.login_ok("fay", source="127.0.0.2")
