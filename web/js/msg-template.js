// The templates of the page catalogues of engine messages (syntax in
// messages.js): parsed once into nodes, strings and placeholders
// {name, table, format, forms: [{key, nodes}]}. No DOM: the catalogue test
// (tests/docs/messages.test.mjs) reads templates with it too.

// A template -> a list of nodes: strings and {name, table, format, forms}
// with forms [{key, nodes}].
const parsed = new Map();

export function parse(tpl) {
  if (parsed.has(tpl)) return parsed.get(tpl);
  const [nodes] = parseNodes(tpl, 0, false);
  parsed.set(tpl, nodes);
  return nodes;
}

// Nodes from `i` up to the end, or (inForm) up to an unmatched '|' or '}'.
function parseNodes(s, i, inForm) {
  const nodes = [];
  let text = '';
  while (i < s.length) {
    const c = s[i];
    if ((c === '{' || c === '}') && s[i + 1] === c) {
      text += c;
      i += 2;
      continue;
    }
    if (inForm && (c === '|' || c === '}')) break;
    if (c === '{') {
      if (text) nodes.push(text);
      text = '';
      const [node, next] = parsePlaceholder(s, i + 1);
      nodes.push(node);
      i = next;
      continue;
    }
    text += c;
    i += 1;
  }
  if (text) nodes.push(text);
  return [nodes, i];
}

function parsePlaceholder(s, i) {
  const head = /^([A-Za-z_][A-Za-z0-9_]*)(?:@([A-Za-z_][A-Za-z0-9_]*)|#([a-z]+))?/.exec(s.slice(i));
  if (!head) throw new Error(`bad placeholder at ${i} in ${s}`);
  const node = { name: head[1], table: head[2] ?? null, format: head[3] ?? null, forms: null };
  i += head[0].length;
  if (s[i] === '|') {
    node.forms = [];
    while (s[i] === '|') {
      const colon = s.indexOf(':', i);
      if (colon < 0) throw new Error(`form without ':' in ${s}`);
      const key = s.slice(i + 1, colon);
      const [nodes, next] = parseNodes(s, colon + 1, true);
      node.forms.push({ key, nodes });
      i = next;
    }
  }
  if (s[i] !== '}') throw new Error(`unclosed placeholder in ${s}`);
  return [node, i + 1];
}

// The parameter names a template uses (for the catalogue test).
export function templateParams(tpl) {
  const names = new Set();
  const walk = (nodes) => {
    for (const n of nodes) {
      if (typeof n === 'string') continue;
      names.add(n.name);
      for (const f of n.forms ?? []) walk(f.nodes);
    }
  };
  walk(parse(tpl));
  return names;
}

// The catalogue part of an id, by its prefix; the rest (the statistics ops,
// the request and argument readers) is "api".
const PARTS = [
  ['code.', 'student'], ['score.', 'student'],
  ['import.', 'import'], ['link.', 'import'], ['dataset.', 'import'],
  ['analysis.', 'analysis'], ['prepost.', 'analysis'], ['panel.', 'analysis'], ['report.', 'analysis'],
  ['document.', 'document'], ['instrument.', 'document'], ['rubric.', 'document'], ['study.', 'document'],
];
export const PART_NAMES = ['common', 'student', 'import', 'analysis', 'document', 'api'];

export function partOf(id) {
  for (const [prefix, part] of PARTS) if (id.startsWith(prefix)) return part;
  return 'api';
}
