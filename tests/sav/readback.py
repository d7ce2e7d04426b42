#!/usr/bin/env python3
"""Reads the .sav of both demos' data sets back with other programs.

For each demo (fixtures/demo, fixtures/demo2) and each language (kk, ru),
`assess dataset --format sav --lang L` writes dataset.sav and
`assess dataset --format json` the data set the .sav must hold. Then:
  - GNU PSPP: `pspp-convert` (the cells as values, and with --labels as
    value labels) and `pspp` (DISPLAY DICTIONARY written as CSV: names,
    variable labels, measurement levels, missing values, value labels);
  - R haven (tests/sav/read_haven.R): names, variable labels, value labels,
    declared missing values, the cells (user-missing as NA, and as codes);
  - the readstat CLI: its metadata (encoding, rows, columns, date) and its
    CSV of the cells (numbers at its printed precision);
each compared with every cell of the JSON data set and every label of the
codebook (in that language; a label cut to SPSS's limit at a character
boundary). Exit 0 when all agree, 1 otherwise, 77 (ctest: skipped) when
pspp, Rscript with haven or readstat is not installed (scripts/setup
installs them).
  python3 tests/sav/readback.py build/assess
"""
import csv
import glob
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LANGS = ["kk", "ru"]
MISSING_LABELS = {
    "kk": ("сұралмаған (осы кезеңде жазбасы жоқ)", "жауап берілмеген (сұрақ қойылған)"),
    "ru": ("не спрашивали (нет записи на этом этапе)", "нет ответа (вопрос задавался)"),
    "en": ("not asked (no record at this wave)", "not answered (asked)"),
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def demos():
    g = lambda p: sorted(glob.glob(os.path.join(ROOT, p)))
    return {
        "demo": ["--study", "rubrics/study.microcredentials.v1.json", "--responses", "fixtures/demo/responses.csv",
                 *g("fixtures/demo/responses/*.json"), "--links", "fixtures/demo/links.json"],
        "demo2": ["--study", "rubrics/study.stackable.v1.json", "--responses", *g("fixtures/demo2/*.csv"),
                  *g("fixtures/demo2/responses/*.json"), *g("fixtures/demo2/employers/*.json"),
                  "--links", "fixtures/demo2/links.json"],
    }


def tools_missing():
    missing = [t for t in ("pspp", "pspp-convert", "Rscript", "readstat") if shutil.which(t) is None]
    if not missing:
        r = subprocess.run(["Rscript", "-e", "library(haven); library(jsonlite)"], capture_output=True)
        if r.returncode != 0:
            missing.append("R packages haven, jsonlite")
    return missing


def cut(text, limit):
    """The first at most `limit` bytes of text, cut between characters."""
    b = text.encode("utf-8")
    if len(b) <= limit:
        return text
    return b[:limit].decode("utf-8", errors="ignore")


class Check:
    def __init__(self):
        self.failures = 0
        self.compared = 0

    def eq(self, got, want, where):
        self.compared += 1
        if got != want:
            self.failures += 1
            if self.failures <= 40:
                print(f"MISMATCH {where}: got {got!r}, want {want!r}")


def expected(ds, cb_sav, lang):
    """Per variable: name, label, measure, missing codes, value labels, cells
    (text; number; None = system-missing; ("missing", na, sk) = a declared missing code)."""
    out = []
    for v, name in enumerate(ds["variables"]):
        c = cb_sav["variables"][v]
        sav = c["sav"]
        e = {"name": name, "label": cut(c["label"][lang], 255), "measure": sav["measure"], "type": c["type"],
             "short": sav["name"], "labels": {}, "missing": None}
        codes = {x["value"]: float(x["code"]) for x in sav.get("codes", [])}
        for k, val in enumerate(c.get("values", [])):
            code = float(val["value"]) if c["type"] == "binary" else codes[val["value"]]
            e["labels"][code] = cut(val["label"][lang], 120)
        if "missing" in sav:
            na, sk = float(sav["missing"]["not_asked"]), float(sav["missing"]["skipped"])
            e["missing"] = (na, sk)
            e["labels"][na], e["labels"][sk] = MISSING_LABELS[lang]
        cells = []
        for row in ds["rows"]:
            x = row[v]
            if c["type"] == "text":
                cells.append("" if x is None else x)
            elif x is None:
                cells.append(("missing",) + e["missing"] if e["missing"] else None)
            elif c["type"] == "choice":
                cells.append(codes[x])
            else:
                cells.append(float(x))
        e["cells"] = cells
        out.append(e)
    return out


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, **kw)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])}... failed ({r.returncode}): {r.stderr[:2000]}")
    return r


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def check_pspp(chk, sav, exp, lang, tmp, where):
    values = os.path.join(tmp, "pspp-values.csv")
    labels = os.path.join(tmp, "pspp-labels.csv")
    run(["pspp-convert", sav, values])
    run(["pspp-convert", "--labels", sav, labels])
    rows, lrows = read_csv(values), read_csv(labels)
    chk.eq(rows[0], [e["name"] for e in exp], f"{where} pspp names")
    chk.eq(len(rows) - 1, len(exp[0]["cells"]), f"{where} pspp rows")
    for v, e in enumerate(exp):
        for i, want in enumerate(e["cells"]):
            got, glabel = rows[i + 1][v], lrows[i + 1][v]
            w = f"{where} pspp {e['name']} row {i + 1}"
            if e["type"] == "text":
                chk.eq(got, want, w)
            elif want is None:
                chk.eq(got.strip(), "", w)
            elif isinstance(want, tuple):
                chk.eq(float(got) in want[1:], True, w + f" ({got} a missing code)")
                chk.eq(glabel, e["labels"][float(got)], w + " label")
            else:
                chk.eq(float(got), want, w)
                if want in e["labels"]:
                    chk.eq(glabel, e["labels"][want], w + " label")
    # The dictionary, as PSPP shows it.
    sps = os.path.join(tmp, "dict.sps")
    out = os.path.join(tmp, "dict.csv")
    with open(sps, "w", encoding="utf-8") as f:
        f.write(f"GET FILE='{sav}'.\nDISPLAY DICTIONARY.\n")
    r = run(["pspp", "-o", out, sps])
    with open(out, encoding="utf-8") as f:
        text = f.read()
    chk.eq("warning" in (text + r.stdout + r.stderr).lower(), False, f"{where} pspp: no warnings")
    tables, name = {}, None
    for line in text.splitlines():
        if line.startswith("Table: "):
            name = line[len("Table: "):]
            tables[name] = []
        elif name and line:
            tables[name].append(line)
    dictionary = list(csv.reader(io.StringIO("\n".join(tables["Variables"]))))
    head = dictionary[0]
    for v, e in enumerate(exp):
        row = dict(zip(head, dictionary[v + 1]))
        w = f"{where} pspp dictionary {e['name']}"
        chk.eq(row["Name"], e["name"], w)
        chk.eq(row["Label"], e["label"], w + " label")
        chk.eq(row["Measurement Level"], e["measure"].capitalize(), w + " measure")
        chk.eq(row["Missing Values"], "; ".join(f"{m:g}" for m in e["missing"]) if e["missing"] else "",
               w + " missing")
    # Value labels: blocks that start with the variable's label.
    got_labels, current = [], None
    for rec in csv.reader(io.StringIO("\n".join(tables.get("Value Labels", [])[1:]))):
        if len(rec) < 3:
            continue  # a footnote ("a. User-missing value")
        if rec[0]:
            current = {"var": rec[0], "labels": {}}
            got_labels.append(current)
        current["labels"][float(re.sub(r"\[\w+\]$", "", rec[1]))] = rec[2]
    want_labels = [{"var": e["label"] or e["name"], "labels": e["labels"]} for e in exp if e["labels"]]
    chk.eq(got_labels, want_labels, f"{where} pspp value labels")


def check_haven(chk, sav, exp, tmp, where):
    out = os.path.join(tmp, "haven.json")
    run(["Rscript", os.path.join(ROOT, "tests/sav/read_haven.R"), sav, out])
    with open(out, encoding="utf-8") as f:
        got = json.load(f)
    chk.eq([g["name"] for g in got], [e["name"] for e in exp], f"{where} haven names")
    for g, e in zip(got, exp):
        w = f"{where} haven {e['name']}"
        chk.eq(g["label"], e["label"], w + " label")
        chk.eq({float(x["value"]): x["label"] for x in g["labels"]}, e["labels"], w + " value labels")
        chk.eq([float(x) for x in g["na_values"]], list(e["missing"]) if e["missing"] else [], w + " na_values")
        for i, want in enumerate(e["cells"]):
            wi = f"{w} row {i + 1}"
            value, code = g["values"][i], g["codes"][i]
            if e["type"] == "text":
                chk.eq(value, want, wi)
            elif want is None:
                chk.eq((value, code), (None, None), wi)
            elif isinstance(want, tuple):
                chk.eq(value, None, wi)
                chk.eq(float(code) in want[1:], True, wi + " code")
            else:
                chk.eq(float(value), want, wi)


def check_readstat(chk, sav, exp, codebook, tmp, where):
    meta = run(["readstat", sav]).stdout
    chk.eq("Text encoding: UTF-8" in meta, True, f"{where} readstat encoding")
    chk.eq(f"Rows: {len(exp[0]['cells'])}" in meta, True, f"{where} readstat rows")
    chk.eq(f"Columns: {len(exp)}" in meta, True, f"{where} readstat columns")
    created = codebook["sav"]["created"]
    if created:
        stamp = f"Timestamp: {int(created[8:10])} {MONTHS[int(created[5:7]) - 1]} {created[0:4]} {created[11:16]}"
        chk.eq(stamp in meta, True, f"{where} readstat timestamp ({stamp})")
    out = os.path.join(tmp, "readstat.csv")
    run(["readstat", sav, out])
    rows = read_csv(out)
    chk.eq(rows[0], [e["name"] for e in exp], f"{where} readstat names")
    for v, e in enumerate(exp):
        for i, want in enumerate(e["cells"]):
            got = rows[i + 1][v]
            w = f"{where} readstat {e['name']} row {i + 1}"
            if e["type"] == "text":
                chk.eq(got, want, w)
            elif want is None:
                chk.eq(got, "", w)
            elif isinstance(want, tuple):
                chk.eq(got == "" or float(got) in want[1:], True, w)
            else:
                x = float(got)
                chk.eq(math.isclose(x, want, rel_tol=1e-13, abs_tol=5e-7), True, f"{w}: {got} vs {want!r}")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 64
    cli = os.path.abspath(sys.argv[1])
    missing = tools_missing()
    if missing:
        print("skipped: not installed: " + ", ".join(missing) + " (scripts/setup installs them)")
        return 77
    chk = Check()
    tmp = tempfile.mkdtemp(prefix="assess-sav-readback-")
    try:
        for demo, args in demos().items():
            jdir = os.path.join(tmp, demo + "-json")
            run([cli, "dataset", *args, "--format", "json", "--out", jdir])
            with open(os.path.join(jdir, "dataset.json"), encoding="utf-8") as f:
                ds = json.load(f)
            for lang in LANGS:
                where = f"{demo} {lang}"
                sdir = os.path.join(tmp, f"{demo}-{lang}")
                run([cli, "dataset", *args, "--format", "sav", "--lang", lang, "--out", sdir])
                sav = os.path.join(sdir, "dataset.sav")
                with open(os.path.join(sdir, "dataset.codebook.json"), encoding="utf-8") as f:
                    codebook = json.load(f)
                exp = expected(ds, codebook, lang)
                before = chk.compared
                check_pspp(chk, sav, exp, lang, sdir, where)
                check_haven(chk, sav, exp, sdir, where)
                check_readstat(chk, sav, exp, codebook, sdir, where)
                # Byte-reproducible: a second run writes the same file.
                again = os.path.join(tmp, f"{demo}-{lang}-again")
                run([cli, "dataset", *args, "--format", "sav", "--lang", lang, "--out", again])
                with open(sav, "rb") as a, open(os.path.join(again, "dataset.sav"), "rb") as b:
                    chk.eq(a.read() == b.read(), True, f"{where} the same bytes twice")
                print(f"{where}: {len(exp)} variables, {len(ds['rows'])} rows, "
                      f"{chk.compared - before} comparisons (PSPP, haven, readstat)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if chk.failures:
        print(f"FAILED: {chk.failures} of {chk.compared} comparisons differ")
        return 1
    print(f"ok: {chk.compared} comparisons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
