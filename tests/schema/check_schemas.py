#!/usr/bin/env python3
"""Checks that rubrics/schema/*.schema.json and the engine's hand-written
validator agree: on every shipped document in rubrics/ and every study or
instrument document of fixtures/demo*/ (both accept) and on
the cases of tests/schema/instrument_cases.json (the engine rejects each
malformed one at the expected JSON pointer; the schema rejects exactly those
marked schema_rejects, the others break rules a JSON Schema cannot express).

Usage: check_schemas.py [path/to/assess]   (default build/assess)
Needs the Python package jsonschema (4.x, Draft 2020-12). Exit 0 when all
agree, 1 on disagreement, 77 when jsonschema is missing (ctest/gtest: skip).
"""
import copy
import json
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

try:
    import jsonschema
except ImportError:
    print("jsonschema (Python) is not installed; cannot check the schemas", file=sys.stderr)
    sys.exit(77)

FORMATS = {
    "assess-instrument/1": "instrument",
    "assess-rubric/1": "rubric",
    "assess-study/1": "study",
    "assess-study/2": "study2",
}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def unescape(token):
    return token.replace("~1", "/").replace("~0", "~")


def apply_patch(doc, patch):
    """RFC 6902 add / remove / replace: all the cases need."""
    doc = copy.deepcopy(doc)
    for op in patch:
        tokens = [unescape(t) for t in op["path"].split("/")[1:]]
        parent = doc
        for t in tokens[:-1]:
            parent = parent[int(t)] if isinstance(parent, list) else parent[t]
        last = tokens[-1]
        if isinstance(parent, list):
            index = len(parent) if last == "-" else int(last)
            if op["op"] == "add":
                parent.insert(index, op["value"])
            elif op["op"] == "remove":
                del parent[index]
            else:
                parent[index] = op["value"]
        else:
            if op["op"] == "remove":
                del parent[last]
            else:
                parent[last] = op["value"]
    return doc


def schema_for(doc, fallback):
    kind = FORMATS.get(doc.get("format")) if isinstance(doc, dict) else None
    kind = kind or fallback
    schema = load(os.path.join(ROOT, "rubrics", "schema", kind + ".schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def engine_answers(cli, docs):
    request = [{"op": "validate_instrument", "instrument": d} for d in docs]
    out = subprocess.run([cli, "stat", "-"], input=json.dumps(request, ensure_ascii=False).encode("utf-8"),
                         stdout=subprocess.PIPE, check=False).stdout
    return json.loads(out)


def main():
    cli = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "assess")
    shipped = sorted(f for f in os.listdir(os.path.join(ROOT, "rubrics")) if f.endswith(".json"))
    cases_doc = load(os.path.join(ROOT, "tests", "schema", "instrument_cases.json"))

    entries = []  # (name, document, expected engine path or None, schema should reject, fallback kind)
    for f in shipped:
        entries.append(("shipped " + f, load(os.path.join(ROOT, "rubrics", f)), None, False, None))
    # The generated studies keep their documents beside their data (the CLI
    # reads a study's instruments from its folder): fixtures/demo*/ *.json
    # that declare a format of rubrics/schema.
    for demo in sorted(d for d in os.listdir(os.path.join(ROOT, "fixtures")) if d.startswith("demo")):
        folder = os.path.join(ROOT, "fixtures", demo)
        for f in sorted(f for f in os.listdir(folder) if f.endswith(".json")):
            doc = load(os.path.join(folder, f))
            if isinstance(doc, dict) and doc.get("format") in FORMATS:
                entries.append(("fixture " + demo + "/" + f, doc, None, False, None))
    for c in cases_doc["cases"]:
        if "doc" in c:
            doc, base_kind = c["doc"], "instrument"
        else:
            base = load(os.path.join(ROOT, "rubrics", c["base"]))
            doc, base_kind = apply_patch(base, c["patch"]), FORMATS[base["format"]]
        entries.append((c["name"], doc, c["path"], c["schema_rejects"], base_kind))

    answers = engine_answers(cli, [e[1] for e in entries])
    problems = []
    for (name, doc, path, schema_rejects, base_kind), answer in zip(entries, answers):
        validator = schema_for(doc, base_kind or "instrument")
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if bool(errors) != schema_rejects:
            detail = "; ".join(f"/{'/'.join(map(str, e.absolute_path))}: {e.message[:120]}" for e in errors[:3])
            problems.append(f"{name}: schema {'rejects' if errors else 'accepts'} it, expected the opposite {detail}")
        if path is None:
            if not answer.get("ok"):
                problems.append(f"{name}: engine rejects a valid document: {answer.get('error')}")
        else:
            err = answer.get("error") or {}
            if answer.get("ok"):
                problems.append(f"{name}: engine accepts it, expected an error at {path}")
            elif err.get("path", "") != "/instrument" + path:
                problems.append(f"{name}: engine error at {err.get('path')!r}, expected {'/instrument' + path!r}: "
                                f"{err.get('message')}")
        # Both must reject every malformed document the schema can describe.
        if errors and answer.get("ok"):
            problems.append(f"{name}: the schema rejects it but the engine accepts it")

    problems += check_coding(cli)
    for p in problems:
        print("DISAGREE " + p)
    fixtures = sum(1 for e in entries if e[0].startswith("fixture "))
    print(f"{len(entries)} documents checked ({len(shipped)} shipped, {fixtures} of fixtures), {len(problems)} disagreements")
    return 1 if problems else 0


def check_coding(cli):
    """The qualitative strand's documents (fixtures/coding/, the essays demo's
    fixtures/demo-essays/): the schemas
    coding-codebook.schema.json and coding.schema.json and the op
    validate_coding accept each, and both reject a document with a theme of
    three levels or a text hash that is not hex only where they can (the
    schema cannot see a parent's parent)."""
    schemas = {"assess-coding-codebook/1": "coding-codebook", "assess-coding/1": "coding"}
    docs = []
    for folder in (os.path.join(ROOT, "fixtures", "coding"), os.path.join(ROOT, "fixtures", "demo-essays")):
        docs += [load(os.path.join(folder, f)) for f in sorted(os.listdir(folder)) if f.endswith(".json")]
    docs = [d for d in docs if isinstance(d, dict) and d.get("format") in schemas]
    bad_hash = copy.deepcopy(next(d for d in docs if d["format"] == "assess-coding/1"))
    bad_hash["texts"][0]["hash"] = "XYZ"
    entries = [(d, True) for d in docs] + [(bad_hash, False)]
    request = [{"op": "validate_coding", "document": d} for d, _ in entries]
    out = subprocess.run([cli, "stat", "-"], input=json.dumps(request).encode("utf-8"), stdout=subprocess.PIPE,
                         check=False).stdout
    answers = json.loads(out)
    problems = []
    for (doc, valid), answer in zip(entries, answers):
        schema = load(os.path.join(ROOT, "rubrics", "schema", schemas[doc["format"]] + ".schema.json"))
        ok = not list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
        if ok != valid or bool(answer.get("ok")) != valid:
            problems.append(f"coding {doc['format']}: schema {'accepts' if ok else 'rejects'}, engine "
                            f"{'accepts' if answer.get('ok') else 'rejects'}, expected {'valid' if valid else 'invalid'}")
    print(f"{len(entries)} coding documents checked")
    return problems


if __name__ == "__main__":
    sys.exit(main())
