// Local storage of drafts and finished responses, all under the prefix
// "assess." so that "erase all local data" finds every key. Nothing here ever
// leaves the device; values are JSON. A full or blocked storage never breaks
// the page: writes report failure instead of throwing.
const PREFIX = 'assess.';

function ls() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export const storage = {
  get(key, fallback = null) {
    const s = ls();
    if (!s) return fallback;
    try {
      const raw = s.getItem(PREFIX + key);
      return raw == null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  },
  // true when stored
  set(key, value) {
    const s = ls();
    if (!s) return false;
    try {
      s.setItem(PREFIX + key, JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  },
  remove(key) {
    const s = ls();
    try {
      if (s) s.removeItem(PREFIX + key);
    } catch {
      // blocked storage: nothing to remove
    }
  },
  // Whether a write goes through now (false when localStorage throws on
  // access, as in some privacy modes and sandboxed frames, or is full).
  usable() {
    const s = ls();
    if (!s) return false;
    try {
      s.setItem(`${PREFIX}probe`, '1');
      s.removeItem(`${PREFIX}probe`);
      return true;
    } catch {
      return false;
    }
  },
  // Every key of this site except the ones listed (the language choice is a
  // preference, not data).
  eraseAll(keep = ['lang']) {
    const s = ls();
    if (!s) return 0;
    try {
      const doomed = [];
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i);
        if (k && k.startsWith(PREFIX) && !keep.includes(k.slice(PREFIX.length))) doomed.push(k);
      }
      for (const k of doomed) s.removeItem(k);
      return doomed.length;
    } catch {
      return 0;
    }
  },
  keys() {
    const s = ls();
    const out = [];
    if (!s) return out;
    try {
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i);
        if (k && k.startsWith(PREFIX)) out.push(k.slice(PREFIX.length));
      }
    } catch {
      // blocked storage: no keys
    }
    return out;
  },
};
