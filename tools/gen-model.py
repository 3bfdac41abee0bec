#!/usr/bin/env python3
"""Generate `crates/model/src/generated/mod.rs` from the upstream OpenAPI contract.

Usage:
    python3 tools/gen-model.py [SPEC] [--check] [--out PATH]

SPEC defaults to /work/shared/spec/openapi-v2.json. Without --check the
generated (rustfmt-formatted) code is written to --out (default:
crates/model/src/generated/mod.rs next to this script's repository). With --check
nothing is written; the script exits 1 if the file on disk differs from what
it would generate.

Exit codes: 0 ok / up to date, 1 out of date, 2 usage or spec problem,
3 rustfmt not available.

Only structural facts are taken from the spec (schema names, property names,
types, formats, enum values, `required`, `deprecated`). Description texts are
deliberately NOT copied into the generated code.

Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import OrderedDict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = Path("/work/shared/spec/openapi-v2.json")
DEFAULT_OUT = REPO_ROOT / "crates" / "model" / "src" / "generated" / "mod.rs"
REF_PREFIX = "#/components/schemas/"

# Schemas that are written by hand (see crates/model/src/error_body.rs).
HAND_WRITTEN_ALIASES = {
    "Error": "crate::ErrorBody",
}

# Keys of a property schema that carry no structural meaning for the types.
IGNORED_KEYS = {"description", "example", "deprecated", "title", "pattern", "minLength", "maxLength"}

RUST_KEYWORDS = {
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
}

NON_RAW_KEYWORDS = {"self", "super", "crate"}

TRANSLITERATION = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


class SpecError(Exception):
    pass


# --------------------------------------------------------------------------- naming


def pascal_from_camel(name: str) -> str:
    """`datenKontext` -> `DatenKontext`."""
    name = name.lstrip("_")
    if not name:
        raise SpecError("empty name")
    return name[0].upper() + name[1:]


def snake_from_camel(name: str) -> str:
    """`kfwEnergieEffizienzGruppe` -> `kfw_energie_effizienz_gruppe`, `_links` -> `links`."""
    s = name.lstrip("_")
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", s)
    s = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", "_", s)
    s = s.lower()
    if not re.fullmatch(r"[a-z][a-z0-9_]*", s):
        raise SpecError(f"cannot derive a Rust field name from property `{name}`")
    if s in NON_RAW_KEYWORDS:
        s = s + "_"  # `self`, `super`, `crate` cannot be raw identifiers
    elif s in RUST_KEYWORDS:
        s = "r#" + s
    return s


def variant_from_value(value: str) -> str:
    """`STANDARD_40_NH` -> `Standard40Nh`, `GRUNDSTÜCKS_UND_…` -> `GrundstuecksUnd…`, `add` -> `Add`."""
    text = "".join(TRANSLITERATION.get(ch, ch) for ch in value)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", text) if p]
    if not parts:
        raise SpecError(f"cannot derive a Rust variant name from enum value `{value}`")
    ident = "".join(p[0].upper() + p[1:].lower() for p in parts)
    if ident[0].isdigit():
        ident = "V" + ident
    return ident


# --------------------------------------------------------------------------- spec model


def ref_name(ref: str) -> str:
    if not ref.startswith(REF_PREFIX):
        raise SpecError(f"unsupported $ref `{ref}`")
    return ref[len(REF_PREFIX):]


def enum_values(prop: dict) -> list[str] | None:
    if "enum" in prop:
        return prop["enum"]
    items = prop.get("items")
    if isinstance(items, dict) and "enum" in items:
        return items["enum"]
    return None


class Model:
    def __init__(self, spec: dict):
        self.spec = spec
        try:
            self.schemas: dict = spec["components"]["schemas"]
        except KeyError as exc:
            raise SpecError("spec has no components.schemas") from exc
        self.enum_groups: "OrderedDict[tuple, list[tuple[str, str]]]" = OrderedDict()
        self.enum_names: dict[tuple, str] = {}
        self._collect_enums()
        self._name_enums()

    # Kinds of schemas ------------------------------------------------------

    def kind(self, name: str) -> str:
        schema = self.schemas[name]
        if name in HAND_WRITTEN_ALIASES:
            return "hand"
        if schema.get("type") == "object" and schema.get("properties"):
            return "struct"
        if schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
            return "map"
        if "properties" not in schema and "type" not in schema:
            return "placeholder"
        raise SpecError(f"schema `{name}` has an unsupported shape")

    # Enums -----------------------------------------------------------------

    def _collect_enums(self) -> None:
        for sname, schema in self.schemas.items():
            if self.kind(sname) != "struct":
                continue
            for pname, prop in schema["properties"].items():
                values = enum_values(prop)
                if values is None:
                    continue
                if not all(isinstance(v, str) for v in values) or len(set(values)) != len(values):
                    raise SpecError(f"{sname}.{pname}: enum must be distinct strings")
                self.enum_groups.setdefault(tuple(values), []).append((sname, pname))

    def _name_enums(self) -> None:
        base_prop: dict[tuple, str] = {}
        candidates: dict[tuple, str] = {}
        for key, occ in self.enum_groups.items():
            counts: "OrderedDict[str, int]" = OrderedDict()
            for _, pname in occ:
                counts[pname] = counts.get(pname, 0) + 1
            best = max(counts.items(), key=lambda kv: kv[1])[0]  # ties: first occurrence
            base_prop[key] = best
            candidates[key] = pascal_from_camel(best)
        used: dict[str, int] = {}
        for cand in candidates.values():
            used[cand] = used.get(cand, 0) + 1
        for key, cand in candidates.items():
            if used[cand] > 1 or cand in self.schemas:
                owner = next(s for s, p in self.enum_groups[key] if p == base_prop[key])
                cand = owner + cand
            self.enum_names[key] = cand
        all_names = list(self.enum_names.values())
        for n in all_names:
            if all_names.count(n) > 1 or n in self.schemas:
                raise SpecError(f"enum name `{n}` is not unique")

    # Types -----------------------------------------------------------------

    def rust_type(self, sname: str, pname: str, prop: dict) -> str:
        where = f"{sname}.{pname}"
        if "$ref" in prop:
            target = ref_name(prop["$ref"])
            if target not in self.schemas:
                raise SpecError(f"{where}: dangling $ref `{target}`")
            return target
        values = enum_values(prop)
        if values is not None and "enum" in prop:
            return self.enum_names[tuple(values)]
        typ = prop.get("type")
        fmt = prop.get("format")
        if isinstance(typ, list):
            non_null = [t for t in typ if t != "null"]
            if len(non_null) != 1:
                raise SpecError(f"{where}: unsupported type list {typ}")
            typ = non_null[0]
        if typ is None:
            extra = set(prop) - IGNORED_KEYS - {"format"}
            if extra:
                raise SpecError(f"{where}: untyped schema with {sorted(extra)}")
            return "serde_json::Value"
        if typ == "string":
            return {"date": "crate::Date", "date-time": "crate::DateTime", "uri": "crate::Uri"}.get(
                fmt, "String"
            )
        if typ == "number":
            return "serde_json::Number"
        if typ == "integer":
            if fmt == "int32":
                return "i32"
            return "i64"
        if typ == "boolean":
            return "bool"
        if typ == "array":
            items = prop.get("items")
            if not isinstance(items, dict):
                raise SpecError(f"{where}: array without items")
            return f"Vec<{self.rust_type(sname, pname, items)}>"
        if typ == "object":
            extra = prop.get("additionalProperties")
            if isinstance(extra, dict) and "properties" not in prop:
                return f"std::collections::BTreeMap<String, {self.rust_type(sname, pname, extra)}>"
            raise SpecError(f"{where}: inline object schemas are not supported")
        raise SpecError(f"{where}: unsupported type `{typ}`")

    def check_acyclic(self) -> None:
        state: dict[str, int] = {}

        def refs(schema: dict):
            for prop in schema.get("properties", {}).values():
                for node in (prop, prop.get("items") or {}, prop.get("additionalProperties") or {}):
                    if isinstance(node, dict) and "$ref" in node:
                        yield ref_name(node["$ref"])
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and "$ref" in extra:
                yield ref_name(extra["$ref"])

        def visit(name: str, chain: list[str]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                raise SpecError("$ref cycle: " + " -> ".join(chain + [name]) + " (needs Box)")
            state[name] = 1
            for target in refs(self.schemas[name]):
                visit(target, chain + [name])
            state[name] = 2

        for name in self.schemas:
            visit(name, [])


# --------------------------------------------------------------------------- emitters


def rust_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def emit(model: Model, spec_bytes: bytes) -> str:
    spec = model.spec
    digest = hashlib.sha256(spec_bytes).hexdigest()
    out: list[str] = []
    w = out.append
    w("//! Serde types for every component schema of the upstream \"Vorgänge API v2\" contract.")
    w("//!")
    w("//! GENERATED by `tools/gen-model.py` from the upstream contract (`openapi-v2.json`).")
    w("//! DO NOT EDIT BY HAND: change the generator (or the contract) and re-run")
    w("//! `python3 tools/gen-model.py`. `tests/generated_up_to_date.rs` fails when this")
    w("//! file and the generator output differ.")
    w("//!")
    w(f"//! Contract: `{spec.get('info', {}).get('title', '?')}` version"
      f" `{spec.get('info', {}).get('version', '?')}`, sha256 `{digest}`.")
    w("")
    w("use serde::{Deserialize, Serialize};")
    w("")

    # ---- structs and aliases, in spec order
    for sname, schema in model.schemas.items():
        kind = model.kind(sname)
        if kind == "hand":
            w(f"/// Component schema `{sname}`: the hand-written [`{HAND_WRITTEN_ALIASES[sname]}`].")
            w(f"pub type {sname} = {HAND_WRITTEN_ALIASES[sname]};")
            w("")
            continue
        if kind == "placeholder":
            fmt = schema.get("format")
            w(f"/// Component schema `{sname}`: an untyped placeholder"
              + (f" (only `format: {fmt}`)" if fmt else "")
              + "; any JSON value is valid.")
            w(f"pub type {sname} = serde_json::Value;")
            w("")
            continue
        if kind == "map":
            value_type = model.rust_type(sname, "additionalProperties", schema["additionalProperties"])
            w(f"/// Component schema `{sname}`: a map from string keys to values.")
            w(f"pub type {sname} = std::collections::BTreeMap<String, {value_type}>;")
            w("")
            continue
        required = schema.get("required", [])
        props = list(schema["properties"].items())
        if len(props) > 128:
            raise SpecError(f"{sname}: more than 128 properties (crate::de tracks a u128)")
        w(f"/// Component schema `{sname}`.")
        if required:
            w("///")
            w("/// Required by the contract (enforced by the server, not by this type): "
              + ", ".join(f"`{r}`" for r in required) + ".")
        w("#[derive(Debug, Clone, PartialEq, Default, Serialize)]")
        w(f"pub struct {sname} {{")
        fields: list[str] = []
        for pname, prop in props:
            fname = snake_from_camel(pname)
            if fname in fields:
                raise SpecError(f"{sname}: two properties map to field `{fname}`")
            fields.append(fname)
            rtype = model.rust_type(sname, pname, prop)
            if prop.get("deprecated") or (prop.get("items") or {}).get("deprecated"):
                w("    /// Deprecated in the contract.")
            w(f"    #[serde(rename = {rust_str(pname)})]")
            w('    #[serde(skip_serializing_if = "Option::is_none")]')
            w(f"    pub {fname}: Option<{rtype}>,")
        w("}")
        w("")
        w(f"impl<'de> Deserialize<'de> for {sname} {{")
        w("    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {")
        w("        crate::de::deserialize_object(deserializer)")
        w("    }")
        w("}")
        w("")
        w(f"impl crate::de::Object for {sname} {{")
        w(f"    const NAME: &'static str = {rust_str(sname)};")
        w("    const FIELDS: &'static [&'static str] = &["
          + ", ".join(rust_str(p) for p, _ in props) + "];")
        w("")
        w("    fn read_field<'de, A: serde::de::MapAccess<'de>>(")
        w("        &mut self,")
        w("        index: usize,")
        w("        map: &mut A,")
        w("    ) -> Result<(), A::Error> {")
        w("        match index {")
        for i, fname in enumerate(fields):
            w(f"            {i} => self.{fname} = map.next_value()?,")
        w('            _ => unreachable!("{} has no property #{index}", Self::NAME),')
        w("        }")
        w("        Ok(())")
        w("    }")
        w("}")
        w("")

    # ---- enums
    for key, occ in model.enum_groups.items():
        name = model.enum_names[key]
        variants = [variant_from_value(v) for v in key]
        if len(set(variants)) != len(variants):
            raise SpecError(f"enum `{name}`: variant names collide: {variants}")
        used_at = ", ".join(f"`{s}.{p}`" for s, p in occ)
        w(f"/// Enum values of {used_at}.")
        w("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]")
        w(f"pub enum {name} {{")
        for value, variant in zip(key, variants):
            w(f"    #[serde(rename = {rust_str(value)})]")
            w(f"    {variant},")
        w("}")
        w("")
        w(f"impl {name} {{")
        w("    /// Every variant, in contract order.")
        w("    pub const ALL: &'static [Self] = &[" + ", ".join(f"Self::{v}" for v in variants) + "];")
        w("")
        w("    /// Every wire value, in contract order (`VALUES[i]` belongs to `ALL[i]`).")
        w("    pub const VALUES: &'static [&'static str] = &[" + ", ".join(rust_str(v) for v in key) + "];")
        w("")
        w("    /// The exact wire value.")
        w("    pub fn as_str(&self) -> &'static str {")
        w("        match self {")
        for value, variant in zip(key, variants):
            w(f"            Self::{variant} => {rust_str(value)},")
        w("        }")
        w("    }")
        w("}")
        w("")
        w(f"impl<'de> Deserialize<'de> for {name} {{")
        w("    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {")
        w(f"        crate::de::deserialize_enum(deserializer, {rust_str(name)}, Self::ALL, Self::VALUES)")
        w("    }")
        w("}")
        w("")
        w(f"impl std::fmt::Display for {name} {{")
        w("    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {")
        w("        f.write_str(self.as_str())")
        w("    }")
        w("}")
        w("")
        w(f"impl std::str::FromStr for {name} {{")
        w("    type Err = crate::UnknownEnumValue;")
        w("")
        w("    fn from_str(value: &str) -> Result<Self, Self::Err> {")
        w("        match Self::VALUES.iter().position(|v| *v == value) {")
        w("            Some(index) => Ok(Self::ALL[index]),")
        w(f"            None => Err(crate::UnknownEnumValue::new({rust_str(name)}, value, Self::VALUES.iter().copied())),")
        w("        }")
        w("    }")
        w("}")
        w("")

    # ---- registry
    names = list(model.schemas)
    w("/// Names of all component schemas of the contract, in contract order.")
    w("pub const SCHEMA_NAMES: &[&str] = &[" + ", ".join(rust_str(n) for n in names) + "];")
    w("")
    w("/// Deserialises `value` as the named component schema and serialises the result back.")
    w("///")
    w("/// Returns `None` for a name that is not in [`SCHEMA_NAMES`]. Useful to check a document")
    w("/// against a schema type (unknown properties are dropped, like everywhere in this crate).")
    w("pub fn roundtrip_as_schema(")
    w("    schema: &str,")
    w("    value: serde_json::Value,")
    w(") -> Option<Result<serde_json::Value, crate::PathError>> {")
    w("    Some(match schema {")
    for n in names:
        w(f"        {rust_str(n)} => crate::roundtrip_value::<{n}>(value),")
    w("        _ => return None,")
    w("    })")
    w("}")
    w("")

    # ---- unit tests for every enum
    w("#[cfg(test)]")
    w("mod tests {")
    w("    use super::*;")
    w("")
    w("    fn check<T>(all: &[T], values: &[&str], as_str: fn(&T) -> &'static str)")
    w("    where")
    w("        T: Serialize + serde::de::DeserializeOwned + std::str::FromStr + PartialEq + std::fmt::Debug + std::fmt::Display,")
    w("        <T as std::str::FromStr>::Err: std::fmt::Debug,")
    w("    {")
    w("        assert_eq!(all.len(), values.len());")
    w("        for (v, value) in all.iter().zip(values) {")
    w("            assert_eq!(as_str(v), *value);")
    w("            let wire = serde_json::to_value(v).unwrap();")
    w("            assert_eq!(wire, serde_json::Value::from(as_str(v)));")
    w("            assert_eq!(&serde_json::from_value::<T>(wire).unwrap(), v);")
    w("            assert_eq!(&as_str(v).parse::<T>().unwrap(), v);")
    w("            assert_eq!(v.to_string(), as_str(v));")
    w("        }")
    w("    }")
    w("")
    w("    #[test]")
    w("    fn every_enum_is_consistent() {")
    for key in model.enum_groups:
        name = model.enum_names[key]
        w(f"        check({name}::ALL, {name}::VALUES, {name}::as_str);")
        w(f"        assert_eq!({name}::ALL.len(), {len(key)});")
    w("    }")
    w("")
    w("    #[test]")
    w("    fn registry_knows_every_schema() {")
    w(f"        assert_eq!(SCHEMA_NAMES.len(), {len(names)});")
    w("        for name in SCHEMA_NAMES {")
    w("            assert!(roundtrip_as_schema(name, serde_json::json!({})).is_some(), \"{name}\");")
    w("        }")
    w("        assert!(roundtrip_as_schema(\"NoSuchSchema\", serde_json::Value::Null).is_none());")
    w("    }")
    w("}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- main


def rustfmt(code: str) -> str:
    exe = shutil.which("rustfmt")
    if exe is None:
        print("gen-model: rustfmt not found on PATH", file=sys.stderr)
        sys.exit(3)
    proc = subprocess.run(
        [exe, "--edition", "2024", "--emit", "stdout"],
        input=code.encode("utf-8"),
        cwd=REPO_ROOT,
        capture_output=True,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        print("gen-model: rustfmt failed on the generated code", file=sys.stderr)
        sys.exit(2)
    return proc.stdout.decode("utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", nargs="?", default=str(DEFAULT_SPEC), help="path to openapi-v2.json")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output file")
    args = parser.parse_args(argv)

    spec_path = Path(args.spec)
    try:
        spec_bytes = spec_path.read_bytes()
        spec = json.loads(spec_bytes)
        model = Model(spec)
        model.check_acyclic()
        code = rustfmt(emit(model, spec_bytes))
    except (OSError, ValueError, SpecError) as exc:
        print(f"gen-model: {spec_path}: {exc}", file=sys.stderr)
        return 2

    out = Path(args.out)
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else None
        if current != code:
            print(f"gen-model: {out} is out of date; run `python3 tools/gen-model.py {spec_path}`",
                  file=sys.stderr)
            return 1
        print(f"gen-model: {out} is up to date")
        return 0
    out.write_text(code, encoding="utf-8")
    structs = sum(1 for n in model.schemas if model.kind(n) == "struct")
    print(f"gen-model: wrote {out} ({len(model.schemas)} schemas, {structs} structs, "
          f"{len(model.enum_groups)} enums)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
