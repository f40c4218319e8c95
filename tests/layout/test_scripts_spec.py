"""spec/scripts.json is the one table of scripts and fonts: the catalogs' scripts and directions,
the fonts CMake subsets and ships, the C++ table (platform/scripts_table.h), the browser's font
stack (JS, CSS and the e2e test that compares with Chromium) must all say what it says, and no
consumer may keep a copy of its own.

Run: /usr/bin/python3 -m unittest tests/layout/test_scripts_spec.py -v
"""
import json
import pathlib
import re
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import gen_scripts as gen  # noqa: E402  (the spec's one reader)

SPEC = gen.spec()
SCRIPTS = {s["name"]: s for s in SPEC["scripts"]}
FONT_FILES = {e["regular"] for e in gen.entries()} | {e["bold"] for e in gen.entries()}
LOADABLE = [e["name"] for e in gen.entries()]      # latin, cyrillic, names-cyrillic, ...
# C++ string literals (group 1), char literals and comments: only literals are looked at.
CPP_TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'(?:[^\'\\\n]|\\.)*\'|//[^\n]*|/\*.*?\*/', re.S)
JS_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"")
FONT_FILE = re.compile(r"Noto\w*-(?:Regular|Bold)[\w-]*(?:\.ttf)?")


def catalogs():
    for path in sorted((ROOT / "assets" / "i18n").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "meta" in data:
            yield path, data


def covered(text, items):
    points = {p for a, b in gen.ranges(items) for p in range(a, b + 1)} | {ord("\n"), ord("\t")}
    return all(ord(c) in points for c in text)


def cpp_literals(path):
    return [m.group(1) for m in CPP_TOKEN.finditer(path.read_text(encoding="utf-8")) if m.group(1) is not None]


class Spec(unittest.TestCase):
    def test_every_catalog_is_written_in_a_spec_script_that_lists_its_language(self):
        languages = {}
        for path, data in catalogs():
            meta = data["meta"]
            script = SCRIPTS.get(meta.get("script", "latin"))
            self.assertIsNotNone(script, f"{path.name}: script {meta.get('script')!r} is not in spec/scripts.json")
            self.assertIn(meta["language"], script["languages"], f"{path.name}: not listed under {script['name']}")
            self.assertEqual(meta.get("dir", "ltr"), script["direction"], path.name)
            languages[meta["language"]] = script["name"]
        listed = {lang: s["name"] for s in SPEC["scripts"] for lang in s["languages"]}
        self.assertEqual(listed, languages, "spec/scripts.json lists a language without a catalog, or twice")

    def test_a_catalogs_texts_are_inside_the_code_points_its_fonts_have(self):
        base = next(s for s in SPEC["scripts"] if s.get("base"))
        for path, data in catalogs():
            script = SCRIPTS[data["meta"].get("script", "latin")]
            items = base.get("atlas_ranges", base["unicodes"]) + script["unicodes"]
            points = {p for a, b in gen.ranges(items) for p in range(a, b + 1)} | {ord("\n"), ord("\t")}
            for key, text in data["strings"].items():
                if isinstance(text, dict):
                    text = "".join(text.values())
                missing = sorted({f"U+{ord(c):04X}" for c in text if ord(c) not in points})
                self.assertEqual(missing, [], f"{path.name} {key}: no glyphs for these in spec/scripts.json")

    def test_every_language_name_has_a_names_subset_or_is_in_the_base_fonts(self):
        names = json.loads((ROOT / "assets" / "i18n" / "languages.json").read_text(encoding="utf-8"))
        base = next(s for s in SPEC["scripts"] if s.get("base"))
        for item in names:
            script = next((s for s in SPEC["scripts"] if item["code"] in s["languages"]), None)
            self.assertIsNotNone(script, item["code"])
            if not script.get("base"):
                self.assertIn("names", script, f"{script['name']}: the picker shows {item['name']}")
            self.assertTrue(covered(item["name"], script["unicodes"] + base["unicodes"]), item["name"])

    def test_cmake_subsets_the_spec_fonts_and_names_none_itself(self):
        text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
        self.assertIn("spec/scripts.json", text)
        self.assertEqual(FONT_FILE.findall(text), [], "CMakeLists.txt names font files: read spec/scripts.json")
        self.assertEqual(re.findall(r"U\+[0-9A-Fa-f]{4}", text), [], "code point ranges belong in the spec")
        for script in SPEC["scripts"]:
            for weight in ("regular", "bold"):
                source = script["fonts"][weight]["source"]
                self.assertTrue(pathlib.Path(f"/usr/share/fonts/truetype/noto/{source}.ttf").exists()
                                or not pathlib.Path("/usr/share/fonts/truetype/noto").exists(), source)

    def test_the_generated_cpp_table_has_every_font_set(self):
        header = gen.cpp_header()
        for entry in gen.entries():
            self.assertIn(f'{{"{entry["name"]}", ', header)
            self.assertIn(f'"fonts/{entry["regular"]}"', header)

    def test_sources_keep_no_script_table_of_their_own(self):
        cpp = [p for d in ("src/main.cpp", "src/platform", "src/ui") for p in
               ([ROOT / d] if d.endswith(".cpp") else sorted((ROOT / d).rglob("*"))) if p.suffix in (".h", ".cpp")]
        for path in cpp:
            for literal in cpp_literals(path):
                self.assertNotIn(literal, LOADABLE, f"{path.relative_to(ROOT)}: script name \"{literal}\"")
                self.assertIsNone(FONT_FILE.search(literal), f"{path.relative_to(ROOT)}: font file \"{literal}\"")
                self.assertNotRegex(literal, r"^Anl \w", f"{path.relative_to(ROOT)}: font family \"{literal}\"")
        web = sorted((ROOT / "web").rglob("*.js")) + sorted((ROOT / "web").rglob("*.css")) + [ROOT / "shell" / "page.html.in"]
        for path in web:
            text = path.read_text(encoding="utf-8")
            self.assertIsNone(FONT_FILE.search(text), f"{path.relative_to(ROOT)} names a font file")
            for m in JS_STRING.finditer(text):
                literal = m.group(1) or m.group(2) or ""
                self.assertNotRegex(literal, r"^Anl \w", f"{path.relative_to(ROOT)}: a font family of its own")

    def test_css_and_js_get_the_spec_stack(self):
        css = gen.css((ROOT / "web" / "platform.css").read_text(encoding="utf-8"))
        self.assertIn(f"--anl-font-stack: {gen.font_stack('css')};", css)
        self.assertIn("var(--anl-font-stack)", css)
        self.assertIn(json.dumps(gen.font_stack("canvas")), gen.js_library())
        self.assertIn("ANL_fontStack()", (ROOT / "web" / "js" / "fonts.js").read_text(encoding="utf-8"))

    def test_e2e_tests_use_the_spec_fonts_and_stack(self):
        shaping = (ROOT / "tests" / "e2e" / "shaping.test.mjs").read_text(encoding="utf-8")
        self.assertIn(f"fontFamily: '{gen.font_stack('canvas')}'", shaping,
                      "shaping.test.mjs compares with Chromium in another font stack than spec/scripts.json's")
        for name in ("shaping.test.mjs", "intake.test.mjs"):
            text = (ROOT / "tests" / "e2e" / name).read_text(encoding="utf-8")
            for file in re.findall(r"Noto\w*-(?:Regular|Bold)[\w-]*\.ttf", text):
                self.assertIn(file, FONT_FILES, f"{name}: {file} is not a font of spec/scripts.json")


if __name__ == "__main__":
    unittest.main()
