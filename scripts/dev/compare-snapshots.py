#!/usr/bin/env python3
# Compares two snapshots of scripts/dev/response-snapshot.mjs:
#   python3 scripts/dev/compare-snapshots.py BEFORE AFTER [--keep-msg]
# Answers are compared as JSON values; the additive message fields (msg,
# warning_msgs) are ignored unless --keep-msg. The CLI's Markdown and CSV
# reports are compared byte for byte. Prints each difference and exits 1
# when there is one. (Reference cases of the first round's htest_a.json are
# matched to the per-op files that replaced it.)
import json, os, sys, re
args = [a for a in sys.argv[1:] if not a.startswith('--')]
if len(args) != 2:
    sys.exit('usage: compare-snapshots.py BEFORE AFTER [--keep-msg]')
B, A = args
IGNORED = () if '--keep-msg' in sys.argv else ('msg', 'warning_msgs')
order = ['paired_t', 'independent_t', 'pearson', 'chi_square', 'one_way_anova', 'p_adjust']
def load(path):
    d = {}; last = None
    for line in open(path, encoding='utf-8', errors='surrogateescape'):
        line = line.rstrip('\n')
        if '\t' in line and (line.startswith('bad:') or '.json#' in line.split('\t', 1)[0]):
            k, v = line.split('\t', 1); d[k] = v; last = k
        else:
            d[last] += '\n' + line
    return d
offs = {}; o = 0
for n in order:
    offs[n] = o; o += len(json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '../..', f'fixtures/reference/{n}.json')))['cases'])
def remap(k):
    f, _, i = k.partition('#'); stem = f[:-5]
    return f'htest_a.json#{offs[stem] + int(i)}' if stem in offs else k
def strip(v, stats):
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k in IGNORED:
                stats[k] = stats.get(k, 0) + 1
                continue
            out[k] = strip(x, stats)
        return out
    if isinstance(v, list): return [strip(x, stats) for x in v]
    return v
def norm(text, stats):
    m = re.match(r'^exit (\d+)\n', text)
    prefix = ''
    if m: prefix, text = m.group(0), text[m.end():]
    try:
        return prefix + json.dumps(strip(json.loads(text), stats), sort_keys=False, ensure_ascii=False)
    except Exception:
        return prefix + text
ok = True
for name in ['wasm.txt', 'native.txt']:
    stats = {}
    b = load(os.path.join(B, name)); a = {remap(k): v for k, v in load(os.path.join(A, name)).items()}
    diff = [k for k in b if k in a and norm(a[k], stats) != norm(b[k], {})]
    print(name, len(b), 'answers;', 'same requests' if b.keys() == a.keys() else 'REQUESTS DIFFER', '; differing:', len(diff), '; additive fields seen:', stats)
    for k in diff[:8]:
        print('  ', k, '\n     before:', norm(b[k], {})[:300], '\n     after: ', norm(a[k], {})[:300])
    ok &= b.keys() == a.keys() and not diff
for f in sorted(os.listdir(B)):
    if not f.startswith('cli-'): continue
    tb = open(os.path.join(B, f), encoding='utf-8').read(); ta = open(os.path.join(A, f), encoding='utf-8').read()
    if f.endswith('.json'):
        same = norm(tb, {}) == norm(ta, {})
    else:
        same = tb == ta
    print(f, 'identical' if same else 'DIFFERENT'); ok &= same
print(('ALL IDENTICAL' + (' (but for msg fields)' if IGNORED else '')) if ok else 'DIFFERENCES')
sys.exit(0 if ok else 1)
