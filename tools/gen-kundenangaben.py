#!/usr/bin/env python3
"""Generate the request types and validation rules of `crates/intake` from the upstream
Kundenangaben API contract (`kundenangaben-openapi.yaml`).

Usage:
    python3 tools/gen-kundenangaben.py [SPEC] [--check]

SPEC defaults to $VORGAENGE_SPEC_DIR/kundenangaben-openapi.yaml, else
/work/shared/spec/kundenangaben-openapi.yaml. Writes (rustfmt-formatted)

  crates/intake/src/generated/types.rs serde types of every schema reachable from
                                    `ImportKundenangabenRequest`
  crates/intake/src/generated/rules.rs the same schemas as a static table that the
                                    validator walks (types, formats, enums,
                                    required, bounds)

With --check nothing is written; the script exits 1 if a file on disk differs.
Exit codes: 0 ok / up to date, 1 out of date, 2 usage or spec problem,
3 rustfmt not available.

Only structural facts are taken from the spec (schema and property names, types,
formats, enum values, `required`, bounds, discriminator values). Description
texts are deliberately NOT copied. `pattern` is not taken over either: the only
one (`Anschrift.plz`) is documented upstream as "ignored if not five digits",
so it is a mapping rule, not a validation rule.

Needs python3 with PyYAML (the spec is only published as YAML).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "crates" / "intake" / "src" / "generated"
ROOT_SCHEMA = "ImportKundenangabenRequest"
REF_PREFIX = "#/components/schemas/"
DISCRIMINATOR = "@type"

RUST_KEYWORDS = {
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
}


class SpecError(Exception):
    pass


def default_spec() -> Path:
    env = os.environ.get("VORGAENGE_SPEC_DIR")
    if env:
        return Path(env) / "kundenangaben-openapi.yaml"
    return Path("/work/shared/spec/kundenangaben-openapi.yaml")


def ref_name(ref: str) -> str:
    if not ref.startswith(REF_PREFIX):
        raise SpecError(f"unsupported $ref {ref}")
    return ref[len(REF_PREFIX):]


def snake(name: str) -> str:
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    return f"r#{s}" if s in RUST_KEYWORDS else s


def serde_camel(field: str) -> str:
    """What `#[serde(rename_all = "camelCase")]` makes of a snake_case field name."""
    field = field.removeprefix("r#")
    parts = field.split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def screaming(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


class Model:
    """The schemas reachable from the request, with `allOf` flattened and every
    polymorphic reference resolved to its discriminator base."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.raw: dict = spec["components"]["schemas"]
        self.bases: dict[str, dict[str, str]] = {}
        for name, schema in self.raw.items():
            disc = schema.get("discriminator")
            if disc:
                if disc.get("propertyName") != DISCRIMINATOR:
                    raise SpecError(f"{name}: discriminator is not {DISCRIMINATOR}")
                self.bases[name] = {value: ref_name(ref) for value, ref in disc["mapping"].items()}
        self.objects: dict[str, list[tuple[str, dict, bool]]] = {}
        self.unions: dict[str, dict[str, str]] = {}
        self._visit_object(ROOT_SCHEMA)

    # -- traversal

    def _visit_object(self, name: str) -> None:
        if name in self.objects:
            return
        if name in self.bases:
            raise SpecError(f"{name} is polymorphic but used as a plain object")
        props = self._flatten(name)
        self.objects[name] = props
        for _, prop, _ in props:
            self._visit_type(prop)

    def _visit_type(self, prop: dict) -> None:
        kind = self.classify(prop)
        if kind[0] == "object":
            self._visit_object(kind[1])
        elif kind[0] == "union":
            base = kind[1]
            if base not in self.unions:
                self.unions[base] = self.bases[base]
                for sub in self.bases[base].values():
                    self._visit_object(sub)
        elif kind[0] == "array":
            self._visit_type(prop["items"])

    def _flatten(self, name: str) -> list[tuple[str, dict, bool]]:
        """Properties of `name` including those of its `allOf` parents, without `@type`."""
        schema = self.raw[name]
        out: dict[str, tuple[dict, bool]] = {}
        parts = [schema] + list(schema.get("allOf", []))
        # `required` may sit next to `allOf` while the properties are inside it.
        required = {r for part in parts for r in part.get("required", [])}
        for part in parts:
            if "$ref" in part:
                for pname, prop, req in self._flatten(ref_name(part["$ref"])):
                    out[pname] = (prop, req)
                continue
            for pname, prop in part.get("properties", {}).items():
                if pname == DISCRIMINATOR:
                    continue
                out[pname] = (prop, pname in required)
        return [(n, p, r or n in required) for n, (p, r) in sorted(out.items())]

    def classify(self, prop: dict) -> tuple:
        if "$ref" in prop:
            target = ref_name(prop["$ref"])
            if target in self.bases:
                return ("union", target)
            return ("object", target)
        if "oneOf" in prop:
            members = {ref_name(x["$ref"]) for x in prop["oneOf"]}
            matches = [b for b, m in self.bases.items() if set(m.values()) == members]
            if len(matches) != 1:
                raise SpecError(f"oneOf {sorted(members)} matches no single discriminator base")
            return ("union", matches[0])
        ty = prop.get("type")
        if ty == "array":
            return ("array",)
        if ty == "string":
            if "enum" in prop:
                return ("enum",)
            if prop.get("format") == "date":
                return ("date",)
            return ("text",)
        if ty == "integer":
            return ("int",)
        if ty == "number":
            return ("num",)
        if ty == "boolean":
            return ("bool",)
        raise SpecError(f"unsupported property schema {prop}")


# --------------------------------------------------------------------------- types.rs


def rust_type(model: Model, prop: dict) -> str:
    kind = model.classify(prop)
    match kind[0]:
        case "object" | "union":
            return kind[1]
        case "array":
            return f"Vec<{rust_type(model, prop['items'])}>"
        case "enum" | "text":
            return "String"
        case "date":
            return "vorgaenge_model::Date"
        case "int":
            if prop.get("format") != "int32":
                raise SpecError(f"integer without int32: {prop}")
            return "i32"
        case "num":
            return "serde_json::Number"
        case "bool":
            return "bool"
    raise SpecError(str(kind))


def emit_types(model: Model, digest: str, version: str) -> str:
    out: list[str] = []
    w = out.append
    w("//! Serde types of the Kundenangaben import request: one struct per object schema")
    w("//! reachable from `ImportKundenangabenRequest`, one enum per `@type` discriminator.")
    w("//!")
    w("//! GENERATED by `tools/gen-kundenangaben.py` from `kundenangaben-openapi.yaml`")
    w(f"//! (version `{version}`, sha256 `{digest}`).")
    w("//! DO NOT EDIT BY HAND: change the generator and re-run it; `tests/generated_up_to_date.rs`")
    w("//! fails when this file and the generator output differ.")
    w("//!")
    w("//! `allOf` parents are flattened into each struct. Required properties are plain fields,")
    w("//! all others `Option`s. Enum-valued strings stay `String`: the validator (`rules.rs`) has already")
    w("//! checked them against the contract's value lists before a document is read into these")
    w("//! types. Unknown properties are ignored (Tolerant Reader).")
    w("")
    w("// The variants are the contract's schemas as they are; boxing them would only obscure that.")
    w("#![allow(clippy::large_enum_variant)]")
    w("")
    w("use serde::Deserialize;")
    w("")
    for name, props in sorted(model.objects.items()):
        w(f"/// Schema `{name}`.")
        # Required fields of these kinds have no sensible default value.
        defaultable = not any(req and model.classify(p)[0] in ("union", "num", "date")
                              for _, p, req in props)
        derives = "Debug, Clone, PartialEq, Default, Deserialize" if defaultable \
            else "Debug, Clone, PartialEq, Deserialize"
        w(f"#[derive({derives})]")
        w('#[serde(rename_all = "camelCase")]')
        w(f"pub struct {name} {{")
        for pname, prop, required in props:
            field = snake(pname)
            if serde_camel(field) != pname:
                w(f'    #[serde(rename = "{pname}")]')
            ty = rust_type(model, prop)
            if required:
                w(f"    pub {field}: {ty},")
            else:
                w(f"    pub {field}: Option<{ty}>,")
        w("}")
        w("")
    for base, mapping in sorted(model.unions.items()):
        w(f"/// Schema `{base}`: the variant is chosen by `@type`.")
        w("#[derive(Debug, Clone, PartialEq, Deserialize)]")
        w('#[serde(tag = "@type")]')
        w(f"pub enum {base} {{")
        for value, sub in sorted(mapping.items()):
            w(f'    #[serde(rename = "{value}")]')
            w(f"    {sub}({sub}),")
        w("}")
        w("")
        w(f"impl {base} {{")
        w("    /// The `@type` value of this variant.")
        w("    pub fn type_name(&self) -> &'static str {")
        w("        match self {")
        for value, sub in sorted(mapping.items()):
            w(f'            Self::{sub}(_) => "{value}",')
        w("        }")
        w("    }")
        w("}")
        w("")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- rules.rs


def num_lit(value) -> str:
    return f"{float(value)!r}".replace("inf", "f64::INFINITY")


def emit_rules(model: Model, digest: str, version: str) -> str:
    enums: dict[tuple, str] = {}
    enum_decls: list[str] = []

    def enum_static(owner: str, pname: str, values: list) -> str:
        key = tuple(values)
        if key not in enums:
            ident = f"{screaming(owner)}_{screaming(pname)}"
            enums[key] = ident
            enum_decls.append(f"const {ident}: &[&str] = &[")
            line = "   "
            for v in values:
                item = f' "{v}",'
                if len(line) + len(item) > 100:
                    enum_decls.append(line)
                    line = "   "
                line += item
            enum_decls.append(line)
            enum_decls.append("];")
        return enums[key]

    def ty_expr(owner: str, pname: str, prop: dict) -> str:
        kind = model.classify(prop)
        match kind[0]:
            case "object":
                return f"Ty::Object(&{screaming(kind[1])})"
            case "union":
                return f"Ty::Union(&{screaming(kind[1])}_UNION)"
            case "array":
                max_items = prop.get("maxItems")
                max_expr = f"Some({max_items})" if max_items is not None else "None"
                return (f"Ty::Array {{ items: &{ty_expr(owner, pname, prop['items'])}, "
                        f"max_items: {max_expr} }}")
            case "enum":
                return f"Ty::Enum({enum_static(owner, pname, prop['enum'])})"
            case "date":
                return "Ty::Date"
            case "text":
                min_len = prop.get("minLength", 0)
                max_len = prop.get("maxLength")
                if min_len == 0 and max_len is None:
                    return "TEXT"
                max_expr = f"Some({max_len})" if max_len is not None else "None"
                return f"Ty::Text {{ min_len: {min_len}, max_len: {max_expr} }}"
            case "int":
                lo = prop.get("minimum")
                hi = prop.get("maximum")
                if lo is None and hi is None:
                    return "INT"
                return (f"Ty::Int {{ min: {f'Some({lo})' if lo is not None else 'None'}, "
                        f"max: {f'Some({hi})' if hi is not None else 'None'} }}")
            case "num":
                lo = prop.get("minimum")
                hi = prop.get("maximum")
                if lo is None and hi is None:
                    return "NUM"
                return (f"Ty::Num {{ min: {f'Some({num_lit(lo)})' if lo is not None else 'None'}, "
                        f"max: {f'Some({num_lit(hi)})' if hi is not None else 'None'} }}")
            case "bool":
                return "Ty::Bool"
        raise SpecError(str(kind))

    body: list[str] = []
    for name, props in sorted(model.objects.items()):
        body.append(f"pub(crate) static {screaming(name)}: Schema = Schema {{")
        body.append("    props: &[")
        for pname, prop, required in props:
            body.append(f'        Prop {{ name: "{pname}", required: {str(required).lower()}, '
                        f"ty: {ty_expr(name, pname, prop)} }},")
        body.append("    ],")
        body.append("};")
        body.append("")
    for base, mapping in sorted(model.unions.items()):
        body.append(f"pub(crate) static {screaming(base)}_UNION: Union = Union {{")
        body.append("    variants: &[")
        for value, sub in sorted(mapping.items()):
            body.append(f'        ("{value}", &{screaming(sub)}),')
        body.append("    ],")
        body.append("};")
        body.append("")

    out: list[str] = []
    w = out.append
    w("//! The schemas of the Kundenangaben import request as a table for the validator.")
    w("//!")
    w("//! GENERATED by `tools/gen-kundenangaben.py` from `kundenangaben-openapi.yaml`")
    w(f"//! (version `{version}`, sha256 `{digest}`).")
    w("//! DO NOT EDIT BY HAND: change the generator and re-run it. Not run through rustfmt")
    w("//! (`#[rustfmt::skip]` on the module): one line per property keeps it readable.")
    w("")
    w("use crate::validation::schema::{INT, NUM, Prop, Schema, TEXT, Ty, Union};")
    w("")
    w(f"/// The request body: `{ROOT_SCHEMA}`.")
    w(f"pub(crate) static ROOT: &Schema = &{screaming(ROOT_SCHEMA)};")
    w("")
    out.extend(body)
    out.extend(enum_decls)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- main


def rustfmt(code: str) -> str:
    exe = shutil.which("rustfmt")
    if exe is None:
        print("gen-kundenangaben: rustfmt not found on PATH", file=sys.stderr)
        sys.exit(3)
    proc = subprocess.run(
        [exe, "--edition", "2024", "--emit", "stdout"],
        input=code.encode("utf-8"),
        cwd=REPO_ROOT,
        capture_output=True,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        print("gen-kundenangaben: rustfmt failed on the generated code", file=sys.stderr)
        sys.exit(2)
    return proc.stdout.decode("utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", nargs="?", default=str(default_spec()),
                        help="path to kundenangaben-openapi.yaml")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)

    spec_path = Path(args.spec)
    try:
        spec_bytes = spec_path.read_bytes()
        spec = yaml.safe_load(spec_bytes)
        model = Model(spec)
        digest = hashlib.sha256(spec_bytes).hexdigest()
        version = str(spec.get("info", {}).get("version", "?")).split(";")[0]
        files = {
            OUT_DIR / "types.rs": rustfmt(emit_types(model, digest, version)),
            OUT_DIR / "rules.rs": emit_rules(model, digest, version),
        }
    except (OSError, ValueError, KeyError, SpecError, yaml.YAMLError) as exc:
        print(f"gen-kundenangaben: {spec_path}: {exc}", file=sys.stderr)
        return 2

    stale = [p for p, code in files.items()
             if not p.exists() or p.read_text(encoding="utf-8") != code]
    if args.check:
        for p in stale:
            print(f"gen-kundenangaben: {p} is out of date; run "
                  f"`python3 tools/gen-kundenangaben.py {spec_path}`", file=sys.stderr)
        return 1 if stale else 0
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for p, code in files.items():
        p.write_text(code, encoding="utf-8")
    print(f"gen-kundenangaben: wrote {len(files)} files ({len(model.objects)} object schemas, "
          f"{len(model.unions)} discriminated unions)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
