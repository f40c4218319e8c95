#!/usr/bin/env python3
"""Generates from spec/scripts.json what C++, JS and CSS need of the script/font table.

    gen_scripts.py header OUT        the C++ table platform/scripts_table.h (CMake, at build time)
    gen_scripts.py js OUT            a --js-library with the browser's font stack (likewise)
    gen_scripts.py css IN OUT        IN (web/platform.css) with the font stack defined (likewise)

CMake reads the same spec itself (string(JSON)) for the fonts it subsets and ships.
tests/layout/test_scripts_spec.py checks every consumer against the spec.
"""

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec" / "scripts.json"
RANGE = re.compile(r"^([0-9A-F]{4,5})(?:-([0-9A-F]{4,5}))?$")


def spec():
    data = json.loads(SPEC.read_text(encoding="utf-8"))
    names = set()
    for script in data["scripts"]:
        if script["name"] in names or script["drawn_by"] not in ("atlas", "browser"):
            raise ValueError(f"{script['name']}: duplicate, or drawn_by is not atlas or browser")
        names.add(script["name"])
        for r in script["unicodes"] + script.get("atlas_ranges", []):
            if not RANGE.match(r):
                raise ValueError(f"{script['name']}: {r!r} is not a code point or range like 0400-052F")
    return data


def ranges(items):
    """["0400-052F", "FFFD"] -> [(0x400, 0x52F), (0xFFFD, 0xFFFD)]"""
    out = []
    for item in items:
        first, last = RANGE.match(item).groups()
        out.append((int(first, 16), int(last or first, 16)))
    return out


def unicodes_option(script):
    """The --unicodes= value of pyftsubset: "U+0400-052F,U+1C80-1C8F"."""
    return ",".join("U+" + r for r in script["unicodes"])


def entries():
    """Every loadable font set, whole scripts and their language-name subsets, as C++ sees them."""
    for script in spec()["scripts"]:
        fonts = script["fonts"]
        yield {"name": script["name"], "whole": True, "script": script,
               "regular": fonts["regular"]["file"], "bold": fonts["bold"]["file"],
               "family": script.get("browser_family", "")}
        if "names" in script:
            names = script["names"]
            yield {"name": "names-" + script["name"], "whole": False, "script": script,
                   "regular": names["file"], "bold": names["file"], "family": names.get("browser_family", "")}


def families():
    """The browser's font families, in stack order: each script's, then its names subset's."""
    return [e["family"] for e in entries() if e["family"]]


def font_stack(medium):
    """The CSS font-family list for "css" (web/platform.css) or "canvas" (browser-drawn text)."""
    return ", ".join([f'"{f}"' for f in families()] + spec()["fallback_families"][medium])


def cpp_string(text):
    return json.dumps(text, ensure_ascii=False)


def cpp_header():
    out = ["// Generated from spec/scripts.json by scripts/gen_scripts.py at build time: change the spec.",
           "// The scripts the UI draws, their font files, atlas ranges and browser families.",
           "#pragma once", "", "namespace platform::scripts {", "",
           "struct Script {",
           "    const char* name;                    // \"cyrillic\"; a language-name subset: \"names-cyrillic\"",
           "    bool whole;                          // false: only the letters of the language names",
           "    bool base;                           // the Latin base fonts the atlas starts from",
           "    bool browser;                        // drawn by the browser's text engine, not the atlas",
           "    bool rtl;",
           "    const char* regular;                 // font URLs, relative to the page",
           "    const char* bold;",
           "    const char* browser_family;          // \"\" when the browser is not given these fonts",
           "    const unsigned short* atlas_ranges;  // ImWchar pairs, 0-terminated",
           "};", ""]
    for script in spec()["scripts"]:
        values = [f"0x{v:04X}" for pair in ranges(script.get("atlas_ranges", script["unicodes"])) for v in pair]
        out.append(f"inline constexpr unsigned short k{script['name'].capitalize()}Ranges[] = "
                   f"{{{', '.join(values + ['0'])}}};")
    out += ["", "inline constexpr Script kScripts[] = {"]
    for e in entries():
        s = e["script"]
        flags = [str(e["whole"]).lower(), str(bool(s.get("base"))).lower(),
                 str(s["drawn_by"] == "browser").lower(), str(s["direction"] == "rtl").lower()]
        out.append(f"    {{{cpp_string(e['name'])}, {', '.join(flags)}, {cpp_string('fonts/' + e['regular'])}, "
                   f"{cpp_string('fonts/' + e['bold'])}, {cpp_string(e['family'])}, "
                   f"k{s['name'].capitalize()}Ranges}},")
    out += ["};", "", "} // namespace platform::scripts", ""]
    return "\n".join(out)


def js_library():
    return ("// Generated from spec/scripts.json by scripts/gen_scripts.py at build time: change the spec.\n"
            "mergeInto(LibraryManager.library, {\n"
            "  // The font stack of browser-drawn text (web/js/fonts.js), as web/platform.css has it.\n"
            f"  $ANL_fontStack: function () {{ return {json.dumps(font_stack('canvas'))}; }},\n"
            "});\n")


def css(source):
    """web/platform.css uses var(--anl-font-stack); the served copy defines it first."""
    return (f"/* Generated from web/platform.css and spec/scripts.json (scripts/gen_scripts.py). */\n"
            f":root {{ --anl-font-stack: {font_stack('css')}; }}\n" + source)


def write(path, text):
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def main(argv):
    if len(argv) == 3 and argv[1] == "header":
        write(argv[2], cpp_header())
    elif len(argv) == 3 and argv[1] == "js":
        write(argv[2], js_library())
    elif len(argv) == 4 and argv[1] == "css":
        write(argv[3], css(pathlib.Path(argv[2]).read_text(encoding="utf-8")))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
