#!/usr/bin/env python3
"""Development helper: merge a JSON file of new translations into
web/i18n/<lang>.json and rewrite every language file in the key order of
en.json. Usage: scripts/dev/i18n-merge.py <lang> <new.json>"""
import json, sys, pathlib
d = pathlib.Path(__file__).resolve().parents[2] / 'web' / 'i18n'
lang, new = sys.argv[1], json.load(open(sys.argv[2], encoding='utf-8'))
en = json.load(open(d / 'en.json', encoding='utf-8'))
cur = json.load(open(d / f'{lang}.json', encoding='utf-8')) if (d / f'{lang}.json').exists() else {}
cur.update(new)
out = {k: cur[k] for k in en if k in cur}
out.update({k: v for k, v in cur.items() if k not in out})
(d / f'{lang}.json').write_text(json.dumps(out, ensure_ascii=False, indent=2) + '\n', encoding='utf-8')
print(lang, len(out), 'keys;', 'missing:', [k for k in en if k not in out])
