// The benchmark's server: build/site exactly as scripts/serve.mjs serves it
// (same MIME types and CSP), plus a bench-only path /__bench/ for the bench
// page, its module, jStat (node_modules/jstat/dist/jstat.min.js) and the
// generated data. Nothing of this is copied into build/site.
// Cross-origin isolation headers (COOP/COEP) let the page call
// performance.measureUserAgentSpecificMemory(); every resource is same-origin.
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP } from '../scripts/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.csv': 'text/csv; charset=utf-8', '.webmanifest': 'application/manifest+json',
};

export function startBenchServer({ site = path.join(root, 'build/site'), data = path.join(root, 'build/bench/data') } = {}) {
  const bench = {
    'bench.html': path.join(here, 'web/bench.html'),
    'bench.js': path.join(here, 'web/bench.js'),
    'requests.mjs': path.join(here, 'requests.mjs'),
    'measure-worker.js': path.join(here, 'web/measure-worker.js'),
    'jstat.min.js': path.join(root, 'node_modules/jstat/dist/jstat.min.js'),
  };
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file;
    if (rel.startsWith('/__bench/data/')) {
      const name = path.basename(rel);
      file = path.join(data, name);
    } else if (rel.startsWith('/__bench/')) {
      file = bench[rel.slice('/__bench/'.length)];
    } else {
      file = path.join(site, path.normalize(rel));
      if (!file.startsWith(site)) file = null;
    }
    let st;
    try {
      st = statSync(file);
      if (st.isDirectory()) { file = path.join(file, 'index.html'); st = statSync(file); }
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Content-Security-Policy': CSP,
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
