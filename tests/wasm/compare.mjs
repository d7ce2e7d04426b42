// JSON-tree comparison with the API contract's tolerances; the twin of
// tests/native/support/json_compare.cpp. Returns a list of mismatches naming the
// JSON pointer, expected, actual and relative error.
export function tolerance(spec = {}) {
  return {
    statRel: spec.stat_rel ?? 1e-9,
    pRel: spec.p_rel ?? 1e-7,
    abs: spec.abs ?? 1e-12,
    fields: spec.fields ?? {},
  };
}

export function isPOrLimit(key) {
  return key === 'p' || key === 'adjusted' || key.startsWith('p_') ||
    ['_p', 'ci_low', 'ci_high', '_low', '_high'].some((s) => key.endsWith(s));
}

function lastKey(pointer) {
  const segs = pointer.split('/');
  for (let i = segs.length - 1; i >= 0; i--) if (!/^\d+$/.test(segs[i])) return segs[i];
  return '';
}

export function compareJson(e, a, tol, ptr = '') {
  const out = [];
  const where = ptr || '/';
  const show = (v) => JSON.stringify(v)?.slice(0, 200);
  if (typeof e === 'number') {
    if (typeof a !== 'number') return [`${where}: expected ${e}, got ${show(a)}`];
    const key = lastKey(ptr);
    let rel = isPOrLimit(key) ? tol.pRel : tol.statRel;
    if (key in tol.fields) rel = tol.fields[key];
    const diff = Math.abs(a - e);
    if (!(diff <= rel * Math.abs(e) || diff <= tol.abs)) {
      out.push(`${where}: expected ${e}, got ${a} (relative error ${(e ? diff / Math.abs(e) : diff).toPrecision(3)}, allowed ${rel})`);
    }
    return out;
  }
  if (e !== null && typeof e === 'object' && !Array.isArray(e)) {
    if (a === null || typeof a !== 'object' || Array.isArray(a)) return [`${where}: expected an object, got ${show(a)}`];
    for (const [k, v] of Object.entries(e)) {
      if (!(k in a)) out.push(`${ptr}/${k}: missing (expected ${show(v)})`);
      else out.push(...compareJson(v, a[k], tol, `${ptr}/${k}`));
    }
    return out;
  }
  if (Array.isArray(e)) {
    if (!Array.isArray(a) || a.length !== e.length) return [`${where}: expected an array of ${e.length}, got ${show(a)}`];
    e.forEach((v, i) => out.push(...compareJson(v, a[i], tol, `${ptr}/${i}`)));
    return out;
  }
  if (e !== a) out.push(`${where}: expected ${show(e)}, got ${show(a)}`);
  return out;
}
