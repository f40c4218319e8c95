"""The case channel over real HTTP (docs/API.md, "Cases"; issue 11): creating a case, its KDF
parameters, items both ways with the audience rule, the draft and submissions under the case,
the staff side, guesses and limits; on SQLite and on PostgreSQL.

Envelopes v2 are sealed for real by tests/server/case_fixture.py (PyNaCl, from the contract).
Run: /usr/bin/python3 tests/server/run.py test_cases
"""

import base64
import hashlib
import json
import os
import socket
import unittest

from case_fixture import Case, key_id, open_v2, seal_v2
from case_http import MIB, OCTETS, CaseTestCase
from harness import TIME_RE, make_envelope, parse_raw


class Cases(CaseTestCase):
    # -- creating a case and its KDF parameters -----------------------------------------------------
    def test_create_then_the_kdf_parameters_are_the_cases(self):
        case, response, data = self.create()
        self.assertEqual(response.status, 201, data)
        body = json.loads(data)
        self.assertEqual(body["locator"], case.locator)
        self.assertRegex(body["created_at"], TIME_RE)
        response, data = self.http("GET", f"/api/cases/{case.locator}/kdf")
        self.assertEqual(response.status, 200)
        self.assertEqual(json.loads(data), {"alg": "argon2id13", "salt": base64.b64encode(case.salt).decode(),
                                            "opslimit": 3, "memlimit": 32 * MIB})
        [(token_sha256,)] = self.sql(f"SELECT token_sha256 FROM cases WHERE locator = '{case.locator}'")
        self.assertEqual(token_sha256, hashlib.sha256(case.token).hexdigest())

    def test_a_taken_locator_is_409_and_the_first_case_stays(self):
        case = self.new_case()
        other = Case.new(case.locator)
        _, response, data = self.create(other)
        self.assertError(response, data, 409, "locator_taken")
        self.assertEqual(self.get_case(case)[0].status, 200)
        self.assertEqual(self.get_case(other)[0].status, 404)

    def test_unknown_locators_get_a_stable_salt_of_their_own(self):
        answers = []
        for locator in ("ZZZZ", "ZZZZ", "YYYY"):
            response, data = self.http("GET", f"/api/cases/{locator}/kdf")
            self.assertEqual(response.status, 200)
            answers.append(json.loads(data))
        self.assertEqual(answers[0], answers[1])
        self.assertNotEqual(answers[0]["salt"], answers[2]["salt"])
        self.assertEqual(len(base64.b64decode(answers[0]["salt"])), 16)
        self.assertEqual({k: v for k, v in answers[0].items() if k != "salt"},
                         {"alg": "argon2id13", "opslimit": 3, "memlimit": 32 * MIB})

    def test_every_bad_field_is_400_and_creates_nothing(self):
        before = self.sql("SELECT COUNT(*) FROM cases")
        bad = [{"locator": "ABC"}, {"locator": "abcd"}, {"locator": "ABCI"}, {"locator": 1234},
               {"salt": base64.b64encode(b"x" * 15).decode()}, {"salt": "not base64"},
               {"public_key": base64.b64encode(b"x" * 31).decode()}, {"token_sha256": "ab" * 31},
               {"token_sha256": "zz" * 32}, {"opslimit": 2}, {"opslimit": 11}, {"opslimit": "3"},
               {"opslimit": True}, {"memlimit": 32 * MIB - 1}, {"memlimit": 257 * MIB}, {"extra": 1}]
        for overrides in bad:
            with self.subTest(overrides):
                _, response, data = self.create(**overrides)
                self.assertError(response, data, 400, "bad_request")
        body = Case.new().creation()
        del body["salt"]
        response, data = self.http("POST", "/api/cases", body)
        self.assertError(response, data, 400, "bad_request")
        for raw, code in ((b"{", "malformed_json"), (b"[]", "malformed_json"), (b'{"a":1,"a":2}', "duplicate_key")):
            response, data = self.http("POST", "/api/cases", raw, {"Content-Type": "application/json"})
            self.assertError(response, data, 400, code)
        response, data = self.http("POST", "/api/cases", b"{}", OCTETS)
        self.assertError(response, data, 415, "unsupported_media_type")
        self.assertEqual(self.sql("SELECT COUNT(*) FROM cases"), before)

    def test_case_creation_is_limited_per_address(self):
        statuses = [self.create(source="127.0.0.3")[1].status for _ in range(31)]
        self.assertEqual(statuses[:30].count(201) + statuses[:30].count(409), 30)
        self.assertEqual(statuses[30], 429)
        self.assertEqual(self.create(source="127.0.0.4")[1].status, 201, "another address may")

    # -- the token --------------------------------------------------------------------------------
    def test_wrong_token_and_unknown_locator_are_the_same_404(self):
        case = self.new_case()
        wrong = self.get_case(case, token=os.urandom(32))
        unknown = self.get_case(Case.new())
        self.assertError(*wrong, 404, "not_found")
        self.assertError(*unknown, 404, "not_found")
        self.assertEqual(wrong[1], unknown[1])
        for headers in ({}, {"Authorization": "Basic " + base64.b64encode(case.token).decode()},
                        {"Authorization": "Bearer " + base64.b64encode(case.token).decode()}):
            response, data = self.http("GET", f"/api/cases/{case.locator}", headers=headers)
            self.assertError(response, data, 404, "not_found")
        response, data = self.http("GET", f"/api/cases/{case.locator.lower()}", headers=case.auth())
        self.assertError(response, data, 404, "not_found")  # not a route: no guess counted

    def test_guesses_are_limited_per_address_then_even_the_right_token_waits(self):
        case = self.new_case()
        for _ in range(20):
            self.assertEqual(self.get_case(Case.new(), source="127.0.0.5")[0].status, 404)
        response, data = self.get_case(case, source="127.0.0.5")
        self.assertError(response, data, 429, "too_many_requests")
        self.assertGreater(int(response.getheader("Retry-After")), 0)
        self.assertEqual(self.get_case(case, source="127.0.0.6")[0].status, 200, "other addresses go on")

    # -- items from the applicant ------------------------------------------------------------------
    def test_an_item_goes_in_and_comes_back_byte_for_byte(self):
        case = self.new_case()
        body = self.item_for(case, attachments=[os.urandom(150_000)])
        response, data = self.post_item(case, body)
        self.assertEqual(response.status, 201, data)
        created = json.loads(data)
        self.assertRegex(created["item"], "^[0-9a-f]{32}$")
        view = self.case_view(case)
        self.assertEqual(view["public_key"], base64.b64encode(case.public_key).decode())
        self.assertEqual(view["items"], [{"id": created["item"], "author": "applicant", "created_at": created["created_at"],
                                          "size": len(body), "read_by_applicant": False, "read_by_office": False}])
        response, data = self.http("GET", f"/api/cases/{case.locator}/items/{created['item']}", headers=case.auth())
        self.assertEqual((response.status, data), (200, body))
        self.assertEqual(open_v2(data, self.office.secret_key)[0], (3, b'{"text":"Hallo","type":"message","v":1}'))
        response, _ = self.http("PUT", f"/api/cases/{case.locator}/items/{created['item']}/read", headers=case.auth())
        self.assertEqual(response.status, 204)
        self.assertTrue(self.case_view(case)["items"][0]["read_by_applicant"])
        other = self.new_case()
        response, data = self.http("GET", f"/api/cases/{other.locator}/items/{created['item']}", headers=other.auth())
        self.assertError(response, data, 404, "not_found")

    def test_refused_items_leave_nothing(self):
        case = self.new_case()
        good = self.item_for(case)
        stranger = Case.new()
        refused = [
            ("office only", seal_v2([self.office_pk], {"v": 1}), 400, "wrong_recipients"),
            ("case only", seal_v2([case.public_key], {"v": 1}), 400, "wrong_recipients"),
            ("another case", seal_v2([self.office_pk, stranger.public_key], {"v": 1}), 400, "wrong_recipients"),
            ("a third", seal_v2([self.office_pk, case.public_key, stranger.public_key], {"v": 1}), 400,
             "wrong_recipients"),
            ("twice", seal_v2([self.office_pk, case.public_key, self.office_pk], {"v": 1}), 400, "wrong_recipients"),
            ("version 1", make_envelope(key_id(self.office_pk)), 400, "unsupported_version"),
            ("truncated", good[:-1], 400, "malformed_envelope"),
            ("cut in the header", good[:100], 400, "malformed_envelope"),
            ("trailing byte", good + b"\0", 400, "malformed_envelope"),
            ("part 0 an attachment", seal_v2([self.office_pk, case.public_key], {"v": 1}, types=[2]), 400,
             "malformed_envelope"),
            ("two documents", seal_v2([self.office_pk, case.public_key], {"v": 1}, [b"x"], types=[3, 3]), 400,
             "malformed_envelope"),
            ("no recipients", b"ANLS\x02\x00\x00\x00" + good[8:], 400, "malformed_envelope"),
            ("flags", good[:5] + b"\x01" + good[6:], 400, "malformed_envelope"),
            ("reserved byte", good[:7] + b"\x01" + good[8:], 400, "malformed_envelope"),
            ("no parts", good[:8 + 176] + b"\0\0", 400, "malformed_envelope"),
        ]
        for name, body, status, code in refused:
            with self.subTest(name):
                self.assertError(*self.post_item(case, body), status, code)
        response, data = self.http("POST", f"/api/cases/{case.locator}/items", b"x" * (MIB + 1),
                                   {**OCTETS, **case.auth()})
        self.assertError(response, data, 413, "payload_too_large")
        response, data = self.http("POST", f"/api/cases/{case.locator}/items", good,
                                   {"Content-Type": "application/json", **case.auth()})
        self.assertError(response, data, 415, "unsupported_media_type")
        self.assertEqual(self.case_view(case)["items"], [])
        self.assertEqual(self.incoming_files(), [])
        self.assertEqual(self.sql(f"SELECT COUNT(*) FROM case_items WHERE locator = '{case.locator}'"), [(0,)])

    def test_wrong_recipients_are_refused_before_the_rest_arrives(self):
        case = self.new_case()
        body = seal_v2([self.office_pk, Case.new().public_key], {"v": 1}, [os.urandom(500_000)])
        head = (f"POST /api/cases/{case.locator}/items HTTP/1.1\r\nHost: x\r\n"
                f"Content-Type: application/octet-stream\r\nAuthorization: {case.auth()['Authorization']}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head + body[:8 + 176 + 2])  # the header only: the answer comes without the rest
            status, _, answer = parse_raw(s.recv(65536))
        self.assertEqual((status, json.loads(answer)["error"]), (400, "wrong_recipients"))

    # -- the office's side, and the audience rule ------------------------------------------------------
    def test_office_only_items_never_reach_the_case(self):
        case = self.new_case()
        cookies = self.login_ok("worker")
        applicant_item = json.loads(self.post_item(case, self.item_for(case))[1])["item"]
        note = seal_v2([self.office_pk], {"v": 1, "type": "note", "text": "intern"})
        response, data = self.staff_item(cookies, case, note, "office")
        self.assertEqual(response.status, 201, data)
        note_id = json.loads(data)["item"]
        reply = self.item_for(case, {"v": 1, "type": "message", "text": "Antwort"})
        response, data = self.staff_item(cookies, case, reply, "case")
        self.assertEqual(response.status, 201, data)
        reply_id = json.loads(data)["item"]
        view = self.case_view(case)
        self.assertEqual([(i["id"], i["author"]) for i in view["items"]], [(applicant_item, "applicant"), (reply_id, "office")])
        self.assertNotIn(note_id, json.dumps(view))
        for method, suffix in (("GET", ""), ("PUT", "/read")):
            response, data = self.http(method, f"/api/cases/{case.locator}/items/{note_id}{suffix}", headers=case.auth())
            self.assertError(response, data, 404, "not_found")
        response, data = self.http("GET", f"/api/cases/{case.locator}/items/{reply_id}", headers=case.auth())
        self.assertEqual((response.status, open_v2(data, case.secret_key)[0][1]), (200, b'{"text":"Antwort","type":"message","v":1}'))
        response, data = self.call("GET", f"/api/staff/cases/{case.locator}", cookies)
        self.assertEqual(response.status, 200, data)
        self.assertEqual([(i["id"], i["audience"]) for i in json.loads(data)["items"]],
                         [(applicant_item, "case"), (note_id, "office"), (reply_id, "case")])
        response, data = self.call("GET", f"/api/staff/cases/{case.locator}/items/{note_id}", cookies)
        self.assertEqual((response.status, data), (200, note))

    def test_the_audience_decides_the_recipients(self):
        case = self.new_case()
        cookies = self.login_ok("worker")
        to_both, to_office = self.item_for(case), seal_v2([self.office_pk], {"v": 1, "type": "note", "text": "x"})
        for body, audience, status, code in ((to_both, "office", 400, "wrong_recipients"),
                                             (to_office, "case", 400, "wrong_recipients"),
                                             (to_both, None, 400, "bad_request"), (to_both, "Case", 400, "bad_request"),
                                             (to_both, "everyone", 400, "bad_request")):
            with self.subTest(audience=audience):
                self.assertError(*self.staff_item(cookies, case, body, audience), status, code)
        self.assertError(*self.staff_item(cookies, Case.new(), to_both, "case"), 404, "not_found")
        self.assertEqual(self.case_view(case)["items"], [])

    def test_staff_list_unread_read_and_audit(self):
        case = self.new_case()
        admin, worker = self.login_ok("admin"), self.login_ok("worker")
        item = json.loads(self.post_item(case, self.item_for(case))[1])["item"]
        response, data = self.call("GET", "/api/staff/cases", worker)
        self.assertEqual(response.status, 200)
        [entry] = [c for c in json.loads(data)["cases"] if c["locator"] == case.locator]
        self.assertEqual(entry["unread"], 1)
        self.assertRegex(entry["last_item_at"], TIME_RE)
        response, _ = self.call("PUT", f"/api/staff/cases/{case.locator}/items/{item}/read", worker)
        self.assertEqual(response.status, 204)
        [entry] = [c for c in json.loads(self.call("GET", "/api/staff/cases", worker)[1])["cases"]
                   if c["locator"] == case.locator]
        self.assertEqual(entry["unread"], 0)
        self.assertTrue(self.case_view(case)["items"][0]["read_by_office"])
        self.call("GET", f"/api/staff/cases/{case.locator}", worker)
        self.call("GET", f"/api/staff/cases/{case.locator}/items/{item}", worker)
        actions = {(e["actor"], e["action"], e["target"]) for e in self.audit(admin)}
        target = f"{case.locator}.{item}"
        self.assertLessEqual({("worker", "case_item_read", target), ("worker", "case_open", case.locator),
                              ("worker", "case_item_open", target)}, actions)
        for method, path in (("GET", "/api/staff/cases"), ("GET", f"/api/staff/cases/{case.locator}"),
                             ("PUT", f"/api/staff/cases/{case.locator}/items/{item}/read")):
            self.assertError(*self.call(method, path), 401, "unauthorized")
        self.assertError(*self.call("GET", f"/api/staff/cases/{case.locator}/items/{'0' * 32}", worker), 404, "not_found")

    def test_a_staff_state_change_from_another_origin_is_refused(self):
        case = self.new_case()
        worker = self.login_ok("worker")
        response, data = self.call("POST", f"/api/staff/cases/{case.locator}/items", worker, self.item_for(case),
                                   {**OCTETS, "Anl-Audience": "case", "Origin": "https://elsewhere.example"})
        self.assertError(response, data, 403, "cross_origin")

    # -- the draft and submissions under the case ----------------------------------------------------
    def test_the_draft_under_the_case(self):
        case = self.new_case()
        path = f"/api/cases/{case.locator}/draft"
        self.assertError(*self.http("GET", path, headers=case.auth()), 404, "not_found")
        response, _ = self.http("PUT", path, b"sealed draft", {**OCTETS, **case.auth()})
        self.assertEqual(response.status, 204)
        self.assertEqual(self.http("GET", path, headers=case.auth())[1], b"sealed draft")
        self.assertError(*self.http("PUT", path, b"", {**OCTETS, **case.auth()}), 400, "bad_request")
        self.assertError(*self.http("PUT", path, b"x" * (256 * 1024 + 1), {**OCTETS, **case.auth()}), 413,
                         "payload_too_large")
        self.assertError(*self.http("PUT", path, b"other", {**OCTETS, **case.auth(os.urandom(32))}), 404, "not_found")
        self.assertEqual(self.http("GET", path, headers=case.auth())[1], b"sealed draft")
        self.assertEqual(self.http("DELETE", path, headers=case.auth())[0].status, 204)
        self.assertError(*self.http("GET", path, headers=case.auth()), 404, "not_found")

    def test_a_submission_under_the_case_is_linked(self):
        case = self.new_case()
        draft = f"/api/cases/{case.locator}/draft"
        self.assertEqual(self.http("PUT", draft, b"sealed draft", {**OCTETS, **case.auth()})[0].status, 204)
        self.assertError(*self.http("POST", f"/api/cases/{case.locator}/submissions",
                                    make_envelope(bytes(8), (5,)), {**OCTETS, **case.auth()}), 400, "unknown_key")
        self.assertEqual(self.http("GET", draft, headers=case.auth())[1], b"sealed draft",
                         "a refused application leaves its draft")
        self.assertTrue(json.loads(self.http("GET", f"/api/cases/{case.locator}", headers=case.auth())[1])["draft"])
        body = make_envelope(self.key_id, (500,))
        response, data = self.http("POST", f"/api/cases/{case.locator}/submissions", body, {**OCTETS, **case.auth()})
        self.assertEqual(response.status, 201, data)
        reference = json.loads(data)["reference"]
        self.assertError(*self.http("GET", draft, headers=case.auth()), 404, "not_found")  # sent: the draft went
        self.assertFalse(json.loads(self.http("GET", f"/api/cases/{case.locator}", headers=case.auth())[1])["draft"])
        worker = self.login_ok("worker")
        response, data = self.call("GET", f"/api/staff/cases/{case.locator}", worker)
        self.assertEqual(json.loads(data)["submissions"], [reference])
        response, data = self.call("GET", f"/api/staff/submissions/{reference}/envelope", worker)
        self.assertEqual((response.status, data), (200, body))

    def test_the_log_shows_templates_never_locators_or_tokens(self):
        case = self.new_case()
        self.post_item(case, self.item_for(case))
        self.get_case(case)
        log = self.wait_for_log(["GET /api/cases/{locator} 200"])
        token = case.auth()["Authorization"].split()[1]
        self.assertNotIn(token, log)
        self.assertNotIn(f"/api/cases/{case.locator}", log)


class CasesOnPostgres(Cases):
    postgres = True

if __name__ == "__main__":
    unittest.main()
