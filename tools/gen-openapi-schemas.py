#!/usr/bin/env python3
"""Generate `crates/server/openapi/model.json`, the case model's schemas of our OpenAPI document.

Usage:
    python3 tools/gen-openapi-schemas.py [SPEC] [--check]

SPEC defaults to /work/shared/spec/openapi-v2.json; the events' schemas are read from
`ereignisse-openapi.yaml` beside it (with PyYAML), each named with the prefix `Ereignis`
(`Partner` there is not the case model's `Partner`). The case model of our document is the
upstream contract's, schema for schema, so that an integrator can diff the two; only the
structural facts are taken (names, types, formats, enum values, `required`, bounds,
`deprecated`), never description texts or examples. `Error` is left out: our document
describes the error body precisely (`crates/server/openapi/common.yaml`), where the
upstream schema leaves its properties untyped.

With --check nothing is written; the script exits 1 if the file differs from what it
would generate. Python 3 with PyYAML.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = Path("/work/shared/spec/openapi-v2.json")
OUT = REPO_ROOT / "crates" / "server" / "openapi" / "model.json"

# The keys of a schema that state a fact about the data. Everything else (description,
# example, title, vendor extensions) is prose or presentation and stays upstream.
STRUCTURAL = {
    "type", "format", "enum", "items", "properties", "$ref", "required", "additionalProperties",
    "deprecated", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems",
    "maxItems", "allOf", "oneOf", "anyOf", "const", "uniqueItems",
}
HAND_WRITTEN = {"Error"}


def facts(schema):
    if isinstance(schema, list):
        return [facts(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key not in STRUCTURAL:
            continue
        if key == "properties":
            out[key] = {name: facts(prop) for name, prop in value.items()}
        elif key in ("enum", "required", "type", "const"):
            out[key] = value
        else:
            out[key] = facts(value)
    return out


def prefixed(name: str) -> str:
    return name if name.startswith("Ereignis") else "Ereignis" + name


def events_schemas(events: dict) -> dict:
    schemas = {
        prefixed(name): facts(schema)
        for name, schema in events["components"]["schemas"].items()
        if name not in HAND_WRITTEN
    }
    text = json.dumps(schemas, ensure_ascii=False)
    text = re.sub(r'"#/components/schemas/([A-Za-z]+)"',
                  lambda m: '"#/components/schemas/' + prefixed(m.group(1)) + '"', text)
    return json.loads(text)


def generate(spec: dict, events: dict) -> str:
    schemas = spec["components"]["schemas"]
    model = {name: facts(schema) for name, schema in schemas.items() if name not in HAND_WRITTEN}
    clash = set(model) & set(events_schemas(events))
    if clash:
        raise ValueError(f"schema names in both contracts: {sorted(clash)}")
    model.update(events_schemas(events))
    document = {
        "x-source": "Vorgänge API " + spec["info"]["version"] + " and Ereignisse API "
        + events["info"]["version"] + ", components.schemas",
        "components": {"schemas": model},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", nargs="?", default=str(DEFAULT_SPEC))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    try:
        import yaml

        events_path = Path(args.spec).with_name("ereignisse-openapi.yaml")
        events = yaml.safe_load(events_path.read_text(encoding="utf-8"))
        text = generate(json.loads(Path(args.spec).read_bytes()), events)
    except ImportError:
        print("gen-openapi-schemas: PyYAML is needed", file=sys.stderr)
        return 3
    except (OSError, ValueError, KeyError) as exc:
        print(f"gen-openapi-schemas: {args.spec}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"gen-openapi-schemas: {OUT} is out of date; run "
                  f"`python3 tools/gen-openapi-schemas.py {args.spec}`", file=sys.stderr)
            return 1
        print(f"gen-openapi-schemas: {OUT} is up to date")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"gen-openapi-schemas: wrote {OUT} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
