#!/usr/bin/env python3
"""Writes the seed corpora tests/fuzz/corpus/<target>/ from the fixtures.

The seeds are the inputs the engine is tested with anyway (reference
requests, shipped instruments and their malformed variants, the import
fixtures), cut to small files so that the committed corpora stay small; the
fuzzer mutates from there. Files are named by the SHA-1 of their content, as
libFuzzer names what it finds, so a rerun is idempotent.

Run from the repository root: python3 tests/fuzz/make_corpus.py
"""
import copy
import glob
import hashlib
import json
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
MAX_SEED = 8 * 1024   # bytes; larger inputs slow every mutation down
MAX_PER_FAMILY = 12   # reference requests kept per fixture file


def compact(doc):
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write(target, data, limit=MAX_SEED):
    if len(data) > limit:
        return False
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)
    return True


def pointer_parts(path):
    return [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]


def apply_patch(doc, patch):
    """The subset of RFC 6902 the shared cases use: add, replace, remove."""
    doc = copy.deepcopy(doc)
    for p in patch:
        parts = pointer_parts(p["path"])
        parent = doc
        for k in parts[:-1]:
            parent = parent[int(k)] if isinstance(parent, list) else parent[k]
        last = parts[-1]
        if isinstance(parent, list):
            i = len(parent) if last == "-" else int(last)
            if p["op"] == "add":
                parent.insert(i, p["value"])
            elif p["op"] == "replace":
                parent[i] = p["value"]
            else:
                del parent[i]
        else:
            if p["op"] == "remove":
                del parent[last]
            else:
                parent[last] = p["value"]
    return doc


def api_seeds():
    ops = set()
    for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "reference", "*.json"))):
        try:
            cases = json.load(open(path, encoding="utf-8")).get("cases", [])
        except (ValueError, AttributeError):
            continue
        kept = 0
        for case in cases:
            req = case.get("request")
            if not isinstance(req, dict) or kept >= MAX_PER_FAMILY:
                continue
            if write("api", compact(req)):
                kept += 1
                ops.add(req.get("op"))
    # The envelope itself: arrays of requests, an unknown op, a small instrument check.
    write("api", b'[{"op":"describe","x":[1,2,null]},{"op":"nope"}]')
    write("api", b'{"op":"describe","x":[1e308,-1e308,5e-324]}')
    ins = {"format": "assess-instrument/1", "id": "tiny", "version": 1, "title": {"en": "t"},
           "languages": ["en"], "response_scale": {"min": 1, "max": 3},
           "items": [{"id": "A", "text": {"en": "a"}}, {"id": "B", "reverse": True, "text": {"en": "b"}}],
           "total": {"min_answered": 1}}
    write("api", compact({"op": "validate_instrument", "instrument": ins}))
    write("api", compact({"op": "score", "instrument": ins, "answers": {"A": 1, "B": 3}}))
    csv = "code,programme,wave,lang,A,B\nAB12,p1,pre,en,1,3\nAB12,p1,post,en,2,\nCD34,p1,pre,en,3,NA\n"
    write("api", compact({"op": "import_responses", "instrument": ins, "files": [{"name": "a.csv", "text": csv}]}))
    write("api", compact({"op": "link", "instrument": ins, "files": [{"name": "a.csv", "text": csv}],
                          "links": [{"pre": "CD34", "post": "AB12"}]}))
    resp = {"format": "assess-response/1", "instrument": {"id": "tiny", "version": 1}, "code": "XY99",
            "programme": "p1", "wave": "pre", "answers": {"A": 2, "B": None}}
    write("api", compact({"op": "import_responses", "instrument": ins,
                          "files": [{"name": "r.json", "text": json.dumps(resp)}]}))
    csv2 = csv + "AB12,p1,post,en,3,1\nEF56,p1,pre,en,1,1\nEF56,p1,post,en,3,3\nGH78,p1,pre,en,2,2\nGH78,p1,post,en,2,1\n"
    write("api", compact({"op": "analyze_prepost", "instrument": ins, "files": [{"name": "a.csv", "text": csv2}],
                          "format": "all"}))
    rub = {"format": "assess-rubric/1", "id": "r", "version": 1, "title": {"en": "r"}, "languages": ["en"],
           "rating_scale": {"min": 1, "max": 2},
           "criteria": [{"id": "c", "title": {"en": "c"},
                         "levels": [{"score": 1, "descriptor": {"en": "a"}}, {"score": 2, "descriptor": {"en": "b"}}]}]}
    rcsv = "expert,object,c,comment\nE1,p1,1,ok\nE1,p2,2,\nE2,p1,2,\nE2,p2,1,=cmd|' /C calc'!A0\n"
    write("api", compact({"op": "analyze_panel", "rubric": rub, "files": [{"name": "r.csv", "text": rcsv}]}))
    write("api", compact({"op": "make_code", "parts": ["Айгүл", "07", "Алматы"]}))
    write("api", compact({"op": "normalise_code", "code": "aй 07 aл-M"}))
    # The per-student data set: of one instrument (links /1 and /2), and of a /2 study with a
    # background instrument (a choice and a scored number) and an employer.
    write("api", compact({"op": "dataset", "instrument": ins, "files": [{"name": "a.csv", "text": csv2}],
                          "links": {"format": "assess-links/2", "links": [{"codes": ["CD34", "GH78", "EF56"]}]},
                          "format": "all"}))
    bg = {"format": "assess-instrument/1", "id": "bg", "version": 1, "title": {"en": "b"}, "languages": ["en"],
          "items": [{"id": "yes", "type": "choice", "text": {"en": "y"},
                     "options": [{"id": "y", "label": {"en": "Yes"}, "positive": True}, {"id": "n", "label": {"en": "No"}}]},
                    {"id": "GPA", "type": "number", "min": 0, "max": 4, "score": True, "text": {"en": "g"}}]}
    st2 = {"format": "assess-study/2", "id": "s2", "version": 1, "title": {"en": "s"}, "languages": ["en"],
           "instruments": [{"id": "bg", "version": 1, "waves": ["pre"], "item_waves": {"GPA": ["pre", "post"]}},
                           {"id": "tiny", "version": 1, "waves": ["pre", "post"]},
                           {"id": "tiny", "version": 1, "waves": ["post"], "respondents": "employers"}],
           "programmes": [{"id": "p1", "title": {"en": "P"}}],
           "waves": [{"id": "pre", "title": {"en": "pre"}}, {"id": "post", "title": {"en": "post"}}],
           "groups": [{"id": "e", "title": {"en": "e"}, "role": "focal"},
                      {"id": "c", "title": {"en": "c"}, "role": "reference", "without_programme": True}],
           "code": {"questions": [{"id": "q", "kind": "letters", "length": 2, "prompt": {"en": "q"}, "hint": {"en": "h"}},
                                  {"id": "d", "kind": "digits", "length": 2, "min": 1, "max": 31, "prompt": {"en": "d"}, "hint": {"en": "h"}}]}}
    st2["instruments"].pop()  # an instrument is listed once
    bcsv = "instrument,code,programme,group,wave,yes,GPA\nbg,AB12,p1,e,pre,Yes,3.1\nbg,AB12,p1,e,post,,3.4\nbg,CD34,,c,pre,n,2.5\n"
    tcsv = "instrument,code,programme,group,wave,A,B\ntiny,AB12,p1,e,pre,1,3\ntiny,AB12,p1,e,post,3,1\ntiny,CD34,,c,pre,2,2\n"
    write("api", compact({"op": "dataset", "study": st2, "instruments": [bg, ins],
                          "files": [{"name": "b.csv", "text": bcsv}, {"name": "t.csv", "text": tcsv}], "format": "all"}))
    # The qualitative strand (issue 19): a codebook, texts from an essay and a CSV, a consensus.
    cb = {"format": "assess-coding-codebook/1", "id": "cb", "version": 1, "languages": ["en"],
          "themes": [{"id": "a", "name": {"en": "A"}, "definition": {"en": "A"}},
                     {"id": "b", "parent": "a", "name": {"en": "B"}, "definition": {"en": "B"}}]}
    write("api", compact({"op": "validate_coding", "document": cb}))
    write("api", compact({"op": "texts", "documents": [{"name": "AB12.txt", "text": "code: CD34\r\nMore practice."}],
                          "csv": [{"name": "t.csv", "text": "code;essay\nEF56;\"Two\nlines\"\n;x\n"}],
                          "code_column": "code", "text_column": "essay"}))
    h1, h2 = "1" * 64, "2" * 64
    coders = [{"format": "assess-coding/1", "coder": c, "codebook": {"id": "cb", "version": 1},
               "texts": [{"hash": h1, "themes": t1, "quotes": [{"theme": "a", "start": 0, "end": 3}] if "a" in t1 else []},
                         {"hash": h2, "themes": t2}]}
              for c, t1, t2 in (("A", ["a"], ["b"]), ("B", ["a", "b"], []))]
    write("api", compact({"op": "coding_consensus", "codebook": cb, "coders": coders,
                          "resolutions": [{"hash": h2, "theme": "b", "present": True}]}))


def instrument_seeds():
    docs = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "rubrics", "*.json"))):
        docs[os.path.basename(path)] = json.load(open(path, encoding="utf-8"))
        write("instrument", compact(docs[os.path.basename(path)]), limit=64 * 1024)
    cases = json.load(open(os.path.join(ROOT, "tests", "schema", "instrument_cases.json"), encoding="utf-8"))
    for case in cases["cases"]:
        if "doc" in case:
            write("instrument", compact(case["doc"]))
        elif case.get("base") in docs:
            try:
                write("instrument", compact(apply_patch(docs[case["base"]], case["patch"])), limit=16 * 1024)
            except (KeyError, IndexError, ValueError):
                pass


def import_seeds():
    paths = []
    for base in ("import", "demo"):
        paths += glob.glob(os.path.join(ROOT, "fixtures", base, "**", "*"), recursive=True)
    for path in sorted(paths):
        if not os.path.isfile(path):
            continue
        data = open(path, "rb").read()
        if path.endswith(".csv"):
            write("csv_import", data[:MAX_SEED])
        elif path.endswith(".json"):
            write("json_import", data)


def typed_import_seeds():
    """Responses of every item type (issue 14): CSV and JSON /2, students and employers."""
    write("csv_import", "code,programme,wave,lang,age,gender,experience,mobility,GPA\n"
          "AB01,teacher-mediator,pre,ru,a25_34,Женский,12,yes,3.4\nCD02,,pre,kk,A35_44,,0,Жоқ,\n".encode())
    write("csv_import", ("instrument,respondent,employer,graduate,code,programme,wave,group,SAT,change,EF1,hire\n"
                         "satisfaction,,,,AB01,teacher-mediator,post,experimental,4,\"Больше\r\nпрактики\",,\n"
                         "employer-feedback,employer,EMP01,AB01,,teacher-mediator,post,,,,5,yes\n").encode())
    write("csv_import", b"code,programme,wave,roles_mentor,roles_tutor,roles\nAB01,p,pre,1,0,mentor|tutor\n")
    resp = {"format": "assess-response/2", "instrument": {"id": "background", "version": 1}, "respondent": "student",
            "code": "AB01", "programme": "teacher-mediator", "wave": "pre", "lang": "kk",
            "answers": {"age": "a25_34", "gender": "female", "experience": 3, "mobility": "no", "GPA": 3.1}}
    write("json_import", compact(resp))
    write("json_import", compact({"format": "assess-responses/2", "study": {"id": "microcredentials", "version": 1},
                                  "responses": [resp, dict(resp, instrument={"id": "satisfaction", "version": 1},
                                                           wave="post", answers={"SAT": 4, "change": "Ёщё"}),
                                                {"format": "assess-response/2", "respondent": "employer",
                                                 "instrument": {"id": "employer-feedback", "version": 1},
                                                 "employer": "EMP01", "graduate": "AB01", "programme": "teacher-mediator",
                                                 "wave": "post", "answers": {"EF1": 4, "hire": "yes"}}]}))


def tokens(doc, out):
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.add(('"%s"' % k).encode("utf-8"))
            tokens(v, out)
    elif isinstance(doc, list):
        for v in doc:
            tokens(v, out)
    elif isinstance(doc, str) and len(doc) <= 24:
        out.add(('"%s"' % doc).encode("utf-8"))


def dict_entry(token):
    """libFuzzer's dictionary syntax: a quoted string, other bytes as \\xNN."""
    out = []
    for b in token:
        if 32 <= b < 127 and b not in (0x22, 0x5C):
            out.append(chr(b))
        else:
            out.append("\\x%02X" % b)
    return '"%s"' % "".join(out)


def write_dict(target, extra):
    """A libFuzzer dictionary: keys and short strings of the seeds, plus extra tokens."""
    found = set(extra)
    d = os.path.join(OUT, target)
    for name in os.listdir(d) if os.path.isdir(d) else []:
        try:
            tokens(json.load(open(os.path.join(d, name), encoding="utf-8")), found)
        except ValueError:
            pass
    os.makedirs(os.path.join(ROOT, "tests", "fuzz", "dict"), exist_ok=True)
    with open(os.path.join(ROOT, "tests", "fuzz", "dict", target + ".dict"), "w") as f:
        f.write("# generated by tests/fuzz/make_corpus.py\n")
        f.write("\n".join(dict_entry(t) for t in sorted(found)) + "\n")


JSON_TOKENS = [b"null", b"true", b"false", b"[]", b"{}", b"1e308", b"-0", b"5e-324", b"1e999",
               b'"\\u0000"', b'"\\ud800"', b"\xef\xbb\xbf", b"\xff\xfe"]
CSV_TOKENS = [b"\r\n", b";", b"\t", b'""', b'"', b"code,programme,wave,lang", b"pre", b"post", b"NA",
              b"respondent", b"employer", b"graduate", b"instrument", b"|", b"_",
              b"=cmd|", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc0\xaf"]


def main():
    for target in ("api", "instrument", "csv_import", "json_import"):
        shutil.rmtree(os.path.join(OUT, target), ignore_errors=True)
    api_seeds()
    instrument_seeds()
    import_seeds()
    typed_import_seeds()
    write_dict("api", JSON_TOKENS)
    write_dict("instrument", JSON_TOKENS)
    write_dict("json_import", JSON_TOKENS)
    write_dict("csv_import", CSV_TOKENS)
    for target in sorted(os.listdir(OUT)):
        files = os.listdir(os.path.join(OUT, target))
        size = sum(os.path.getsize(os.path.join(OUT, target, f)) for f in files)
        print(f"{target}: {len(files)} seeds, {size} bytes")


if __name__ == "__main__":
    main()
