#!/usr/bin/env python3
"""Writes the bad-input corpus tests/bad_inputs/<feed>/ and its manifest.json.

Every case is a malformed (or odd but acceptable) input that a university
will produce sooner or later: truncated and doubly-encoded files, Excel's
encodings, binary junk, 10 MB lines, deep nesting, duplicate keys, ragged
CSV, spreadsheet formulas in text cells, NaN/Infinity spelled out, negative
and huge numbers, empty files. Each says how it is fed to the engine and
what the engine must answer:

  feed  "stat"                 the bytes are the request of `assess stat`
        "validate_instrument"  {"op":"validate_instrument","instrument": <bytes>}
        "import_responses"     a stored file (putFile) in import_responses with
                               rubrics/competency-12.v1.json, or the case's
                               "instrument" (the item types of issue 14)
        "import_ratings"       the same in import_ratings with rubrics/expert-panel.v1.json
  expect {"error": code, "message"?: fragment, "path"?: pointer}
             the envelope fails with this code;
         {"ok": true, "warnings": [fragment, ...]}
             acceptable: ok, with exactly these warnings (fragments);
         {"array": ["ok" | code, ...]}
             an array request, answered element by element;
         {"problems": [code, ...], "records": n, "message"?: fragment}
             an import that is ok as a request, whose report lists exactly
             these problem kinds (the first one's message has the fragment)
             and imports n records; "problems": [] means acceptable.

A case gives either "file" (committed) or "generate" (built by the test:
prefix + unit * count + suffix, for the 10 MB lines and deep nesting that
should not be committed). Runners: tests/native/bad_input_test.cpp (engine +
CLI exit status), tests/wasm/bad_inputs.test.mjs (the wasm module).

Run from the repository root: python3 tests/bad_inputs/make_bad_inputs.py
"""
import json
import os
import random
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "tests", "bad_inputs")

INS = json.load(open(os.path.join(ROOT, "rubrics", "competency-12.v1.json"), encoding="utf-8"))
RUB = json.load(open(os.path.join(ROOT, "rubrics", "expert-panel.v1.json"), encoding="utf-8"))
ITEMS = [i["id"] for i in INS["items"]]
CRITERIA = [c["id"] for c in RUB["criteria"]]
HEAD = "code,programme,wave,lang," + ",".join(ITEMS)
RHEAD = "expert,object," + ",".join(CRITERIA) + ",comment"
FORMULA = "=cmd|' /C calc'!A0"

cases = []
for _feed in ("stat", "validate_instrument", "import_responses", "import_ratings"):
    shutil.rmtree(os.path.join(HERE, _feed), ignore_errors=True)


def add(feed, name, data, expect, why, instrument=None):
    """data: bytes or str (UTF-8) for a committed file, or a dict for "generate"."""
    case = {"name": name, "feed": feed}
    if instrument:
        case["instrument"] = instrument
    if isinstance(data, dict):
        case["generate"] = data
    else:
        if isinstance(data, str):
            data = data.encode("utf-8")
        rel = feed + "/" + name
        os.makedirs(os.path.join(HERE, feed), exist_ok=True)
        with open(os.path.join(HERE, rel), "wb") as f:
            f.write(data)
        case["file"] = rel
    case["expect"] = expect
    case["why"] = why
    cases.append(case)


def err(code, message=None, path=None):
    e = {"error": code}
    if message:
        e["message"] = message
    if path is not None:
        e["path"] = path
    return e


def rows(*answers, start=1):
    out = []
    for i, a in enumerate(answers):
        out.append(f"AB{start + i:02d},teacher-mediator,pre,en," + ",".join(str(x) for x in a))
    return out


GOOD = [3] * 12
rng = random.Random(20261123)
junk = bytes(rng.randrange(256) for _ in range(2048))
describe = '{"op":"describe","x":[1,2,3]}'
ru = "Привет, мир"

# ------------------------------------------------------------------ stat
S = "stat"
add(S, "empty.json", b"", err("parse_error", "not valid JSON"), "an empty file")
add(S, "whitespace.json", " \n\t\r\n", err("parse_error"), "only white space")
add(S, "truncated_object.json", '{"op":"describe","x":[1,2', err("parse_error", "line 1"), "cut off in an array")
add(S, "truncated_string.json", '{"op":"descr', err("parse_error"), "cut off in a string")
add(S, "truncated_escape.json", '{"op":"describe\\', err("parse_error"), "cut off after a backslash")
add(S, "trailing_garbage.json", describe + " x", err("parse_error"), "text after the request")
add(S, "json_lines.json", describe + "\n" + describe + "\n", err("parse_error"),
    "two requests as JSON Lines (use an array)")
add(S, "utf16le_bom.json", b"\xff\xfe" + describe.encode("utf-16-le"), err("parse_error"), "UTF-16LE with BOM")
add(S, "utf16be.json", describe.encode("utf-16-be"), err("parse_error"), "UTF-16BE without BOM")
add(S, "utf32le.json", describe.encode("utf-32-le"), err("parse_error"), "UTF-32")
add(S, "cp1251_string.json", b'{"op":"describe","x":[1],"note":"' + ru.encode("cp1251") + b'"}', err("parse_error"),
    "a Windows-1251 string (not UTF-8)")
add(S, "latin1_op.json", b'{"op":"d\xe9scribe","x":[1]}', err("parse_error"), "a Latin-1 byte in the op")
add(S, "binary_junk.bin", junk, err("parse_error"), "2 KB of random bytes")
add(S, "zip_magic.bin", b"PK\x03\x04\x14\x00\x06\x00" + junk[:200], err("parse_error"), "an Excel workbook (zip)")
add(S, "nul_after.json", describe.encode() + b"\x00" + describe.encode(), err("parse_error", "NUL"),
    "a NUL byte after the request (nlohmann would stop reading there and ignore the rest)")
add(S, "raw_control_char.json", b'{"op":"desc\x01ribe"}', err("parse_error"), "a raw control character in a string")
add(S, "escaped_nul_op.json", '{"op":"desc\\u0000ribe"}', err("unknown_op"), "an escaped NUL in the op name")
add(S, "overlong_utf8.json", b'{"op":"describe","x":[1],"n":"\xc0\xaf"}', err("parse_error"), "an overlong UTF-8 form")
add(S, "lone_surrogate.json", '{"op":"describe","x":[1],"n":"\\ud800"}', err("parse_error"), "a lone UTF-16 surrogate escape")
add(S, "bom_utf8.json", b"\xef\xbb\xbf" + describe.encode(), {"ok": True, "warnings": []}, "a UTF-8 BOM is fine")
add(S, "duplicate_op.json", '{"op":"describe","x":[1],"op":"nope"}', err("invalid_input", '"op" appears twice', "/op"),
    "duplicate key: which op?")
add(S, "duplicate_x.json", '{"op":"describe","x":[1,2],"x":[3]}', err("invalid_input", '"x" appears twice', "/x"),
    "duplicate key: which data?")
add(S, "duplicate_nested.json", '{"op":"chi_square","table":[[3,4],[5,6]],"correct":true,"correct":false}',
    err("invalid_input", '"correct" appears twice', "/correct"), "duplicate option")
add(S, "duplicate_in_array.json", '[{"op":"describe","x":[1]},{"op":"describe","x":[1],"x":[2]}]',
    err("invalid_input", None, "/1/x"), "duplicate key in the second request of an array")
add(S, "nan_literal.json", '{"op":"describe","x":[1,NaN]}', err("parse_error"), "NaN is not JSON")
add(S, "infinity_literal.json", '{"op":"describe","x":[1,Infinity]}', err("parse_error"), "Infinity is not JSON")
add(S, "nan_string.json", '{"op":"describe","x":[1,"NaN"]}', err("invalid_input", "NaN", "/x/1"), "NaN as a string")
add(S, "infinity_string.json", '{"op":"describe","x":["-Infinity",2]}', err("invalid_input", None, "/x/0"),
    "-Infinity as a string")
add(S, "number_overflow.json", '{"op":"describe","x":[1,1e999]}', err("parse_error", "beyond the range of a double"),
    "a literal beyond double range")
add(S, "negative_overflow.json", '{"op":"describe","x":[-1e400]}', err("parse_error", "beyond the range"),
    "a negative literal beyond double range")
add(S, "huge_values.json", '{"op":"describe","x":[1e308,1e308,-1e308]}', err("out_of_range", "1e+100", "/x/0"),
    "values whose squares overflow")
add(S, "denormals.json", '{"op":"describe","x":[5e-324,1e-310,0]}', {"ok": True, "warnings": []},
    "subnormal values are numbers")
add(S, "deep_array", {"prefix": "", "unit": "[", "count": 100000, "suffix": ""}, err("parse_error", "levels deep"),
    "100 000 nested arrays")
add(S, "deep_object", {"prefix": "", "unit": '{"a":', "count": 50000, "suffix": "1"}, err("parse_error", "levels deep"),
    "50 000 nested objects")
add(S, "deep_257", {"prefix": '{"op":"describe","x":', "unit": "[", "count": 256, "suffix": "1" + "]" * 256 + "}"},
    err("parse_error", "256 levels"), "one level past the limit")
add(S, "line_10mb", {"prefix": '{"op":"describe","x":[1,2,3],"note":"', "unit": "x", "count": 10485760, "suffix": '"}'},
    {"ok": True, "warnings": ["note is not used"]}, "a 10 MB single-line request is answered")
add(S, "numbers_1mb", {"prefix": '{"op":"describe","x":[1', "unit": ",2,3", "count": 262144, "suffix": "]}"},
    {"ok": True, "warnings": []}, "half a million numbers on one line")
add(S, "key_1mb", {"prefix": '{"op":"describe","x":[1,2],"', "unit": "k", "count": 1048576, "suffix": '":0}'},
    {"ok": True, "warnings": ["is not used by describe"]}, "a 1 MB argument name is reported, truncated")
add(S, "op_number.json", '{"op":42}', err("invalid_input", "op must be a string"), "op is a number")
add(S, "op_missing.json", '{"x":[1,2]}', err("invalid_input", "no \"op\""), "no op")
add(S, "unknown_op.json", '{"op":"t_test","x":[1,2]}', err("unknown_op", "t_test"), "a misspelt op")
add(S, "request_string.json", '"describe"', err("invalid_input", "JSON object"), "a bare string")
add(S, "request_null.json", "null", err("invalid_input"), "null")
add(S, "request_number.json", "-0", err("invalid_input"), "a bare number")
add(S, "array_mixed.json", '[{"op":"describe","x":[1]},7,null,{"op":"nope"}]',
    {"array": ["ok", "invalid_input", "invalid_input", "unknown_op"]}, "an array with junk elements")
add(S, "array_empty.json", "[]", {"array": []}, "an empty array of requests")
add(S, "x_string.json", '{"op":"describe","x":"1,2,3"}', err("invalid_input", "x must be an array"), "CSV text as x")
add(S, "x_object.json", '{"op":"describe","x":{"a":1}}', err("invalid_input", "x must be an array"), "an object as x")
add(S, "x_empty.json", '{"op":"describe","x":[]}', err("insufficient_data"), "no values")
add(S, "x_all_null.json", '{"op":"describe","x":[null,null]}', err("insufficient_data"), "only missing values")
add(S, "x_nested.json", '{"op":"describe","x":[[1],[2]]}', err("invalid_input", "x[0]", "/x/0"), "nested arrays as x")
add(S, "x_bool.json", '{"op":"describe","x":[true,false]}', err("invalid_input", "x[0]"), "booleans as x")
add(S, "ragged_matrix.json", '{"op":"cronbach_alpha","items":[[1,2,3],[3,4]]}', err("invalid_input", "ragged"),
    "a ragged item matrix")
add(S, "chisq_negative.json", '{"op":"chi_square","table":[[-1,2],[3,4]]}', err("invalid_input", None, "/table/0/0"),
    "a negative count")
add(S, "chisq_fractional.json", '{"op":"chi_square","table":[[1.5,2],[3,4]]}',
    {"ok": True, "warnings": ["below 5"]}, "fractional counts are accepted as R does")
add(S, "chisq_huge.json", '{"op":"chi_square","table":[[1e300,1],[1,1e300]]}', err("out_of_range", None, "/table/0/0"),
    "astronomical counts")
add(S, "kendall_one_rater.json", '{"op":"kendall_w","ratings":[[1,2,3]]}', err("insufficient_data", "2 raters"),
    "one rater")
add(S, "shapiro_two.json", '{"op":"shapiro_wilk","x":[1,2]}', err("insufficient_data", "between 3 and 5000"), "n = 2")
add(S, "shapiro_5001", {"prefix": '{"op":"shapiro_wilk","x":[1', "unit": ",2,3", "count": 2500, "suffix": "]}"},
    err("out_of_range", "5000"), "n = 5001")
add(S, "paired_lengths.json", '{"op":"paired_t","pre":[1,2,3],"post":[1,2]}', err("invalid_input"),
    "pre and post of different lengths")
add(S, "conf_level_high.json", '{"op":"paired_t","pre":[1,2,3],"post":[2,2,5],"conf_level":1.5}',
    err("invalid_input", "conf_level"), "conf_level outside (0, 1)")
add(S, "conf_level_string.json", '{"op":"paired_t","pre":[1,2,3],"post":[2,2,5],"conf_level":"0.95"}',
    err("invalid_input", "conf_level"), "conf_level as a string")
add(S, "p_above_one.json", '{"op":"p_adjust","p":[0.5,1.2],"method":"holm"}', err("invalid_input", None, "/p/1"),
    "a p-value above 1")
add(S, "p_adjust_fdr.json", '{"op":"p_adjust","p":[0.1,0.2],"method":"fdr"}', err("invalid_input", "BH"),
    "R's alias fdr is not accepted: BH is named")
add(S, "negative_df.json", '{"op":"distribution","dist":"t","fn":"cdf","df":-1,"x":[0]}', err("invalid_input", "df"),
    "negative degrees of freedom")
add(S, "chisq_quantile_huge_df.json", '{"op":"distribution","dist":"chisq","fn":"quantile","df":1e300,"x":[0.5]}',
    err("out_of_range", "1e8"), "a quantile that would take minutes")
add(S, "formula_op.json", json.dumps({"op": FORMULA}), err("unknown_op"), "a spreadsheet formula as the op")
add(S, "script_op.json", '{"op":"<script>alert(1)</script>"}', err("unknown_op"), "markup as the op")
add(S, "near_constant_gain.json",
    '{"op":"paired_t","pre":[0,0,0,0,0],"post":[1,1.000000000001,0.999999999999,1,1.0000000000005]}',
    {"ok": True, "warnings": []}, "t = 3e12: answered at once (the noncentral t once took hours here)")
# issue 15: spearman, fisher_exact, proportion, correlation_matrix
add(S, "spearman_strings.json", '{"op":"spearman","x":["1","2","3"],"y":[1,2,3]}', err("invalid_input", "x[0]", "/x/0"),
    "numbers as strings")
add(S, "spearman_nan_string.json", '{"op":"spearman","x":[1,2,3],"y":[1,"NaN",3]}',
    err("invalid_input", "NaN", "/y/1"), "NaN as a string")
add(S, "spearman_lengths.json", '{"op":"spearman","x":[1,2,3,4],"y":[1,2,3]}', err("invalid_input", None, "/y"),
    "x and y of different lengths")
add(S, "fisher_negative.json", '{"op":"fisher_exact","table":[[3,-1],[2,5]]}',
    err("invalid_input", "table[0][1]", "/table/0/1"), "a negative count")
add(S, "fisher_fraction.json", '{"op":"fisher_exact","table":[[3,1],[2.5,5]]}',
    err("invalid_input", "whole numbers", "/table/1/0"), "a fractional count")
add(S, "fisher_3x2.json", '{"op":"fisher_exact","table":[[3,1],[2,5],[1,1]]}', err("invalid_input", "2 x 2", "/table"),
    "a 3 x 2 table")
add(S, "fisher_2x3.json", '{"op":"fisher_exact","table":[[3,1,4],[2,5,6]]}', err("invalid_input", "2 x 2", "/table"),
    "a 2 x 3 table")
add(S, "fisher_flat.json", '{"op":"fisher_exact","table":[3,1,2,5]}', err("invalid_input", "table"),
    "the four counts as one flat array")
add(S, "fisher_string.json", '{"op":"fisher_exact","table":[["3","1"],[2,5]]}', err("invalid_input", None, "/table/0/0"),
    "counts as strings")
add(S, "fisher_null.json", '{"op":"fisher_exact","table":[[3,null],[2,5]]}', err("invalid_input", None, "/table/0/1"),
    "a missing count")
add(S, "fisher_huge.json", '{"op":"fisher_exact","table":[[1e99,1],[1,1e99]]}', err("out_of_range", "1e+08", "/table"),
    "astronomical counts")
add(S, "fisher_zero.json", '{"op":"fisher_exact","table":[[0,0],[0,0]]}', err("insufficient_data"), "an empty table")
add(S, "proportion_x_above_n.json", '{"op":"proportion","x":11,"n":10}', err("invalid_input", "from 0 to n", "/x"),
    "x > n")
add(S, "proportion_n_zero.json", '{"op":"proportion","x":0,"n":0}', err("insufficient_data", None, "/n"), "n = 0")
add(S, "proportion_share.json", '{"op":"proportion","x":0.3,"n":1}', err("invalid_input", "whole number", "/x"),
    "a share instead of a count")
add(S, "proportion_strings.json", '{"op":"proportion","x":"3","n":"10"}', err("invalid_input", None, "/x"),
    "counts as strings")
add(S, "proportion_huge.json", '{"op":"proportion","x":1,"n":1e300}', err("invalid_input", None, "/n"),
    "n beyond 2^53")
add(S, "proportion_array.json", '{"op":"proportion","x":[3],"n":[10]}', err("invalid_input", None, "/x"),
    "counts as arrays")
add(S, "cormat_empty.json", '{"op":"correlation_matrix","variables":[]}', err("insufficient_data", None, "/variables"),
    "an empty variables list")
add(S, "cormat_lengths.json",
    '{"op":"correlation_matrix","variables":[{"name":"a","values":[1,2,3]},{"name":"b","values":[1,2]}]}',
    err("invalid_input", None, "/variables/1/values"), "variables of different lengths")
add(S, "cormat_arrays.json", '{"op":"correlation_matrix","variables":[[1,2,3],[3,2,1]]}',
    err("invalid_input", None, "/variables/0"), "bare arrays without names")
add(S, "cormat_nan.json",
    '{"op":"correlation_matrix","variables":[{"name":"a","values":[1,"NaN",3]},{"name":"b","values":[1,2,3]}]}',
    err("invalid_input", "NaN", "/variables/0/values/1"), "NaN as a string")
add(S, "cormat_name_number.json",
    '{"op":"correlation_matrix","variables":[{"name":1,"values":[1,2,3]},{"name":"b","values":[1,2,3]}]}',
    err("invalid_input", None, "/variables/0/name"), "a number as a name")
add(S, "cormat_many", {"prefix": '{"op":"correlation_matrix","variables":[{"name":"v","values":[1,2]}',
                       "unit": ',{"name":"v","values":[1,2]}', "count": 300, "suffix": "]}"},
    err("out_of_range", "at most 200", "/variables"), "301 variables (45 150 pairs)")
# ancova and mixed_anova: groups are string labels
ANC = '"op":"ancova","y":[1,2,3,4],"covariate":[1,3,2,4]'
add(S, "ancova_labels_numbers.json", '{' + ANC + ',"group":[1,1,2,2]}', err("invalid_input", "group[0]", "/group/0"),
    "group labels as numbers (labels must be strings)")
add(S, "ancova_group_text.json", '{' + ANC + ',"group":"a,a,b,b"}', err("invalid_input", "array of strings", "/group"),
    "group labels as one CSV string")
add(S, "ancova_lengths.json", '{"op":"ancova","y":[1,2,3,4],"covariate":[1,2,3],"group":["a","a","b","b"]}',
    err("invalid_input", None, "/covariate"), "a covariate shorter than y")
add(S, "ancova_nan_string.json", '{"op":"ancova","y":[1,"NaN",3,4],"covariate":[1,3,2,4],"group":["a","a","b","b"]}',
    err("invalid_input", "NaN", "/y/1"), "NaN as text in y")
add(S, "ancova_empty.json", '{"op":"ancova","y":[],"covariate":[],"group":[]}', err("insufficient_data", None, "/group"),
    "empty arrays")
add(S, "ancova_one_group.json", '{' + ANC + ',"group":["a","a","a","a"]}', err("insufficient_data", "at least 2 groups"),
    "one group only")
add(S, "ancova_huge_values.json", '{"op":"ancova","y":[1e308,2,3,4],"covariate":[1,3,2,4],"group":["a","a","b","b"]}',
    err("out_of_range", None, "/y/0"), "values whose squares overflow")
add(S, "ancova_1001_labels.json", json.dumps({"op": "ancova", "y": list(range(1001)), "covariate": list(range(1001)),
                                              "group": ["g%d" % i for i in range(1001)]}),
    err("out_of_range", "1000", "/group/1000"), "a label per row: more groups than the engine takes")
add(S, "ancova_million_y", {"prefix": '{"op":"ancova","covariate":[1,2],"group":["a","b"],"y":[1', "unit": ",2",
                            "count": 1000000, "suffix": "]}"},
    err("invalid_input", None, "/covariate"), "a million y values against two covariate values")
add(S, "mixed_ragged.json", '{"op":"mixed_anova","scores":[[1,2],[3,4,5]],"group":["a","b"]}',
    err("invalid_input", "ragged", "/scores/1"), "ragged scores")
add(S, "mixed_one_wave.json", '{"op":"mixed_anova","scores":[[1],[2],[3],[4]],"group":["a","a","b","b"]}',
    err("insufficient_data", "at least 2", "/scores"), "one wave")
add(S, "mixed_labels_numbers.json", '{"op":"mixed_anova","scores":[[1,2],[2,4],[3,3],[4,6]],"group":[0,0,1,1]}',
    err("invalid_input", "group[0]", "/group/0"), "group labels as numbers")
add(S, "mixed_lengths.json", '{"op":"mixed_anova","scores":[[1,2],[2,4],[3,3],[4,6]],"group":["a","b"]}',
    err("invalid_input", None, "/group"), "fewer labels than rows")
add(S, "mixed_nan_string.json", '{"op":"mixed_anova","scores":[[1,2],[2,"NaN"],[3,3],[4,6]],"group":["a","a","b","b"]}',
    err("invalid_input", "NaN", "/scores/1/1"), "NaN as text in scores")
add(S, "mixed_empty.json", '{"op":"mixed_anova","scores":[],"group":[]}', err("insufficient_data", None, "/scores"),
    "empty arrays")
add(S, "mixed_201_waves.json", json.dumps({"op": "mixed_anova", "scores": [list(range(201)), list(range(1, 202))],
                                           "group": ["a", "b"]}),
    err("out_of_range", "200", "/scores"), "more waves than the engine takes")
add(S, "mixed_half_million_rows", {"prefix": '{"op":"mixed_anova","group":["a","b"],"scores":[[1,2]', "unit": ",[3,4]",
                                   "count": 500000, "suffix": "]}"},
    err("invalid_input", None, "/group"), "half a million rows of scores against two labels")
# issue 16: icc, cohen_kappa, fleiss_kappa, krippendorff_alpha (rows = raters)
add(S, "icc_one_rater.json", '{"op":"icc","ratings":[[1,2,3,4]]}', err("insufficient_data", "2 raters", "/ratings"),
    "one rater (a column of ratings given as one row)")
add(S, "icc_flat.json", '{"op":"icc","ratings":[1,2,3,4]}', err("invalid_input", "ratings"), "ratings as a flat array")
add(S, "icc_strings.json", '{"op":"icc","ratings":[["4","5"],["3","4"]]}', err("invalid_input", None, "/ratings/0/0"),
    "scores as strings")
add(S, "icc_ragged.json", '{"op":"icc","ratings":[[1,2,3],[1,2]]}', err("invalid_input", "ragged", "/ratings/1"),
    "raters with different numbers of objects")
add(S, "kappa_weights_strings.json", '{"op":"cohen_kappa","x":["a","b","a"],"y":["a","a","b"],"weights":"quadratic"}',
    err("invalid_input", "no order", "/weights"), "weights with string codes")
add(S, "kappa_mixed.json", '{"op":"cohen_kappa","x":[1,"2",3],"y":[1,2,3]}', err("invalid_input", "x[0]", "/x/0"),
    "a code as a string among numbers")
add(S, "kappa_outside_levels.json", '{"op":"cohen_kappa","x":[1,2,6],"y":[1,2,3],"levels":[1,2,3,4,5]}',
    err("invalid_input", "levels", "/x/2"), "a code outside the scale's points")
add(S, "kappa_object_code.json", '{"op":"cohen_kappa","x":[{"a":1},"b"],"y":["a","b"]}',
    err("invalid_input", "x[0]", "/x/0"), "an object as a code")
add(S, "kappa_measurements.json", json.dumps({"op": "cohen_kappa", "x": [i / 10 for i in range(1001)],
                                              "y": [i / 10 for i in range(1001)]}),
    err("out_of_range", "at most 1000", "/x"), "1001 distinct measurements as codes (a q x q table)")
add(S, "fleiss_one_subject.json", '{"op":"fleiss_kappa","ratings":[["a"],["b"],["a"]]}',
    err("insufficient_data", "Fleiss", "/ratings"), "one subject")
add(S, "fleiss_bool.json", '{"op":"fleiss_kappa","ratings":[["a","b"],[true,"b"]]}',
    err("invalid_input", "ratings[1][0]", "/ratings/1/0"), "a boolean as a code")
add(S, "fleiss_measurements.json", json.dumps({"op": "fleiss_kappa", "ratings": [[i / 10 for i in range(1001)]] * 2}),
    err("out_of_range", "at most 1000", "/ratings"), "1001 distinct measurements as codes")
add(S, "alpha_no_level.json", '{"op":"krippendorff_alpha","data":[[1,2],[1,2]]}', err("invalid_input", "level"),
    "level omitted (no default)")
add(S, "alpha_strings_interval.json", '{"op":"krippendorff_alpha","data":[["a","b"],["a","c"]],"level":"interval"}',
    err("invalid_input", "nominal", "/level"), "strings on an interval scale")
add(S, "alpha_negative_ratio.json", '{"op":"krippendorff_alpha","data":[[1,2],[-1,2]],"level":"ratio"}',
    err("invalid_input", "data[1][0]", "/data/1/0"), "a negative value on a ratio scale")
add(S, "alpha_unpaired.json", '{"op":"krippendorff_alpha","data":[[1,null],[null,2]],"level":"nominal"}',
    err("insufficient_data", "pairable"), "no unit coded twice")

# issue 19: the qualitative strand (codebooks, coding files, texts, agreement, consensus)
CB = ('{"format":"assess-coding-codebook/1","id":"cb","version":1,"languages":["en"],"themes":['
      '{"id":"a","name":{"en":"A"},"definition":{"en":"A"}},{"id":"b","parent":"a","name":{"en":"B"},'
      '"definition":{"en":"B"}}]}')
H1, H2 = "1" * 64, "2" * 64
CA = '{"format":"assess-coding/1","coder":"A","codebook":{"id":"cb","version":1},"texts":[{"hash":"%s","themes":["a"]}]}' % H1
add(S, "coding_nested_parent.json",
    '{"op":"validate_coding","document":' + CB.replace('"id":"a","name"', '"id":"a","parent":"b","name"') + '}',
    err("invalid_input", "at most two levels", "/document/themes/0/parent"), "a theme of a theme of a theme")
add(S, "coding_old_codebook_name.json",
    '{"op":"validate_coding","document":{"format":"assess-codebook/1","id":"cb","version":1}}',
    err("invalid_input", "assess-coding-codebook/1", "/document/format"),
    "the data set's codebook format is not a themes codebook")
add(S, "coding_hash_not_hex.json", '{"op":"validate_coding","document":' + CA.replace(H1, "Z" * 64) + '}',
    err("invalid_input", "hexadecimal", "/document/texts/0/hash"), "a text hash that is not hex")
add(S, "coding_one_coder.json", '{"op":"coding_agreement","codebook":' + CB + ',"coders":[' + CA + ']}',
    err("insufficient_data", "at least 2", "/coders"), "agreement of one coder")
add(S, "coding_coders_text.json", '{"op":"coding_agreement","codebook":' + CB + ',"coders":["{not json",' + CA + ']}',
    err("parse_error", None, "/coders/0"), "a coding file given as text that is not JSON")
add(S, "coding_resolution_unknown.json",
    '{"op":"coding_consensus","codebook":' + CB + ',"coders":[' + CA + '],"resolutions":[{"hash":"%s","theme":"a","present":true}]}' % H2,
    err("invalid_input", "no coder coded", "/resolutions/0/hash"), "a resolution of a text nobody coded")
add(S, "texts_nothing.json", '{"op":"texts"}', err("invalid_input", "no texts were given"), "texts without a source")
add(S, "texts_csv_no_columns.json", '{"op":"texts","csv":[{"name":"t.csv","text":"code,text\\nAB12,x\\n"}]}',
    err("invalid_input", "code_column"), "a CSV of texts without its column names")

# issue 16, second step: omega and cfa (rows = respondents)
add(S, "omega_two_items.json", '{"op":"omega","items":[[1,2],[2,3],[3,3],[4,5]]}',
    err("insufficient_data", "at least 3 items", "/items"), "omega of a two-item subscale")
add(S, "omega_n_le_k.json", '{"op":"omega","items":[[1,2,3],[2,3,4],[3,3,5]]}',
    err("insufficient_data", "more respondents than items", "/items"), "as many respondents as items")
add(S, "omega_constant.json", '{"op":"omega","items":[[1,2,3],[2,3,3],[3,3,3],[4,5,3],[2,2,3]]}',
    err("insufficient_data", "column 2", "/items"), "an item everybody answered alike")
add(S, "cfa_no_factors.json", '{"op":"cfa","items":[[1,2,3],[2,3,4]]}', err("invalid_input", "factors"),
    "factors omitted")
add(S, "cfa_factors_object.json", '{"op":"cfa","items":[[1,2,3],[2,3,4]],"factors":{"a":[0,1,2]}}',
    err("invalid_input", "factors", "/factors"), "factors as an object of lists")
add(S, "cfa_item_name.json", '{"op":"cfa","items":[[1,2,3],[2,3,4]],"factors":[{"id":"a","items":["ET1",1,2]}]}',
    err("invalid_input", "column index", "/factors/0/items/0"), "an item named instead of indexed")
add(S, "cfa_column_twice.json",
    '{"op":"cfa","items":[[1,2,3,4],[2,3,4,5]],"factors":[{"id":"a","items":[0,1]},{"id":"b","items":[1,2]}]}',
    err("invalid_input", "column 1", "/factors/1/items/0"), "an item in two factors")
add(S, "cfa_column_range.json", '{"op":"cfa","items":[[1,2,3],[2,3,4]],"factors":[{"id":"a","items":[0,1,12]}]}',
    err("out_of_range", "column 12", "/factors/0/items/2"), "a 1-based column index")
add(S, "cfa_one_item_factor.json",
    '{"op":"cfa","items":[[1,2,3,4],[2,3,4,5]],"factors":[{"id":"a","items":[0,1,2]},{"id":"b","items":[3]}]}',
    err("insufficient_data", "factors[1]", "/factors/1/items"), "a factor of one item")
add(S, "cfa_max_iterations.json", '{"op":"cfa","items":[[1,2,3],[2,3,4]],"factors":[{"id":"a","items":[0,1,2]}],'
    '"max_iterations":0}', err("invalid_input", "max_iterations", "/max_iterations"), "an iteration limit of 0")

# ------------------------------------------------------ validate_instrument
V = "validate_instrument"
ins_text = json.dumps(INS, ensure_ascii=False)
small = {"format": "assess-instrument/1", "id": "mini", "version": 1, "title": {"en": "Mini"}, "languages": ["en"],
         "response_scale": {"min": 1, "max": 5}, "items": [{"id": "A1", "text": {"en": "a"}},
                                                            {"id": "A2", "text": {"en": "b"}}],
         "total": {"min_answered": 1}}


def mini(**changes):
    d = json.loads(json.dumps(small))
    d.update(changes)
    return json.dumps(d, ensure_ascii=False)


add(V, "empty.json", b"", err("parse_error"), "an empty file")
add(V, "truncated.json", ins_text.encode("utf-8")[:3000], err("parse_error"), "competency-12 cut at 3000 bytes")
add(V, "utf16le.json", b"\xff\xfe" + ins_text.encode("utf-16-le"), err("parse_error"), "saved as UTF-16")
ru_ins = dict(small, title={"ru": "Опросник"}, languages=["ru"],
              items=[{"id": "A1", "text": {"ru": "Вопрос"}}])
add(V, "cp1251.json", json.dumps(ru_ins, ensure_ascii=False).encode("cp1251"), err("parse_error"),
    "Russian texts in Windows-1251")
add(V, "duplicate_key.json", mini().replace('{"id": "A1", ', '{"id": "A1", "id": "A9", '),
    err("invalid_input", '"id" appears twice', "/instrument/items/0/id"), "an item with two ids")
add(V, "duplicate_item_ids.json", mini(items=[{"id": "A1", "text": {"en": "a"}}, {"id": "A1", "text": {"en": "b"}}]),
    err("invalid_input", None, "/instrument/items/1/id"), "two items with one id")
add(V, "scale_nan_string.json", mini(response_scale={"min": 1, "max": "NaN"}), err("invalid_input", None,
    "/instrument/response_scale/max"), "NaN as the scale maximum")
add(V, "scale_huge.json", mini(response_scale={"min": 1, "max": 1e12}), err("invalid_input", None,
    "/instrument/response_scale/max"), "a scale of a trillion points")
add(V, "scale_reversed.json", mini(response_scale={"min": 5, "max": 1}), err("invalid_input"), "min above max")
add(V, "negative_version.json", mini(version=-1), err("invalid_input", None, "/instrument/version"), "version -1")
add(V, "huge_version.json", mini(version=1e300), err("invalid_input", None, "/instrument/version"), "version 1e300")
add(V, "array.json", "[]", err("invalid_input"), "an array, not a document")
add(V, "empty_object.json", "{}", err("invalid_input", "format"), "an empty object")
add(V, "min_answered_negative.json", mini(total={"min_answered": -3}), err("invalid_input", None,
    "/instrument/total/min_answered"), "a negative count")
add(V, "too_many_items.json", mini(items=[{"id": "Q%d" % i, "text": {"en": "q"}} for i in range(1001)]),
    err("invalid_input", "at most 1000", "/instrument/items"), "1001 items")
add(V, "formula_texts.json", mini(title={"en": FORMULA}, items=[{"id": "A1", "text": {"en": "@SUM(1+1)"}},
                                                                 {"id": "A2", "text": {"en": "<script>x</script>"}}]),
    {"ok": True, "warnings": []}, "formulas and markup in texts are only text")
add(V, "deep", {"prefix": '{"format":"assess-instrument/1","x-deep":', "unit": "[", "count": 300, "suffix": ""},
    err("parse_error", "levels deep"), "300 levels inside a document")

# ------------------------------------------------------- import_responses
R = "import_responses"
ok_rows = "\n".join([HEAD] + rows(GOOD, [4] * 12)) + "\n"
add(R, "empty.csv", b"", {"problems": ["empty_file"], "records": 0}, "an empty file")
add(R, "bom_only.csv", b"\xef\xbb\xbf", {"problems": ["empty_file"], "records": 0}, "only a byte-order mark")
add(R, "header_only.csv", HEAD + "\r\n", {"problems": ["header_only"], "records": 0}, "a header without rows (warning)")
add(R, "crlf_bom_semicolon.csv", b"\xef\xbb\xbf" + ok_rows.replace(",", ";").replace("\n", "\r\n").encode(),
    {"problems": [], "records": 2}, "Excel's CSV UTF-8 with ';' and CRLF is fine")
add(R, "utf16le_bom.csv", b"\xff\xfe" + ok_rows.encode("utf-16-le"), {"problems": ["encoding"], "records": 0,
    "message": "UTF-16"}, "Excel's 'Unicode text'")
add(R, "utf16le_nobom.csv", ok_rows.encode("utf-16-le"), {"problems": ["encoding"], "records": 0, "message": "UTF-16"},
    "UTF-16 without BOM")
add(R, "utf16be.csv", b"\xfe\xff" + ok_rows.encode("utf-16-be"), {"problems": ["encoding"], "records": 0},
    "UTF-16BE")
cyr = "\n".join([HEAD + ",school"] + [r + ",Школа №1" for r in rows(GOOD, [2] * 12)]) + "\n"
add(R, "cp1251.csv", cyr.encode("cp1251"), {"problems": ["encoding"], "records": 0, "message": "Windows-1251"},
    "a Cyrillic Excel export")
add(R, "cp866.csv", cyr.encode("cp866"), {"problems": ["encoding"], "records": 0}, "an old DOS export")
add(R, "xlsx_renamed.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + junk[:500], {"problems": ["encoding"], "records": 0},
    "an .xlsx renamed to .csv")
add(R, "binary_junk.csv", junk, {"problems": ["encoding"], "records": 0}, "random bytes")
add(R, "nul_bytes.csv", ok_rows.encode().replace(b"AB02", b"AB\x0002"), {"problems": ["encoding"], "records": 0},
    "a NUL byte in a cell")
add(R, "ragged.csv", "\n".join([HEAD] + rows(GOOD, [4] * 11, [5] * 13, GOOD, start=1)) + "\n",
    {"problems": ["ragged_row"], "records": 2}, "one row short, one row long")
add(R, "unterminated_quote.csv", ok_rows + 'AB09,"teacher-mediator,pre,en,' + ",".join(["3"] * 12) + "\n",
    {"problems": ["csv_syntax"], "records": 0}, "a quote that never closes")
add(R, "text_after_quote.csv", ok_rows + 'AB09,"teacher"x,pre,en,' + ",".join(["3"] * 12) + "\n",
    {"problems": ["csv_syntax"], "records": 0}, "text after a closing quote")
formula_rows = [HEAD + ",note"] + [r + "," + n for r, n in zip(rows(GOOD, GOOD, GOOD, GOOD, GOOD),
                                                               ['"' + FORMULA.replace('"', '""') + '"', "+SUM(1;2)",
                                                                "-2+3", "@SUM(A1:A2)", '"\tTAB"'])]
add(R, "formula_cells.csv", "\n".join(formula_rows) + "\n", {"problems": [], "records": 5},
    "formulas in a text column are kept as text (exports neutralise them)")
add(R, "formula_code.csv", HEAD + "\n" + FORMULA.replace(",", "") + ",teacher-mediator,pre,en," + ",".join(["3"] * 12)
    + "\n", {"problems": [], "records": 1},
    "a formula as the code is normalised to its letters and digits (CMDCCALCA0): nothing executable is kept")
add(R, "nan_answers.csv", "\n".join([HEAD] + rows(["NaN"] + [3] * 11, ["Infinity"] + [3] * 11, ["-inf"] + [3] * 11,
                                                  GOOD)) + "\n",
    {"problems": ["not_a_number"], "records": 1}, "NaN and Infinity spelled out")
add(R, "negative_huge.csv", "\n".join([HEAD] + rows([-1] + [3] * 11, ["1e308"] + [3] * 11,
                                                    ["99999999999999999999"] + [3] * 11, GOOD)) + "\n",
    {"problems": ["out_of_scale"], "records": 1}, "negative and huge answers")
add(R, "decimal_comma.csv", "\n".join([HEAD.replace(",", ";")] + [r.replace(",", ";") for r in rows(GOOD)] +
                                      ["AB05;teacher-mediator;pre;en;3,5;" + ";".join(["3"] * 11)]) + "\n",
    {"problems": ["not_a_number"], "records": 1, "message": "point"}, "a decimal comma")
add(R, "duplicate_column.csv", HEAD + ",ET1\n" + "AB01,teacher-mediator,pre,en," + ",".join(["3"] * 13) + "\n",
    {"problems": ["duplicate_column"], "records": 0}, "ET1 twice")
add(R, "missing_code.csv", HEAD.replace("code,", "name,") + "\n" + "Ann,teacher-mediator,pre,en," + ",".join(["3"] * 12)
    + "\n", {"problems": ["missing_column"], "records": 0}, "no code column (a name instead)")
add(R, "duplicate_records.csv", "\n".join([HEAD] + rows(GOOD, GOOD, start=1) + rows(GOOD, start=1)) + "\n",
    {"problems": ["duplicate_identical"], "records": 2}, "a code twice in one wave, the same answers: counted once")
add(R, "conflicting_records.csv", "\n".join([HEAD] + rows(GOOD, GOOD, start=1) + rows([4] + GOOD[1:], start=1)) + "\n",
    {"problems": ["duplicate_record"], "records": 1}, "a code twice in one wave, other answers: both left out")
add(R, "line_10mb.csv", {"prefix": HEAD + ",note\nAB01,teacher-mediator,pre,en," + ",".join(["3"] * 12) + ",",
                         "unit": "x", "count": 10485760, "suffix": "\n"},
    {"problems": [], "records": 1}, "a 10 MB cell in a text column")
add(R, "header_10mb.csv", {"prefix": "", "unit": "code", "count": 2621440, "suffix": ""},
    {"problems": ["missing_column"], "records": 0}, "10 MB without a line break")
resp = {"format": "assess-response/1", "instrument": {"id": INS["id"], "version": INS["version"]}, "code": "AB12",
        "programme": "teacher-mediator", "wave": "pre", "lang": "en", "answers": {i: 3 for i in ITEMS}}
resp_text = json.dumps(resp, ensure_ascii=False)
add(R, "truncated.json", resp_text[:120], {"problems": ["json_syntax"], "records": 0}, "a response file cut off")
add(R, "deep.json", {"prefix": '{"format":"assess-response/1","x":', "unit": "[", "count": 10000, "suffix": ""},
    {"problems": ["json_syntax"], "records": 0, "message": "64 levels"}, "10 000 nested arrays")
add(R, "duplicate_answer.json", resp_text.replace('"ET1": 3', '"ET1": 1, "ET1": 5'),
    {"problems": ["duplicate_key"], "records": 0, "message": '"ET1" appears twice'}, "an item answered twice")
add(R, "duplicate_code_key.json", resp_text.replace('"code": "AB12"', '"code": "AB12", "code": "ZZ99"'),
    {"problems": ["duplicate_key"], "records": 0}, "two codes in one response")
add(R, "nan_string.json", resp_text.replace('"ET1": 3', '"ET1": "NaN"'), {"problems": ["not_a_number"], "records": 0},
    "NaN as a string answer")
add(R, "bool_answer.json", resp_text.replace('"ET1": 3', '"ET1": true'), {"problems": ["not_a_number"], "records": 0},
    "true as an answer")
add(R, "huge_number.json", resp_text.replace('"ET1": 3', '"ET1": 1e999'), {"problems": ["json_syntax"], "records": 0},
    "1e999 as an answer")
add(R, "negative_answer.json", resp_text.replace('"ET1": 3', '"ET1": -5'), {"problems": ["out_of_scale"], "records": 0},
    "a negative answer")
add(R, "fractional_answer.json", resp_text.replace('"ET1": 3', '"ET1": 2.5'), {"problems": ["not_integer"],
    "records": 0}, "2.5 on a whole-number scale")
add(R, "utf16.json", b"\xff\xfe" + resp_text.encode("utf-16-le"), {"problems": ["encoding"], "records": 0},
    "a response file saved as UTF-16")
add(R, "array_top.json", "[1,2,3]", {"problems": ["wrong_format"], "records": 0}, "an array of numbers")
add(R, "ratings_as_responses.json", json.dumps({"format": "assess-ratings/1", "rubric": {"id": RUB["id"], "version": 1},
                                                 "expert": "E1", "ratings": []}),
    {"problems": ["wrong_format"], "records": 0}, "a ratings file given to the response import")
add(R, "formula_extra.json", json.dumps(dict(resp, note=FORMULA), ensure_ascii=False), {"problems": [], "records": 1},
    "a formula in an extra field is kept as text")

# ------------------------------------- import_responses: every item type
BG_PATH, SAT_PATH, EMP_PATH = "rubrics/background.v1.json", "rubrics/satisfaction.v1.json", "rubrics/employer-feedback.v1.json"
BG = json.load(open(os.path.join(ROOT, BG_PATH), encoding="utf-8"))
BG_ITEMS = {i["id"]: i for i in BG["items"]}
BHEAD = "code,programme,wave,lang,age,gender,degree,experience,mobility,GPA"


def label(item, option, lang):
    return next(o for o in BG_ITEMS[item]["options"] if o["id"] == option)["label"][lang]


def brow(n, cells):
    return f"AB{n:02d},teacher-mediator,pre,ru," + ",".join(f'"{c}"' if "," in str(c) else str(c) for c in cells)


add(R, "types_good.csv", "\n".join([
    BHEAD,
    brow(1, ["a25_34", "female", "master", 12, "yes", 3.4]),
    brow(2, [label("age", "a35_44", "ru"), label("gender", "male", "kk"), label("degree", "bachelor", "ru"), 0,
             label("mobility", "no", "kk"), ""]),
    brow(3, [label("age", "under25", "en").upper(), "", "", "", " " + label("mobility", "yes", "ru").lower() + " ", 4]),
]) + "\n", {"problems": [], "records": 3}, "choice answers by id or by a label in any language and case",
    instrument=BG_PATH)
add(R, "types_unknown_option.csv", "\n".join([BHEAD, brow(1, ["a99", "", "", "", "", ""]),
                                              brow(2, ["a25_34", "", "", "", "", ""])]) + "\n",
    {"problems": ["unknown_option"], "records": 1, "message": "is not an option of age"},
    "a choice answer that is no option's id or label", instrument=BG_PATH)
add(R, "types_number_range.csv", "\n".join([BHEAD, brow(1, ["", "", "", "", "", 4.5]), brow(2, ["", "", "", 2.5, "", ""]),
                                            brow(3, ["", "", "", "", "", "3,5"]), brow(4, ["", "", "", "", "", "abc"])])
    + "\n", {"problems": ["out_of_scale", "not_integer", "not_a_number"], "records": 0,
             "message": "outside its range"}, "numbers outside their range, not whole, with a decimal comma, not numbers",
    instrument=BG_PATH)
bresp = {"code": "AB01", "programme": "teacher-mediator", "wave": "pre"}
add(R, "types_wrong_json_types.json", json.dumps({
    "format": "assess-responses/2", "instrument": {"id": BG["id"], "version": BG["version"]},
    "responses": [dict(bresp, answers={"age": 3}), dict(bresp, code="AB02", answers={"GPA": "3.4"}),
                  dict(bresp, code="AB03", answers={"mobility": ["yes"]})]}, ensure_ascii=False),
    {"problems": ["invalid_field"], "records": 0, "message": "takes one option id"},
    "JSON answers of the wrong type for choice and number items", instrument=BG_PATH)
add(R, "types_reserved_field.json", json.dumps(dict(bresp, format="assess-response/2", consent=True,
                                                    instrument={"id": BG["id"], "version": BG["version"]},
                                                    answers={"age": "a25_34"})),
    {"problems": ["reserved_field"], "records": 0}, "a field reserved for a later format version", instrument=BG_PATH)
add(R, "types_text_too_long.csv", "\n".join(["code,programme,wave,SAT,change",
                                             "AB01,teacher-mediator,post,4," + "ы" * 2001,
                                             f'AB02,teacher-mediator,post,5,"{FORMULA}"']) + "\n",
    {"problems": ["text_too_long"], "records": 1, "message": "2001 characters"},
    "an open answer longer than max_length (in characters, not bytes); a formula is kept as text", instrument=SAT_PATH)
add(R, "types_employer_without_study.json", json.dumps({
    "format": "assess-response/2", "instrument": {"id": "employer-feedback", "version": 1}, "respondent": "employer",
    "employer": "EMP01", "programme": "teacher-mediator", "wave": "post", "answers": {"EF1": 4, "hire": "yes"}}),
    {"problems": ["respondent_mismatch"], "records": 0}, "an employer's response without the study that says who answers",
    instrument=EMP_PATH)

# --------------------------------------------------------- import_ratings
G = "import_ratings"
rrow = lambda e, o, s, c="": f"{e},{o}," + ",".join(str(x) for x in s) + "," + c
add(G, "negative_score.csv", "\n".join([RHEAD, rrow("E1", "teacher-mediator", [-3] + [3] * 5),
                                        rrow("E1", "teacher-facilitator", [3] * 6)]) + "\n",
    {"problems": ["out_of_scale"], "records": 1}, "a negative score")
add(G, "huge_score.csv", "\n".join([RHEAD, rrow("E1", "teacher-mediator", ["1e308"] + [3] * 5)]) + "\n",
    {"problems": ["out_of_scale"], "records": 0}, "a score of 1e308")
add(G, "formula_comment.csv", "\n".join([RHEAD, rrow("E1", "teacher-mediator", [4] * 6,
                                                     '"=HYPERLINK(""http://x"",""click"")"'),
                                         rrow("E2", "teacher-mediator", [2] * 6, "-1+1")]) + "\n",
    {"problems": [], "records": 2}, "formulas in comments are kept as text")
add(G, "cp1251.csv", ("\n".join([RHEAD, rrow("E1", "teacher-mediator", [4] * 6, "Хорошо")]) + "\n").encode("cp1251"),
    {"problems": ["encoding"], "records": 0, "message": "Windows-1251"}, "a Cyrillic Excel export")
add(G, "ragged.csv", "\n".join([RHEAD, "E1,teacher-mediator,4,4", rrow("E2", "teacher-mediator", [2] * 6)]) + "\n",
    {"problems": ["ragged_row"], "records": 1}, "a short row")
rat = {"format": "assess-ratings/1", "rubric": {"id": RUB["id"], "version": RUB["version"]}, "expert": "E7",
       "ratings": [{"object": "teacher-mediator", "scores": {c: 4 for c in CRITERIA}}]}
rat_text = json.dumps(rat)
add(G, "duplicate_score.json", rat_text.replace('"stackability": 4', '"stackability": 4, "stackability": 1'),
    {"problems": ["duplicate_key"], "records": 0}, "a criterion scored twice")
add(G, "duplicate_expert_key.json", rat_text.replace('"expert": "E7"', '"expert": "E7", "expert": "E8"'),
    {"problems": ["duplicate_key"], "records": 0}, "two experts in one file")
add(G, "empty.json", b"", {"problems": ["empty_file"], "records": 0}, "an empty ratings file")

# ------------------------------------------------- analyze_study with ratings
# The expert panel of the study report: ratings need the rubric the study
# names, in that version; their errors point into ratings. The study is the
# first demo's (assess-study/1, rubric expert-panel v1); the files are never
# read, the arguments fail first.
STUDY1 = json.load(open(os.path.join(ROOT, "rubrics", "study.microcredentials.v1.json"), encoding="utf-8"))


def study_request(**more):
    req = {"op": "analyze_study", "study": STUDY1, "instruments": [INS],
           "files": [{"name": "responses.csv", "text": HEAD + "\n"}]}
    req.update(more)
    return json.dumps(req, ensure_ascii=False, separators=(",", ":"))


ratings_files = [{"name": "ratings.csv", "text": RHEAD + "\n"}]
mini_rubric = {"format": "assess-rubric/1", "id": RUB["id"], "version": 2, "title": {"en": "Panel"},
               "languages": ["en"], "rating_scale": {"min": 1, "max": 2},
               "criteria": [{"id": "c1", "title": {"en": "Criterion"},
                             "levels": [{"score": 1, "descriptor": {"en": "weak"}},
                                        {"score": 2, "descriptor": {"en": "strong"}}]}]}
add(S, "study_ratings_without_rubric.json", study_request(ratings=ratings_files),
    err("invalid_input", "need the rubric the study microcredentials names, expert-panel v1", "/rubric"),
    "the experts' ratings in a study report without the rubric")
add(S, "study_rubric_other_version.json", study_request(ratings=ratings_files, rubric=mini_rubric),
    err("invalid_input", "uses the rubric expert-panel v1, but rubric is expert-panel v2", "/rubric"),
    "a later version of the study's rubric")
add(S, "study_ratings_not_array.json", study_request(ratings={"name": "ratings.csv"}),
    err("invalid_input", "ratings must be an array of rating files", "/ratings"),
    "one rating file given as an object, not in a list")


if __name__ == "__main__":
    manifest = {
        "description": __doc__.strip().split("\n\n")[0],
        "format": "see tests/bad_inputs/make_bad_inputs.py",
        "instrument": "rubrics/competency-12.v1.json",
        "rubric": "rubrics/expert-panel.v1.json",
        "cases": cases,
    }
    names = [c["feed"] + "/" + c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique per feed"
    with open(os.path.join(HERE, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(cases)} cases, {sum('file' in c for c in cases)} files")
