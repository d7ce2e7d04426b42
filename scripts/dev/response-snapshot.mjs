#!/usr/bin/env node
// Records the engine's answer to every request the repository holds, so that
// a refactoring can prove it changed no response byte:
//   node scripts/dev/response-snapshot.mjs OUT_DIR
//   (change the code, rebuild)
//   node scripts/dev/response-snapshot.mjs OUT_DIR2 && diff -r OUT_DIR OUT_DIR2
// Requests: every case of fixtures/reference/*.json, every case of the
// bad-input corpus (tests/bad_inputs/manifest.json, fed as the wasm tests
// feed it), and the demo analyses through the CLI in json, md and csv. Each
// request is answered by the wasm module (build/site/engine) and by the
// native CLI (build/assess stat); both answers are written.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/dev/response-snapshot.mjs OUT_DIR');
  process.exit(64);
}
mkdirSync(out, { recursive: true });

const require = createRequire(import.meta.url);
const engineDir = path.join(root, 'build/site/engine');
const engine = await require(path.join(engineDir, 'assess.js'))({
  wasmBinary: readFileSync(path.join(engineDir, 'assess.wasm')),
});
const cli = path.join(root, 'build/assess');
const utf8 = new TextEncoder();

function native(bytes) {
  try {
    return execFileSync(cli, ['stat', '-'], { input: bytes, cwd: root, maxBuffer: 1 << 30 }).toString('utf8');
  } catch (e) {
    return `exit ${e.status}\n${e.stdout?.toString('utf8') ?? ''}`;
  }
}

const lines = { wasm: [], native: [] };
function record(id, bytes, wasmAnswer) {
  lines.wasm.push(`${id}\t${wasmAnswer}`);
  lines.native.push(`${id}\t${native(bytes).trimEnd()}`);
}

// 1. reference cases
const refDir = path.join(root, 'fixtures/reference');
for (const f of readdirSync(refDir).filter((n) => n.endsWith('.json')).sort()) {
  const doc = JSON.parse(readFileSync(path.join(refDir, f), 'utf8'));
  (doc.cases ?? []).forEach((c, i) => {
    if (!c.request) return;
    const text = JSON.stringify(c.request);
    record(`${f}#${i}`, text, engine.call(text));
  });
}

// 2. bad inputs
const badDir = path.join(root, 'tests/bad_inputs');
const manifest = JSON.parse(readFileSync(path.join(badDir, 'manifest.json'), 'utf8'));
const instrument = JSON.parse(readFileSync(path.join(root, manifest.instrument), 'utf8'));
const rubric = JSON.parse(readFileSync(path.join(root, manifest.rubric), 'utf8'));
const concat = (...parts) => Buffer.concat(parts.map((p) => Buffer.from(p)));
for (const c of manifest.cases) {
  const bytes = c.file
    ? readFileSync(path.join(badDir, c.file))
    : utf8.encode(c.generate.prefix + c.generate.unit.repeat(c.generate.count) + c.generate.suffix);
  const id = `bad:${c.feed}/${c.name}`;
  if (c.feed === 'stat') {
    record(id, bytes, engine.call(new Uint8Array(bytes)));
  } else if (c.feed === 'validate_instrument') {
    const req = concat(utf8.encode('{"op":"validate_instrument","instrument":'), bytes, utf8.encode('}'));
    record(id, req, engine.call(new Uint8Array(req)));
  } else {
    // imports: the file's bytes travel as putFile in wasm; natively as text
    // inside the request when they are UTF-8, so the CLI answer is recorded
    // only for the wasm door here.
    engine.putFile(c.name, new Uint8Array(bytes));
    const req = { op: c.feed, files: [{ name: c.name }], include_records: false };
    if (c.feed === 'import_responses') req.instrument = instrument;
    else req.rubric = rubric;
    const text = JSON.stringify(req);
    lines.wasm.push(`${id}\t${engine.call(text)}`);
    engine.dropFile(c.name);
  }
}

writeFileSync(path.join(out, 'wasm.txt'), lines.wasm.join('\n') + '\n');
writeFileSync(path.join(out, 'native.txt'), lines.native.join('\n') + '\n');

// 3. demo analyses through the CLI
const demo = [
  ['analyze', '--instrument', 'rubrics/competency-12.v1.json', '--study', 'rubrics/study.microcredentials.v1.json',
    '--responses', 'fixtures/demo/responses.csv',
    ...readdirSync(path.join(root, 'fixtures/demo/responses')).sort().map((n) => `fixtures/demo/responses/${n}`),
    '--links', 'fixtures/demo/links.json'],
  ['agreement', '--rubric', 'rubrics/expert-panel.v1.json', '--study', 'rubrics/study.microcredentials.v1.json',
    '--ratings', 'fixtures/demo/ratings.csv',
    ...readdirSync(path.join(root, 'fixtures/demo/ratings')).sort().map((n) => `fixtures/demo/ratings/${n}`)],
];
for (const args of demo) {
  for (const format of ['json', 'md', 'csv']) {
    let text;
    try {
      text = execFileSync(cli, [...args, '--format', format], { cwd: root, maxBuffer: 1 << 30 }).toString('utf8');
    } catch (e) {
      text = `exit ${e.status}\n${e.stdout?.toString('utf8') ?? ''}${e.stderr?.toString('utf8') ?? ''}`;
    }
    writeFileSync(path.join(out, `cli-${args[0]}.${format}`), text);
  }
}
console.log(`${lines.wasm.length} wasm answers, ${lines.native.length} native answers, 6 CLI reports in ${out}`);
