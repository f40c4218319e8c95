"""HTTP helpers for the case channel tests (test_cases.py, test_uploads.py): a server with a
worker account, cases created over HTTP, items sealed to office and case.

    class T(CaseTestCase):
        def test_x(self):
            case = self.new_case()
            response, data = self.post_item(case, self.item_for(case))
"""

import json

from case_fixture import Case, seal_v2
from staff_http import StaffTestCase

MIB = 1024 * 1024
OCTETS = {"Content-Type": "application/octet-stream"}


class CaseTestCase(StaffTestCase):
    """A server with a worker account; helpers to make cases and items. Every request from the
    default address 127.0.0.1; tests that exhaust a limit send from an address of their own."""
    staff = (("admin", "admin", None), ("worker", "intake", None))

    def create(self, case=None, source=None, **overrides):
        case = case or Case.new()
        response, data = self.http("POST", "/api/cases", case.creation(**overrides), source=source)
        return case, response, data

    def new_case(self):
        case, response, data = self.create()
        while response.status == 409:  # a locator taken by another test: draw again, as the app does
            case, response, data = self.create()
        self.assertEqual(response.status, 201, data)
        return case

    @property
    def office_pk(self):
        return bytes(self.office.secret_key.public_key)

    def item_for(self, case, document=None, attachments=()):
        return seal_v2([self.office_pk, case.public_key], document or {"v": 1, "type": "message", "text": "Hallo"},
                       attachments)

    def post_item(self, case, body, headers=None):
        return self.http("POST", f"/api/cases/{case.locator}/items", body, {**OCTETS, **case.auth(), **(headers or {})})

    def get_case(self, case, token=None, source=None):
        return self.http("GET", f"/api/cases/{case.locator}", headers=case.auth(token), source=source)

    def case_view(self, case):
        response, data = self.get_case(case)
        self.assertEqual(response.status, 200, data)
        return json.loads(data)

    def staff_item(self, cookies, case, body, audience):
        headers = {**OCTETS, **({"Anl-Audience": audience} if audience else {})}
        return self.call("POST", f"/api/staff/cases/{case.locator}/items", cookies, body, headers)

    def item_files(self):
        return self.sql("SELECT blob FROM case_items")
