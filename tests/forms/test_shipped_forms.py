"""The form definitions and form texts that ship in assets/forms, checked the way an office's
edit would be: against the JSON Schema (draft 2020-12) that editors use, and with
anlaufstelle-formcheck, which runs the real loader (src/core/form_loader.cpp) and compares the keys
the form uses with every language's catalog of form texts."""
import json
import pathlib
import shutil
import subprocess
import tempfile
import unittest

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
FORMS = ROOT / "assets" / "forms"
TEXTS = FORMS / "i18n"
FORMCHECK = ROOT / "build" / "native" / "anlaufstelle-formcheck"
SCHEMA = json.loads((FORMS / "form.schema.json").read_text(encoding="utf-8"))


def shipped_forms():
    return sorted(p for p in FORMS.glob("*.json") if p.name != "form.schema.json")


def formcheck(form, texts=None):
    args = [str(FORMCHECK), str(form)] + ([str(texts)] if texts else [])
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


class ShippedForms(unittest.TestCase):
    def test_the_default_form_ships(self):
        self.assertIn("social-assistance.json", [p.name for p in shipped_forms()])

    def test_every_shipped_form_matches_the_schema(self):
        validator = jsonschema.Draft202012Validator(SCHEMA)
        for path in shipped_forms():
            with self.subTest(form=path.name):
                errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(json.loads(path.read_text("utf-8")))]
                self.assertEqual(errors, [])

    def test_the_loader_accepts_the_default_form_and_every_language_has_its_texts(self):
        result = formcheck(FORMS / "social-assistance.json", TEXTS)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("0 problem(s)", result.stdout)

    def test_every_applicant_language_has_form_texts(self):
        languages = json.loads((ROOT / "assets" / "i18n" / "languages.json").read_text("utf-8"))
        for language in languages:
            with self.subTest(language=language["code"]):
                path = TEXTS / f"{language['code']}.json"
                self.assertTrue(path.exists(), f"{path} is missing")
                meta = json.loads(path.read_text("utf-8"))["meta"]
                self.assertEqual(meta["language"], language["code"])


class WhatAnOfficeSeesWhenItMakesAMistake(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)
        self.form = json.loads((FORMS / "social-assistance.json").read_text("utf-8"))

    def write_form(self, form):
        path = self.tmp / "form.json"
        path.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
        return path

    def test_a_missing_text_is_named_with_its_language(self):
        shutil.copytree(TEXTS, self.tmp / "i18n")
        fr = json.loads((self.tmp / "i18n" / "fr.json").read_text("utf-8"))
        removed = "form.social-assistance.title"
        del fr["strings"][removed]
        (self.tmp / "i18n" / "fr.json").write_text(json.dumps(fr, ensure_ascii=False), encoding="utf-8")
        result = formcheck(FORMS / "social-assistance.json", self.tmp / "i18n")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"fr.json: missing {removed}", result.stdout)

    def test_a_question_added_without_texts_is_reported(self):
        self.form["pages"][0]["questions"].append(
            {"id": "shoe_size", "type": "number", "label": "form.social-assistance.shoe_size.label"})
        result = formcheck(self.write_form(self.form), TEXTS)
        self.assertEqual(result.returncode, 1)
        self.assertIn("missing form.social-assistance.shoe_size.label", result.stdout)

    def test_a_broken_definition_is_refused_by_schema_and_loader_alike(self):
        self.form["pages"][0]["questions"][0]["type"] = "colour_picker"
        path = self.write_form(self.form)
        result = formcheck(path)
        self.assertEqual(result.returncode, 1)
        self.assertIn("unknown type 'colour_picker'", result.stdout)
        validator = jsonschema.Draft202012Validator(SCHEMA)
        self.assertTrue(list(validator.iter_errors(self.form)))

    def test_a_condition_that_looks_forward_is_refused(self):
        last = self.form["pages"][-1]["questions"][0]["id"]
        self.form["pages"][0]["condition"] = {"answered": last}
        result = formcheck(self.write_form(self.form))
        self.assertEqual(result.returncode, 1)
        self.assertIn("comes later in the form", result.stdout)


if __name__ == "__main__":
    unittest.main()
