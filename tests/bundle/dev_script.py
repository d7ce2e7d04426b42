#!/usr/bin/env python3
"""For working on the script templates without rebuilding the engine:
writes BUNDLE/analysis.R and BUNDLE/analysis.py again from the templates of
this checkout (engine/bundle/R/*.R joined, engine/bundle/analysis.py), with
the plan of the bundle's current analysis.R.

    tests/bundle/dev_script.py BUNDLE_DIR [BUNDLE_DIR...]

The build embeds the same templates the same way (scripts/embed-bundle.cmake,
api/ops_bundle.cpp), so a bundle made by a rebuilt assess has these scripts.
"""
import glob
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MARK = "@@ASSESS_PLAN@@"


def plan_of(bundle):
    with open(os.path.join(bundle, "analysis.R"), encoding="utf-8") as f:
        text = f.read()
    start = text.index('r"-(\n') + len('r"-(\n')
    end = text.index('\n)-"', start)
    return text[start:end]


def main(argv):
    r_text = "".join(open(p, encoding="utf-8").read()
                     for p in sorted(glob.glob(os.path.join(ROOT, "engine/bundle/R/*.R"))))
    with open(os.path.join(ROOT, "engine/bundle/analysis.py"), encoding="utf-8") as f:
        py_text = f.read()
    for bundle in argv[1:]:
        plan = plan_of(bundle)
        for name, text in (("analysis.R", r_text), ("analysis.py", py_text)):
            with open(os.path.join(bundle, name), "w", encoding="utf-8") as f:
                f.write(text.replace(MARK, plan, 1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
