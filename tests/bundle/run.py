#!/usr/bin/env python3
"""The reproducibility bundle, end to end (issue 17; docs/formats.md "The
reproducibility bundle"):

    tests/bundle/run.py build/assess [--keep DIR] [--only demo2]

For each study (the three demos and the generated demo4, a 1-7 scale with
three waves and three groups), `assess bundle` writes the folder; then:
  - SHA256SUMS checks (`sha256sum -c`), and lists every file;
  - the same bundle as a ZIP (--format zip) holds exactly the folder's files;
  - a second run gives the same bytes (the dates come from the data);
  - datapackage.json is valid against the Data Package rules
    (datapackage.schema.json, python3-jsonschema), and each CSV's header is
    its table schema's fields;
  - the scripts run in a copy of the folder without report.json and
    report.md, from another working directory: analysis.R (Rscript) writes
    recomputed.json, analysis.py (Debian's python3 with SciPy and pandas)
    writes recomputed_py.json, and every number in them agrees with
    report.json (compare.py, the API contract's tolerances); each study
    names the families that must be recomputed;
  - --no-text leaves the open answers, the comments and the identifying
    variables out.
Exit 0 when all pass, 77 (skipped) when R, SciPy or pandas are missing.
"""
import glob
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def files(pattern):
    return sorted(glob.glob(os.path.join(ROOT, pattern)))


# What each study's bundle is made of, and the families each script must
# recompute (top-level fields of report.json's result).
STUDIES = [
    {
        "name": "demo",
        "args": ["--study", "rubrics/study.microcredentials.v1.json", "--responses", *files("fixtures/demo/responses.csv"),
                 *files("fixtures/demo/responses/*.json"), "--ratings", *files("fixtures/demo/ratings.csv"),
                 *files("fixtures/demo/ratings/*.json"), "--links", "fixtures/demo/links.json"],
        "r": ["prepost", "flow", "sample", "panel"],
        "py": ["prepost", "flow", "sample", "panel"],
    },
    {
        "name": "demo2",
        "args": ["--study", "rubrics/study.stackable.v1.json", "--responses", *files("fixtures/demo2/*.csv"),
                 *files("fixtures/demo2/responses/*.json"), *files("fixtures/demo2/employers/*.json"),
                 "--ratings", *files("fixtures/demo2/ratings/*"), "--links", "fixtures/demo2/links.json"],
        "r": ["prepost", "flow", "sample", "background", "post_surveys", "employers", "outcomes", "correlations",
              "panel"],
        "py": ["prepost", "flow", "sample", "background", "post_surveys", "employers", "outcomes", "correlations",
               "panel"],
    },
    {
        "name": "demo3",
        "args": ["--study", "fixtures/demo3/study.json", "--instrument", "rubrics/competency-12.v1.json",
                 "--responses", *files("fixtures/demo3/*.csv")],
        "r": ["prepost", "flow", "sample"],
        "py": ["prepost", "flow", "sample"],
    },
    {
        "name": "demo4",
        "args": ["--study", "fixtures/demo4/study.json", "--responses", *files("fixtures/demo4/*.csv")],
        "r": ["prepost", "flow", "sample", "correlations"],
        "py": ["prepost", "flow", "sample", "correlations"],
    },
]


def have_tools():
    missing = []
    if shutil.which("Rscript") is None:
        missing.append("Rscript")
    else:
        for pkg in ("jsonlite", "psych", "lavaan", "car"):
            ok = subprocess.run(["Rscript", "-e", f"quit(status = !requireNamespace('{pkg}', quietly = TRUE))"],
                                capture_output=True).returncode == 0
            if not ok:
                missing.append(f"R {pkg}")
    for mod in ("scipy", "pandas", "numpy", "jsonschema"):
        if subprocess.run([PY, "-c", f"import {mod}"], capture_output=True).returncode != 0:
            missing.append(f"python {mod}")
    return missing


class Failures:
    def __init__(self):
        self.items = []

    def check(self, ok, what):
        if not ok:
            self.items.append(what)
            print("FAIL " + what)
        return ok


def run(cmd, cwd=ROOT, **kw):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, **kw)


def read_tree(folder):
    out = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            out[name] = f.read()
    return out


def check_datapackage(folder, fail):
    import jsonschema  # python3-jsonschema (Debian), run by PY

    with open(os.path.join(HERE, "datapackage.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    with open(os.path.join(folder, "datapackage.json"), encoding="utf-8") as f:
        package = json.load(f)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(package)]
    fail.check(not errors, f"{folder}: datapackage.json is not a valid Data Package: {errors[:3]}")
    names = set(os.listdir(folder)) - {"datapackage.json", "README.md", "SHA256SUMS"}
    described = {r["path"] for r in package["resources"]}
    fail.check(names == described, f"{folder}: datapackage.json describes {sorted(described)}, the folder has {sorted(names)}")
    import csv

    for r in package["resources"]:
        with open(os.path.join(folder, r["path"]), "rb") as f:
            data = f.read()
        fail.check(r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), f"{r['path']}: hash in datapackage.json")
        fail.check(r["bytes"] == len(data), f"{r['path']}: bytes in datapackage.json")
        if r.get("profile") != "tabular-data-resource":
            continue
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        fields = r["schema"]["fields"]
        fail.check(rows[0] == [x["name"] for x in fields], f"{r['path']}: header != the table schema's fields")
        for row in rows[1:]:
            for cell, field in zip(row, fields):
                if cell == "":
                    continue
                if field["type"] in ("number", "integer"):
                    try:
                        x = float(cell)
                        ok = field["type"] == "number" or x == int(x)
                    except ValueError:
                        ok = False
                    if not fail.check(ok, f"{r['path']}: {field['name']} = {cell!r} is not {field['type']}"):
                        return
                enum = field.get("constraints", {}).get("enum")
                if enum is not None and not fail.check(cell in enum, f"{r['path']}: {field['name']} = {cell!r} not in its enum"):
                    return


def check_study(assess, study, work, fail):
    name = study["name"]
    folder = os.path.join(work, name)
    cmd = [assess, "bundle", *study["args"], "--out", folder]
    p = run(cmd)
    if not fail.check(p.returncode == 0, f"{name}: assess bundle exited {p.returncode}: {p.stderr[-2000:]}"):
        return
    tree = read_tree(folder)
    # SHA256SUMS lists every other file and checks.
    sums = tree["SHA256SUMS"].decode().splitlines()
    listed = sorted(line.split("  ", 1)[1] for line in sums)
    fail.check(listed == sorted(set(tree) - {"SHA256SUMS"}), f"{name}: SHA256SUMS lists {listed}")
    p = run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=folder)
    fail.check(p.returncode == 0, f"{name}: sha256sum -c SHA256SUMS: {p.stdout}{p.stderr}")
    # The same again gives the same bytes; the ZIP holds the same files.
    again = os.path.join(work, name + "-again")
    run([assess, "bundle", *study["args"], "--out", again])
    fail.check(read_tree(again) == tree, f"{name}: a second bundle differs from the first")
    zdir = os.path.join(work, name + "-zip")
    p = run([assess, "bundle", *study["args"], "--format", "zip", "--out", zdir])
    if fail.check(p.returncode == 0, f"{name}: --format zip exited {p.returncode}"):
        with zipfile.ZipFile(os.path.join(zdir, "bundle.zip")) as z:
            fail.check(z.testzip() is None, f"{name}: bundle.zip has a bad CRC")
            unzipped = {i.filename: z.read(i) for i in z.infolist()}
        fail.check(unzipped == tree, f"{name}: bundle.zip != the folder ({sorted(unzipped)} vs {sorted(tree)})")
        if shutil.which("unzip"):
            p = run(["unzip", "-tq", os.path.join(zdir, "bundle.zip")])
            fail.check(p.returncode == 0, f"{name}: unzip -t: {p.stdout}{p.stderr}")
    check_datapackage(folder, fail)
    # The README's "Personal data" says what is in the bundle: the advice to
    # make it again with --no-text only when open answers, experts' comments
    # or identifying variables are in it.
    with open(os.path.join(folder, "codebook.json"), encoding="utf-8") as f:
        personal = any(v.get("identifying") for v in json.load(f)["variables"])
    with open(os.path.join(folder, "report.json"), encoding="utf-8") as f:
        personal = personal or bool(((json.load(f).get("result") or {}).get("panel") or {}).get("comments"))
    with open(os.path.join(folder, "README.md"), encoding="utf-8") as f:
        privacy = f.read().split("\n## ")[-1]
    fail.check(("--no-text" in privacy) == personal and ("`identifying: true`" in privacy),
               f"{name}: the README's personal data note does not fit the bundle (personal: {personal}): {privacy[:300]}")

    # The scripts, in a folder without report.json, run from elsewhere.
    rerun = os.path.join(work, name + "-rerun")
    shutil.copytree(folder, rerun)
    for f in ("report.json", "report.md"):
        os.remove(os.path.join(rerun, f))
    p = run(["Rscript", os.path.join(rerun, "analysis.R")], cwd=work, timeout=600)
    if fail.check(p.returncode == 0, f"{name}: Rscript analysis.R exited {p.returncode}: {p.stderr[-3000:]}"):
        c = run([PY, os.path.join(HERE, "compare.py"), os.path.join(folder, "report.json"),
                 os.path.join(rerun, "recomputed.json"), "--require=" + ",".join(study["r"])])
        print(f"{name}: analysis.R\n{c.stdout}", end="")
        fail.check(c.returncode == 0, f"{name}: analysis.R's numbers differ from report.json")
    p = run([PY, os.path.join(rerun, "analysis.py")], cwd=work, timeout=600)
    if fail.check(p.returncode == 0, f"{name}: analysis.py exited {p.returncode}: {p.stderr[-3000:]}"):
        c = run([PY, os.path.join(HERE, "compare.py"), os.path.join(folder, "report.json"),
                 os.path.join(rerun, "recomputed_py.json"), "--require=" + ",".join(study["py"])])
        print(f"{name}: analysis.py\n{c.stdout}", end="")
        fail.check(c.returncode == 0, f"{name}: analysis.py's numbers differ from report.json")

    # --no-text: no open answers, comments or identifying variables.
    nt = os.path.join(work, name + "-notext")
    p = run([assess, "bundle", *study["args"], "--no-text", "--out", nt])
    if fail.check(p.returncode == 0, f"{name}: --no-text exited {p.returncode}"):
        with open(os.path.join(nt, "codebook.json"), encoding="utf-8") as f:
            codebook = json.load(f)
        ident = [v["name"] for v in codebook["variables"] if v.get("identifying") or v["type"] == "text" and v["name"] != "code" and v["name"] != "linked_waves"]
        fail.check(not ident, f"{name}: --no-text keeps {ident}")
        if os.path.exists(os.path.join(nt, "ratings.csv")):
            with open(os.path.join(nt, "ratings.csv"), encoding="utf-8") as f:
                fail.check("comment" not in f.readline(), f"{name}: --no-text keeps the experts' comments")
        with open(os.path.join(nt, "report.json"), encoding="utf-8") as f:
            fail.check('"comments"' not in f.read(), f"{name}: --no-text report.json keeps comments")


def main(argv):
    # Debian's python3 has python3-jsonschema, -scipy and -pandas; another
    # python3 first on PATH (pyenv, a venv) may not.
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        if os.path.realpath(sys.executable) != os.path.realpath(PY):
            os.execv(PY, [PY, *argv])
    assess = os.path.abspath(argv[1]) if len(argv) > 1 else os.path.join(ROOT, "build/assess")
    keep = argv[argv.index("--keep") + 1] if "--keep" in argv else None
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    missing = have_tools()
    if missing:
        print("skipped: missing " + ", ".join(missing) + " (scripts/setup installs them)")
        return 77
    fail = Failures()
    work = keep or tempfile.mkdtemp(prefix="assess-bundle-")
    if keep:
        shutil.rmtree(keep, ignore_errors=True)
        os.makedirs(keep)
    try:
        for study in STUDIES:
            if only and study["name"] != only:
                continue
            if study.get("optional") and not os.path.exists(os.path.join(ROOT, study["optional"])):
                continue
            check_study(assess, study, work, fail)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{len(fail.items)} failure(s)" if fail.items else "all bundle checks passed")
    return 1 if fail.items else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
