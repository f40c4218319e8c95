"""spec/api.json is the one list of the API's routes, limits and error codes: the server's tables,
its option defaults, the C++ client's app/api_routes.h and docs/API.md must all say what it says.

Run: /usr/bin/python3 -m unittest tests/layout/test_api_spec.py -v
"""
import dataclasses
import importlib.util
import pathlib
import re
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from server import api_spec, config, routes, staff_routes  # noqa: E402


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_api", ROOT / "scripts" / "gen_api.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_api = load_generator()
# C++ tokens that may hold a quote: string literals (group 1), char literals and comments.
CPP_TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'(?:[^\'\\\n]|\\.)*\'|//[^\n]*|/\*.*?\*/', re.S)
# An error code where the server answers one: ApiError(403, "forbidden", ...), (StoreFull, 507, "...", ...).
SERVER_ERROR = re.compile(r'\b([45]\d\d), "([a-z_]+)"')


def app_sources():
    return [p for p in sorted((ROOT / "src" / "app").rglob("*")) if p.suffix in (".h", ".cpp")]


class Spec(unittest.TestCase):
    def test_docs_tables_are_the_specs(self):
        text = (ROOT / "docs" / "API.md").read_text(encoding="utf-8")
        self.assertEqual(gen_api.rewrite_docs(text), text,
                         "docs/API.md differs from spec/api.json: run python3 scripts/gen_api.py docs")

    def test_server_serves_exactly_the_spec_routes_with_its_roles(self):
        served = {}
        for template, pattern, methods in routes.build(staff_routes.ROUTES):
            for method, handler in methods.items():
                served[template, method] = (pattern.pattern, getattr(handler, "roles", None))
        expected = {(r["path"], m): (api_spec.pattern(r), api_spec.ROLES[entry["who"]])
                    for r in api_spec.routes() for m, entry in r["methods"].items()}
        self.assertEqual(served, expected)
        self.assertEqual(staff_routes.PUBLIC, {k for k, (_, roles) in expected.items()
                                               if roles is None and k[0].startswith("/api/staff/")})

    def test_a_spec_route_without_handler_or_a_handler_without_route_stops_the_server(self):
        handlers = dict(staff_routes.HANDLERS)
        handlers.pop("get_audit")
        with self.assertRaisesRegex(api_spec.SpecError, "no handler for \\['get_audit'\\]"):
            api_spec.table(staff_routes=True, handlers=handlers)
        with self.assertRaisesRegex(api_spec.SpecError, "no route for \\['extra'\\]"):
            api_spec.table(staff_routes=True, handlers={**staff_routes.HANDLERS, "extra": len})

    def test_option_defaults_are_the_spec_limits(self):
        defaults = {f.name: f.default for f in dataclasses.fields(config.Config)}
        help_text = config._parser().format_help()
        for name, entry in api_spec.spec()["limits"].items():
            with self.subTest(limit=name):
                if entry.get("option"):
                    self.assertEqual(defaults.get(name), api_spec.limit(name))
                    self.assertIn("--" + name.replace("_", "-"), help_text)
                else:
                    self.assertNotIn(name, defaults, "an option? then say \"option\": true in the spec")

    def test_every_error_code_the_server_sends_is_in_the_spec(self):
        errors = api_spec.spec()["errors"]
        sources = {p: p.read_text(encoding="utf-8") for p in sorted((ROOT / "server").rglob("*.py"))}
        for path, text in sources.items():
            for status, code in SERVER_ERROR.findall(text):
                with self.subTest(code=code, where=str(path.relative_to(ROOT))):
                    self.assertIn(code, errors)
                    self.assertIn(int(status), errors[code]["status"])
        everything = "\n".join(sources.values())
        for code in errors:
            with self.subTest(documented=code):
                self.assertIn(f'"{code}"', everything, "the spec lists a code the server never sends")

    def test_the_client_header_is_generated_not_written(self):
        self.assertFalse((ROOT / "src" / "app" / "api_routes.h").exists(),
                         "src/app/api_routes.h would hide the one generated from spec/api.json: add routes there")
        for build in ("native", "web"):
            built = ROOT / "build" / build / "generated" / "app" / "api_routes.h"
            if built.exists():  # a stale build has an older header
                with self.subTest(build=build):
                    self.assertEqual(built.read_text(encoding="utf-8"), gen_api.cpp_header())

    def test_the_client_spells_no_url_and_no_error_code_itself(self):
        """URLs come from app::api functions, error codes from app::api::error constants."""
        codes = set(api_spec.spec()["errors"])
        bad = []
        for path in app_sources():
            for match in CPP_TOKEN.finditer(path.read_text(encoding="utf-8")):
                literal = match.group(1)
                if literal is not None and (literal.startswith("/api") or literal in codes):
                    bad.append(f"{path.relative_to(ROOT)}: \"{literal}\"")
        self.assertEqual(bad, [])


if __name__ == "__main__":
    unittest.main()
