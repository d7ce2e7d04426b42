#!/usr/bin/env python3
"""Compares the numbers a bundle's script recomputed with report.json.

    compare.py REPORT.json RECOMPUTED.json [--require a,b,...] [--family-tol name=rel,...] [--quiet]

Every number (and null) of RECOMPUTED is looked up at the same path in
report.json's `result` (objects by key, arrays by position) and compared
with the API contract's tolerances (../shared/spec/engine-api.md):
statistics 1e-9 relative, p-values and interval limits 1e-7 relative
(below 1e-3 in magnitude an absolute 1e-12 / 1e-9 also passes), factor
models (loadings, correlations, omega) 1e-4 relative (absolute 1e-7 below
0.01), their fit indices chisq, CFI, TLI, RMSEA 1e-8 and SRMR 1e-6 (as
fixtures/reference/R/cfa.R). A path the report lacks, a null against a
number, a string or boolean that differs: a failure. Prints, per top-level
family, how many numbers were compared; --require names families that must
have at least one. Exit status 0 when all agree.
"""
import json
import math
import re
import sys

P_KEYS = re.compile(r"(^p$|^p_|_p$|_p_|holm|adjusted|ci_low|ci_high|_low$|_high$|^ci$|limits?)")
FACTOR_CONTEXT = ("factor_model", "omega", "std_loadings", "factor_correlations", "loadings")
FIT_KEYS = {"chisq", "cfi", "tli", "rmsea", "rmsea_ci_low", "rmsea_ci_high"}


def tolerance(path, overrides):
    keys = [k for k in path if isinstance(k, str)]
    last = keys[-1] if keys else ""
    for name, tol in overrides.items():
        if name in keys:
            return tol, tol * 1e-3, 1e-3
    in_factor = any(k in FACTOR_CONTEXT for k in keys)
    if in_factor and last in FIT_KEYS:
        return 1e-8, 1e-9, 1e-3
    if in_factor and last == "srmr":  # the contract names chisq, CFI, TLI, RMSEA at 1e-8; SRMR as cfa.R, 1e-6
        return 1e-6, 1e-9, 1e-3
    if in_factor or last in ("omega", "omega_total"):
        return 1e-4, 1e-7, 1e-2
    if P_KEYS.search(last):
        return 1e-7, 1e-9, 1e-3
    return 1e-9, 1e-12, 1e-3


def show(path):
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)


def compare(expected, got, path, out, overrides):
    if isinstance(got, dict):
        if not isinstance(expected, dict):
            out["fail"].append(f"{show(path)}: the report has {type(expected).__name__}, recomputed an object")
            return
        for k, v in got.items():
            if k not in expected:
                out["fail"].append(f"{show(path + [k])}: not in the report")
                continue
            compare(expected[k], v, path + [k], out, overrides)
        return
    if isinstance(got, list):
        if not isinstance(expected, list) or len(expected) != len(got):
            n = len(expected) if isinstance(expected, list) else type(expected).__name__
            out["fail"].append(f"{show(path)}: the report has {n} entries, recomputed {len(got)}")
            return
        for i, v in enumerate(got):
            compare(expected[i], v, path + [i], out, overrides)
        return
    family = path[0] if path else ""
    if isinstance(got, bool) or isinstance(got, str):
        if expected != got:
            out["fail"].append(f"{show(path)}: report {expected!r}, recomputed {got!r}")
        return
    if got is None:
        if expected is not None:
            out["fail"].append(f"{show(path)}: report {expected!r}, recomputed null")
        else:
            out["count"][family] = out["count"].get(family, 0) + 1
        return
    if not isinstance(expected, (int, float)) or isinstance(expected, bool):
        out["fail"].append(f"{show(path)}: report {expected!r}, recomputed {got!r}")
        return
    rel, absolute, small = tolerance(path, overrides)
    diff = abs(expected - got)
    ok = diff <= rel * abs(expected) or (abs(expected) < small and diff <= absolute) or diff == 0
    if math.isnan(diff):
        ok = False
    if not ok:
        out["fail"].append(f"{show(path)}: report {expected!r}, recomputed {got!r} (tolerance {rel:g} relative)")
    out["count"][family] = out["count"].get(family, 0) + 1


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "") for a in argv[1:] if a.startswith("--"))
    with open(args[0], encoding="utf-8") as f:
        report = json.load(f)
    report = report.get("result", report)
    with open(args[1], encoding="utf-8") as f:
        got = json.load(f)
    overrides = {}
    for item in filter(None, opts.get("family-tol", "").split(",")):
        name, tol = item.split("=")
        overrides[name] = float(tol)
    out = {"fail": [], "count": {}}
    compare(report, got, [], out, overrides)
    if "quiet" not in opts:
        for fam, n in sorted(out["count"].items()):
            print(f"  {fam}: {n} numbers agree" if not any(
                m.startswith(f".{fam}") for m in out["fail"]) else f"  {fam}: {n} numbers compared")
    missing = [r for r in filter(None, opts.get("require", "").split(",")) if out["count"].get(r, 0) == 0]
    for m in out["fail"][:200]:
        print("FAIL " + m)
    if len(out["fail"]) > 200:
        print(f"... and {len(out['fail']) - 200} more")
    for r in missing:
        print(f"FAIL {r}: no number recomputed")
    return 1 if out["fail"] or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
