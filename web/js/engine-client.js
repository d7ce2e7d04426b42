// Talks to the engine worker: requests and replies matched by id, engine
// errors (ok:false) turned into EngineError with the engine's code, message,
// message id and parameters (msg, which the pages say in their language,
// messages.js) and JSON pointer, progress reported through a callback. One worker per
// page, started on first use.
//
// Three builds of the engine (docs/web.md): 'full' (every op: the API
// contract's engine and the default), 'analysis' (the ops of the analysis
// page: validate_instrument, the import, linking, the analyses, the data
// set, the study report, seal, csv_safe; without the standalone statistics
// ops, the collecting pages' score/make_code/normalise_code/verify and the
// Markdown/CSV renderings) and 'collect' (the ops of the pages that collect answers:
// validate_instrument, score, make_code, normalise_code, seal, verify,
// csv_safe) and 'coding' (the coding page's: validate_coding, texts,
// coding_agreement, coding_consensus, theme_analysis, seal, verify,
// csv_safe); any other op answers unknown_op. A page says which it needs
// with useEngineBuild(build) before its first call.

export class EngineError extends Error {
  constructor(code, message, { op = null, path = null, msg = null } = {}) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.op = op;
    this.path = path;
    this.msg = msg;  // {id, params} of an engine error; null for the page's own failures
  }
}

// An envelope -> its result, or an EngineError.
export function unwrap(envelope) {
  if (envelope && envelope.ok === true) return envelope.result;
  const e = (envelope && envelope.error) || {};
  throw new EngineError(e.code || 'internal_error', e.message || 'The engine gave no answer.', {
    op: envelope && envelope.op, path: e.path ?? null, msg: e.msg ?? null,
  });
}

export const ENGINE_BUILDS = ['full', 'analysis', 'collect', 'coding'];
let defaultBuild = 'full';

// The build that engine() starts (for the page's shared client).
export function useEngineBuild(build) {
  if (!ENGINE_BUILDS.includes(build)) throw new Error(`unknown engine build ${build}`);
  defaultBuild = build;
}

// The worker's address for a build: the worker loads engine/assess.js, or
// engine/assess-<build>.js when asked with ?engine=<build>.
export function workerUrl(build = 'full') {
  const url = new URL('./engine-worker.js', import.meta.url);
  if (build !== 'full') url.searchParams.set('engine', build);
  return url;
}

export class EngineClient {
  constructor(url = workerUrl('full')) {
    this.url = url;
    this.worker = null;
    this.nextId = 1;
    this.pending = new Map();
    this.version = null;
  }

  start() {
    if (this.worker) return;
    this.worker = new Worker(this.url);
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      this.failAll('engine_unavailable', event.message || 'The engine could not be started.');
    };
  }

  receive(msg) {
    if (!msg) return;
    if (msg.type === 'ready') { this.version = msg.version; return; }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.({ done: msg.done, total: msg.total, label: msg.label });
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'reply') p.resolve(msg.response);
    else p.reject(new EngineError(msg.code || 'internal_error', msg.message || 'The engine failed.'));
  }

  failAll(code, message) {
    for (const p of this.pending.values()) p.reject(new EngineError(code, message));
    this.pending.clear();
    this.worker?.terminate();
    this.worker = null;
  }

  post(payload, onProgress, transfer = []) {
    this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...payload, id }, transfer);
    });
  }

  // The raw envelope (or array of envelopes) for a request.
  envelope(request) { return this.post({ type: 'call', request }); }

  // The result of one request; EngineError when the engine says ok:false.
  async call(request) { return unwrap(await this.envelope(request)); }

  // The result of one request whose numeric arguments are columns beside it:
  // callColumns({op: 'paired_t'}, {pre: Float64Array, post: Float64Array}).
  // With transfer: true the arrays' buffers move to the worker instead of
  // being copied (they are then empty here).
  async callColumns(request, columns, { transfer = false } = {}) {
    const buffers = transfer
      ? [...new Set(Object.values(columns).map((c) => (c?.data ?? c)?.buffer).filter((b) => b instanceof ArrayBuffer))]
      : [];
    return unwrap(await this.post({ type: 'columns', request, columns }, undefined, buffers));
  }

  // Several requests run one after the other inside the worker, with
  // onProgress({done, total, label}) between them. Returns the envelopes.
  batch(requests, { labels, onProgress, stopOnError = false } = {}) {
    return this.post({ type: 'batch', requests, labels, stopOnError }, onProgress);
  }

  // Hands files to the engine (replacing what it held before); requests
  // then give files as {name} without text. A file is {name, blob} (a Blob
  // or File: the worker reads it, so its bytes never pass through the page's
  // thread) or {name, bytes} (a Uint8Array, copied).
  async putFiles(files) {
    return unwrap(await this.post({
      type: 'files', files: files.map((f) => (f.blob ? { name: f.name, blob: f.blob } : { name: f.name, bytes: f.bytes })),
    }));
  }

  terminate() { this.failAll('cancelled', 'The engine was stopped.'); }
}

let shared;
export function engine() {
  shared ??= new EngineClient(workerUrl(defaultBuild));
  return shared;
}
