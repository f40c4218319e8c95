"""The layers' boundaries (README, "Layout"), checked on the sources themselves.

src/core and src/app are plain C++ tested natively: no ImGui, no Emscripten, no browser layer.
src/app reaches the world only through src/app/services.h.
"""
import pathlib
import re
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def includes(folder):
    for path in sorted((ROOT / folder).rglob('*')):
        if path.suffix in ('.h', '.cpp'):
            for name in INCLUDE.findall(path.read_text(encoding='utf-8')):
                yield path.relative_to(ROOT), name


class Boundaries(unittest.TestCase):
    def assert_no_include(self, folder, forbidden):
        bad = [f'{path}: {name}' for path, name in includes(folder) if re.match(forbidden, name)]
        self.assertEqual(bad, [], f'{folder} must not include these')

    def test_core_reaches_nothing_outside(self):
        self.assert_no_include('src/core', r'(imgui|emscripten|platform/|ui/|app/|GLES|fstream|iostream)')

    def test_app_draws_nothing_and_reaches_the_world_through_services(self):
        self.assert_no_include('src/app', r'(imgui|emscripten|platform/|ui/|GLES|fstream|iostream)')

    def test_ui_has_no_emscripten(self):
        self.assert_no_include('src/ui', r'emscripten')


if __name__ == '__main__':
    unittest.main()
