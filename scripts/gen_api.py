#!/usr/bin/env python3
"""Generates from spec/api.json what the client and the docs need of the HTTP API.

    gen_api.py header OUT     writes the C++ header app/api_routes.h to OUT (CMake does this at build time)
    gen_api.py docs           rewrites the generated tables in docs/API.md
    gen_api.py docs --check   exits 1 if docs/API.md's tables differ from the spec (nothing written)

The docs tables sit between `<!-- BEGIN spec/api.json NAME -->` and `<!-- END spec/api.json NAME -->`;
everything outside the markers is written by hand. tests/layout/test_api_spec.py checks both.
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from server import api_spec  # noqa: E402  (the one reader of the spec, shared with the server)

DOCS = ROOT / "docs" / "API.md"
WHO_SHOWN = {"public": "anyone", "case": "the case", "staff": "intake, admin", "admin": "admin"}
SECTIONS = ("public", "drafts", "cases", "staff")
BLOCK = re.compile(r"(<!-- BEGIN spec/api.json (?P<name>[a-z:]+) -->\n).*?(<!-- END spec/api.json (?P=name) -->)", re.S)


def constant(name):
    """max_json_bytes -> kMaxJsonBytes"""
    return "k" + "".join(part.capitalize() for part in name.split("_"))


def shown(name):
    """A limit's default as the docs show it ("64 KiB", "16")."""
    return str(api_spec.spec()["limits"][name]["default"])


def with_limits(text):
    """Text with each ${limit_name} replaced by that limit's default."""
    return re.sub(r"\$\{([a-z_]+)\}", lambda m: shown(m.group(1)), text)


# ------------------------------------------------------------------ the C++ header

def cpp_function(route):
    """The inline function that builds one route's URL; its arguments are the path's placeholders,
    then the query parameters (counts as int, ids as long long that are left out when 0)."""
    parts = api_spec.PLACEHOLDER.split(route["path"])  # text, name, text, ...
    pieces = [f'"{part}"' if i % 2 == 0 else part for i, part in enumerate(parts) if part]
    args = [f"const std::string& {part}" for i, part in enumerate(parts) if i % 2]
    query = route.get("query", {})
    if not args and not query:
        return [f'inline const char* {route["client"]}() {{ return {" + ".join(pieces)}; }}']
    required = [n for n, q in query.items() if q["type"] == "count"]
    optional = [n for n, q in query.items() if q["type"] == "id"]
    if list(query) != required + optional or (optional and not required):
        raise api_spec.SpecError(f"{route['path']}: query counts must come first, then ids")
    args += [f"int {n}" for n in required] + [f"long long {n} = 0" for n in optional]
    signature = f'inline std::string {route["client"]}({", ".join(args)})'
    if not query:
        return [f"{signature} {{ return {' + '.join(pieces)}; }}"]
    first, *more = required
    pieces[-1] = pieces[-1][:-1] + f'?{first}="'
    lines = [f"{signature} {{", f"    std::string url = {' + '.join(pieces)} + std::to_string({first});"]
    for name in more:
        lines.append(f'    url += "&{name}=" + std::to_string({name});')
    for name in optional:
        lines += [f"    if ({name} > 0)", f'        url += "&{name}=" + std::to_string({name});']
    return lines + ["    return url;", "}"]


def cpp_header():
    spec = api_spec.spec()
    out = ["// Generated from spec/api.json by scripts/gen_api.py at build time: change the spec, not this.",
           "// The server's routes as the client calls them (every URL the app requests is built here),",
           "// the API's limits as the server's defaults, and the error codes the client reads.",
           "#pragma once", "#include <cstddef>", "#include <string>", "", "namespace app::api {", ""]
    for route in spec["routes"]:
        if "client" in route:
            out.append(f'// {" ".join(route["methods"])} {route["path"]}')
            out += cpp_function(route)
    out += ["", "// Limits (spec/api.json \"limits\"): the server's defaults; an office may change the ones that",
            "// are options, and GET /api/config tells the client the server's max_submission_bytes."]
    for name, entry in spec["limits"].items():
        kind = "std::size_t" if isinstance(entry["default"], str) else "int"
        size = f'{entry["default"]}: ' if kind == "std::size_t" else ""
        out.append(f'constexpr {kind} {constant(name)} = {api_spec.limit(name)};  // {size}{entry["means"]}')
    out += ["", "// Error codes the client reads ({\"error\": \"invalid_totp\"}).", "namespace error {"]
    for code, entry in spec["errors"].items():
        if entry.get("client"):
            out.append(f'inline constexpr const char* {constant(code)} = "{code}";')
    out += ["} // namespace error", "", "} // namespace app::api", ""]
    return "\n".join(out)


# ------------------------------------------------------------------ docs/API.md

def cell(text):
    return str(text).replace("|", "\\|")


def path_shown(route):
    path = route["path"]
    query = route.get("query", {})
    if query:
        shown_query = []
        for name, q in query.items():
            if q["type"] == "count":
                shown_query.append(f"{name}=<{q['min']}..{shown(q['max'])}, default {shown(q['default'])}>")
            else:
                shown_query.append(f"{name}=<id>")
        path += "?" + "&".join(shown_query)
    params = "".join(f", `{name}`: `{pattern}`" for name, pattern in route.get("params", {}).items()
                     if pattern != "[^/]+")
    return f"`{path}`{params}"


def body_shown(entry):
    if "body" not in entry:
        return "—"
    body = api_spec.spec()["bodies"][entry["body"]]
    return f"{body['shown']}, `{body['type']}`, at most {shown(body['limit'])}"


def who_shown(entry):
    who = WHO_SHOWN[entry["who"]]
    return who + " (also before the passphrase change)" if entry.get("before_passphrase_change") else who


def routes_table(section):
    rows = ["| method | path | who | body | answer |", "|---|---|---|---|---|"]
    for route in api_spec.routes():
        if route["section"] == section:
            for method, entry in route["methods"].items():
                rows.append(f"| {method} | {cell(path_shown(route))} | {who_shown(entry)} | {cell(body_shown(entry))} "
                            f"| {cell(with_limits(entry['answer']))} |")
    return rows


def limits_table():
    rows = ["| limit | default | `serve.py` option | what |", "|---|---|---|---|"]
    for name, entry in api_spec.spec()["limits"].items():
        option = f"`--{name.replace('_', '-')}`" if entry.get("option") else "—"
        rows.append(f"| `{name}` | {entry['default']} | {option} | {cell(with_limits(entry['means']))} |")
    return rows


def errors_table():
    rows = ["| code | status | when | the app reads it |", "|---|---|---|---|"]
    for code, entry in api_spec.spec()["errors"].items():
        status = ", ".join(str(s) for s in entry["status"])
        rows.append(f"| `{code}` | {status} | {cell(entry['means'])} | {'yes' if entry.get('client') else ''} |")
    return rows


def docs_blocks():
    blocks = {f"routes:{s}": routes_table(s) for s in SECTIONS}
    blocks.update({"limits": limits_table(), "errors": errors_table()})
    return {name: "\n".join(rows) + "\n" for name, rows in blocks.items()}


def rewrite_docs(text):
    """docs/API.md's text with every generated block replaced; SpecError if a block is missing."""
    blocks = docs_blocks()
    found = set()

    def replace(match):
        name = match.group("name")
        if name not in blocks:
            raise api_spec.SpecError(f"docs/API.md: no such generated block {name}")
        found.add(name)
        return match.group(1) + blocks[name] + match.group(3)

    text = BLOCK.sub(replace, text)
    if found != set(blocks):
        raise api_spec.SpecError(f"docs/API.md lacks the markers of {sorted(set(blocks) - found)}")
    return text


def main(argv):
    if len(argv) == 2 and argv[0] == "header":
        path = pathlib.Path(argv[1])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(cpp_header(), encoding="utf-8")
        return 0
    if argv in (["docs"], ["docs", "--check"]):
        text = DOCS.read_text(encoding="utf-8")
        new = rewrite_docs(text)
        if argv[-1] == "--check":
            if new != text:
                print("docs/API.md differs from spec/api.json: run python3 scripts/gen_api.py docs", file=sys.stderr)
                return 1
            return 0
        DOCS.write_text(new, encoding="utf-8")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
