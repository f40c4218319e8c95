"""server/totp.py against every vector of RFC 4226 Appendix D and RFC 6238 Appendix B,
plus the window and replay rules of verify()."""

import base64
import sys
import unittest
from pathlib import Path
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from server import totp  # noqa: E402

RFC4226_SECRET = b"12345678901234567890"
# RFC 4226 Appendix D: count, HMAC-SHA-1, truncated 31-bit value (decimal), HOTP 6 digits.
RFC4226 = [
    (0, "cc93cf18508d94934c64b65d8ba7667fb7cde4b0", 1284755224, "755224"),
    (1, "75a48a19d4cbe100644e8ac1397eea747a2d33ab", 1094287082, "287082"),
    (2, "0bacb7fa082fef30782211938bc1c5e70416ff44", 137359152, "359152"),
    (3, "66c28227d03a2d5529262ff016a1e6ef76557ece", 1726969429, "969429"),
    (4, "a904c900a64b35909874b33e61c5938a8e15ed1c", 1640338314, "338314"),
    (5, "a37e783d7b7233c083d4f62926c7a25f238d0316", 868254676, "254676"),
    (6, "bc9cd28561042c83f219324d3c607256c03272ae", 1918287922, "287922"),
    (7, "a4fb960c0bc06e1eabb804e5b397cdc4b45596fa", 82162583, "162583"),
    (8, "1b3c89f65e6c9e883012052823443f048b4332db", 673399871, "399871"),
    (9, "1637409809a679dc698207310c8c7fc07290d9e5", 645520489, "520489"),
]
# RFC 6238 Appendix B: the seeds are the ASCII digits repeated to the hash's length.
RFC6238_SEEDS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
# time, T (hex), TOTP (8 digits), mode
RFC6238 = [
    (59, "0000000000000001", "94287082", "sha1"),
    (59, "0000000000000001", "46119246", "sha256"),
    (59, "0000000000000001", "90693936", "sha512"),
    (1111111109, "00000000023523EC", "07081804", "sha1"),
    (1111111109, "00000000023523EC", "68084774", "sha256"),
    (1111111109, "00000000023523EC", "25091201", "sha512"),
    (1111111111, "00000000023523ED", "14050471", "sha1"),
    (1111111111, "00000000023523ED", "67062674", "sha256"),
    (1111111111, "00000000023523ED", "99943326", "sha512"),
    (1234567890, "000000000273EF07", "89005924", "sha1"),
    (1234567890, "000000000273EF07", "91819424", "sha256"),
    (1234567890, "000000000273EF07", "93441116", "sha512"),
    (2000000000, "0000000003F940AA", "69279037", "sha1"),
    (2000000000, "0000000003F940AA", "90698825", "sha256"),
    (2000000000, "0000000003F940AA", "38618901", "sha512"),
    (20000000000, "0000000027BC86AA", "65353130", "sha1"),
    (20000000000, "0000000027BC86AA", "77737706", "sha256"),
    (20000000000, "0000000027BC86AA", "47863826", "sha512"),
]


class Rfc4226(unittest.TestCase):
    def test_appendix_d(self):
        import hashlib
        import hmac
        for count, mac_hex, truncated, code in RFC4226:
            with self.subTest(count=count):
                mac = hmac.new(RFC4226_SECRET, count.to_bytes(8, "big"), hashlib.sha1).hexdigest()
                self.assertEqual(mac, mac_hex)
                self.assertEqual(totp.hotp(RFC4226_SECRET, count), code)
                # 10 digits keep the whole 31-bit truncated value
                self.assertEqual(totp.hotp(RFC4226_SECRET, count, digits=10), str(truncated).zfill(10))

    def test_bounds(self):
        for bad in ({"digits": 5}, {"digits": 11}):
            with self.assertRaises(ValueError):
                totp.hotp(RFC4226_SECRET, 0, **bad)
        with self.assertRaises(ValueError):
            totp.hotp(RFC4226_SECRET, -1)


class Rfc6238(unittest.TestCase):
    def test_appendix_b(self):
        for unix, t_hex, code, mode in RFC6238:
            with self.subTest(time=unix, mode=mode):
                self.assertEqual(totp.time_step(unix), int(t_hex, 16))
                self.assertEqual(totp.totp(RFC6238_SEEDS[mode], unix, digits=8, digest=mode), code)

    def test_verify_accepts_each_vector(self):
        for unix, _, code, mode in RFC6238:
            secret = base64.b32encode(RFC6238_SEEDS[mode]).decode()
            with self.subTest(time=unix, mode=mode):
                self.assertEqual(totp.verify(secret, code, now=unix, digits=8, digest=mode),
                                 totp.time_step(unix))


class Verify(unittest.TestCase):
    def setUp(self):
        self.secret = totp.new_secret()
        self.key = totp.decode_secret(self.secret)
        self.now = 1_700_000_015  # inside a step
        self.step = totp.time_step(self.now)

    def code(self, step):
        return totp.hotp(self.key, step)

    def test_window_is_one_step_each_side(self):
        for delta in (-1, 0, 1):
            self.assertEqual(totp.verify(self.secret, self.code(self.step + delta), self.now), self.step + delta)
        for delta in (-2, 2, 10):
            self.assertIsNone(totp.verify(self.secret, self.code(self.step + delta), self.now))

    def test_replay_in_same_step_refused(self):
        code = self.code(self.step)
        accepted = totp.verify(self.secret, code, self.now)
        self.assertEqual(accepted, self.step)
        self.assertIsNone(totp.verify(self.secret, code, self.now, last_step=accepted))
        self.assertIsNone(totp.verify(self.secret, code, self.now + 5, last_step=accepted))
        # an older (still in-window) code is refused too once a later step was used
        self.assertIsNone(totp.verify(self.secret, self.code(self.step - 1), self.now, last_step=accepted))
        # the next step's code is fine
        self.assertEqual(totp.verify(self.secret, self.code(self.step + 1), self.now + 30, last_step=accepted),
                         self.step + 1)

    def test_malformed_codes(self):
        good = self.code(self.step)
        for bad in ("", good[:5], good + "0", " " + good[1:], "12345a", "١٢٣٤٥٦", None, 123456, "+12345"):
            with self.subTest(code=bad):
                self.assertIsNone(totp.verify(self.secret, bad, self.now))
        self.assertIsNone(totp.verify("not base32!", good, self.now))

    def test_secret_format(self):
        secret = totp.new_secret()
        self.assertRegex(secret, r"^[A-Z2-7]{32}$")  # 20 bytes = 32 base32 symbols, no padding
        self.assertEqual(len(totp.decode_secret(secret)), 20)
        self.assertEqual(totp.decode_secret(secret.lower()), totp.decode_secret(secret))
        spaced = " ".join(secret[i:i + 4] for i in range(0, 32, 4))
        self.assertEqual(totp.decode_secret(spaced), totp.decode_secret(secret))
        self.assertNotEqual(totp.new_secret(), secret)

    def test_otpauth_uri(self):
        uri = urlparse(totp.otpauth_uri("JBSWY3DPEHPK3PXP", "anna.k"))
        self.assertEqual((uri.scheme, uri.netloc), ("otpauth", "totp"))
        self.assertEqual(uri.path, "/Anlaufstelle%3Aanna.k")
        query = parse_qs(uri.query)
        self.assertEqual(query["secret"], ["JBSWY3DPEHPK3PXP"])
        self.assertEqual(query["issuer"], ["Anlaufstelle"])
        self.assertEqual((query["algorithm"], query["digits"], query["period"]), (["SHA1"], ["6"], ["30"]))


if __name__ == "__main__":
    unittest.main()
