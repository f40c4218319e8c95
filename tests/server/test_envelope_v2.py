"""The envelope v2 scanner (server/envelope.py `ScannerV2`) on envelopes sealed for real by
tests/server/case_fixture.py from the issue 11 contract: every valid shape passes, every
structural fault is refused with its code, any split of the stream gives the same answer, and
a wrong recipient or a part longer than the body is refused from the headers alone.

Run: /usr/bin/python3 tests/server/run.py test_envelope_v2
"""

import random
import struct
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from case_fixture import key_id, seal_v2  # noqa: E402
from case_fixture import pad as case_fixture_pad  # noqa: E402
from nacl.public import PrivateKey  # noqa: E402

from server import envelope  # noqa: E402

OFFICE, CASE, OTHER = (bytes(PrivateKey.generate().public_key) for _ in range(3))
BOTH = {key_id(OFFICE), key_id(CASE)}


def scan(body, recipients=BOTH, length=True, steps=None):
    """The scanner's finish() or the refusal's code; fed in one piece or in `steps` pieces."""
    scanner = envelope.ScannerV2(recipients, len(body) if length else None)
    try:
        pos = 0
        for step in steps or [len(body)]:
            scanner.feed(body[pos:pos + step])
            pos += step
        scanner.feed(body[pos:])
        return scanner.finish()
    except envelope.EnvelopeError as e:
        return e.code


def malformed():
    """(name, body, code) of envelopes v2 with one fault each."""
    good = seal_v2([OFFICE, CASE], {"v": 1}, [b"x" * 70_000])
    header_len = 8 + 88 * 2 + 2
    return [
        ("version 1", b"ANLS\x01" + good[5:], "unsupported_version"),
        ("bad magic", b"ANLX" + good[4:], "unsupported_version"),
        ("flags", good[:5] + b"\x01" + good[6:], "malformed_envelope"),
        ("no recipients", good[:6] + b"\x00" + good[7:], "malformed_envelope"),
        ("nine recipients", good[:6] + b"\x09" + good[7:], "malformed_envelope"),
        ("reserved byte", good[:7] + b"\x01" + good[8:], "malformed_envelope"),
        ("office only", seal_v2([OFFICE], {"v": 1}), "wrong_recipients"),
        ("a stranger", seal_v2([OFFICE, OTHER], {"v": 1}), "wrong_recipients"),
        ("one too many", seal_v2([OFFICE, CASE, OTHER], {"v": 1}), "wrong_recipients"),
        ("twice", seal_v2([OFFICE, CASE, CASE], {"v": 1}), "wrong_recipients"),
        ("no parts", good[:header_len - 2] + b"\0\0", "malformed_envelope"),
        ("fewer parts than counted", good[:header_len - 2] + struct.pack("<H", 3) + good[header_len:],
         "malformed_envelope"),
        ("part 0 an attachment", seal_v2([OFFICE, CASE], {"v": 1}, types=[2]), "malformed_envelope"),
        ("part 0 answers of v1", seal_v2([OFFICE, CASE], {"v": 1}, types=[1]), "malformed_envelope"),
        ("a second document", seal_v2([OFFICE, CASE], {"v": 1}, [b"x"], types=[3, 3]), "malformed_envelope"),
        ("part reserved byte", good[:header_len + 1] + b"\x01" + good[header_len + 2:], "malformed_envelope"),
        ("cut in the header", good[:100], "malformed_envelope"),
        ("cut in a part", good[:-1], "malformed_envelope"),
        ("trailing byte", good + b"\0", "malformed_envelope"),
        ("parts at their own length", seal_v2([OFFICE, CASE], {"v": 1}, [b"x" * 5000], padded=False),
         "malformed_envelope"),
        ("an attachment not in its bucket", good[:header_len + 34 + 1024 + 17] + struct.pack("<BBQ", 2, 0, 70_000)
         + good[header_len + 34 + 1024 + 17 + 10:], "malformed_envelope"),
    ]


class ScannerV2(unittest.TestCase):
    def test_buckets_are_those_of_the_protocol(self):
        self.assertEqual([envelope.padded_length(n) for n in (0, 1023, 1024, 70_000)], [1024, 1024, 1088, 71_680])
        for n in (0, 1, 1023, 1024, 5000, 65_535, 70_000, 3 << 20):   # the server's and the fixture's agree
            self.assertEqual(envelope.padded_length(n), len(case_fixture_pad(b"x" * n)))
            self.assertTrue(envelope.is_padded_length(envelope.padded_length(n)))
        self.assertFalse(envelope.is_padded_length(1025))
        self.assertFalse(envelope.is_padded_length(1023))


    def test_valid_shapes(self):
        for attachments in ([], [b""], [b"a" * 65_535], [b"b" * 65_536, b"c" * 200_000], [b"d"] * 5):
            with self.subTest(sizes=[len(a) for a in attachments]):
                body = seal_v2([OFFICE, CASE], {"v": 1, "type": "message", "text": "x"}, attachments)
                self.assertEqual(scan(body), 8 + 88 * 2 + 2)
                self.assertEqual(scan(body, length=False), 8 + 88 * 2 + 2)
        self.assertEqual(scan(seal_v2([OFFICE], {"v": 1}), {key_id(OFFICE)}), 8 + 88 + 2)
        self.assertEqual(scan(seal_v2([CASE, OFFICE], {"v": 1})), 8 + 88 * 2 + 2, "in any order")

    def test_malformed(self):
        for name, body, code in malformed():
            with self.subTest(name):
                self.assertEqual(scan(body), code)

    def test_fed_in_pieces_gives_the_same_answers(self):
        rng = random.Random(11)
        cases = [("valid", seal_v2([OFFICE, CASE], {"v": 1}, [b"y" * 70_000]), 186)] + malformed()
        for name, body, expected in cases:
            for _ in range(4):
                steps = [rng.choice([1, 7, 8, 9, 87, 88, 185, 186, 187, 4096, 65536]) for _ in range(200)]
                with self.subTest(name):
                    self.assertEqual(scan(body, steps=steps), expected)

    def test_wrong_recipients_and_overlong_parts_are_refused_from_the_headers_alone(self):
        body = seal_v2([OFFICE, OTHER], {"v": 1}, [b"z" * 100_000])
        with self.assertRaises(envelope.EnvelopeError) as caught:
            envelope.ScannerV2(BOTH).feed(body[:8 + 176 + 2])
        self.assertEqual(caught.exception.code, "wrong_recipients")
        body = seal_v2([OFFICE, CASE], {"v": 1}, [b"z" * 100_000])
        scanner = envelope.ScannerV2(BOTH, length=50_000)
        with self.assertRaises(envelope.EnvelopeError):
            scanner.feed(body[:2000])  # part 0 fits, part 1's header says it cannot


if __name__ == "__main__":
    unittest.main()
