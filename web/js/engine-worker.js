// The one Web Worker that owns the wasm engine. A classic worker, because the
// engine is an Emscripten MODULARIZE build meant for importScripts().
//
// Messages in:  {id, type: 'call',  request}            one request (or an array)
//               {id, type: 'batch', requests, labels}    several, one by one,
//                                                        with progress after each
//               {id, type: 'columns', request, columns}  one request whose
//                 numeric arguments come as {name: Float64Array} (callColumns:
//                 one bulk copy into the wasm heap, no JSON text for them)
//               {id, type: 'files', files: [{name, bytes | blob}]}  replaces the
//                 engine's file store: the bytes (a Uint8Array, or read here from
//                 a Blob, so that a large file never occupies the page's thread)
//                 go into the wasm heap once, and requests name them as {"name"}
//                 (the architecture's "bulk data as bytes")
// Messages out: {id, type: 'progress', done, total, label}
//               {id, type: 'reply', response}            the engine's envelope(s)
//               {id, type: 'failure', code, message}     the engine could not run
// Requests and replies are plain objects; JSON text crosses into the wasm
// heap only here.
// Which engine: engine/assess.js (every op), engine/assess-analysis.js (the
// analysis page) when the worker's address ends in ?engine=analysis, or
// engine/assess-collect.js (the pages that collect answers) with
// ?engine=collect, or engine/assess-coding.js (the coding page) with
// ?engine=coding (engine-client.js, workerUrl).
'use strict';

// The analysis engine has no kernels of the factor models and of agreement
// (its size budget): it calls them through globalThis.assessKernelCall,
// which is the measurement engine (engine/assess-measure.js, loaded here
// beside it, in parallel) answering one request of the kernels' channel
// (wasm/kernel_bridge.cpp, docs/web.md, "Two engines on the analysis page").
const build = new URL(self.location.href).searchParams.get('engine');
const scripts = [['collect', 'analysis', 'coding'].includes(build) ? `../engine/assess-${build}.js` : '../engine/assess.js'];
if (build === 'analysis') scripts.push('../engine/assess-measure.js');
importScripts(...scripts);

const locateFile = (file) => new URL(`../engine/${file}`, self.location.href).href;
const measured = build === 'analysis' ? createAssessMeasure({ locateFile }) : null;
const ready = Promise.all([createAssessEngine({ locateFile }), measured]).then(([engine, measure]) => {
  if (measure) {
    // A JavaScript exception must not unwind through the analysis engine's
    // frames (its C++ would skip its destructors): the channel's failures
    // come back as its own error reply, which the engine turns into an
    // error envelope.
    globalThis.assessKernelCall = (text) => {
      try {
        return measure.callKernel(text);
      } catch (err) {
        return JSON.stringify({ error: `the measurement engine failed: ${String(err && err.message || err)}` });
      }
    };
  }
  self.postMessage({ type: 'ready', version: engine.version() });
  return engine;
});

// const, not a function declaration: a top-level function in a classic
// worker would become a property of the global scope, which it shares with
// the Emscripten script.
const run = (engine, request) => {
  const text = engine.call(JSON.stringify(request));
  return JSON.parse(text);
};

self.onmessage = async (event) => {
  const msg = event.data || {};
  const { id } = msg;
  let engine;
  try {
    engine = await ready;
  } catch (err) {
    self.postMessage({ id, type: 'failure', code: 'engine_unavailable', message: String(err && err.message || err) });
    return;
  }
  try {
    if (msg.type === 'call') {
      self.postMessage({ id, type: 'reply', response: run(engine, msg.request) });
    } else if (msg.type === 'columns') {
      const text = engine.callColumns(JSON.stringify(msg.request), msg.columns || {});
      self.postMessage({ id, type: 'reply', response: JSON.parse(text) });
    } else if (msg.type === 'files') {
      engine.clearFiles();
      let bytes = 0;
      for (const f of msg.files || []) {
        const data = f.blob ? new Uint8Array(await f.blob.arrayBuffer()) : f.bytes;
        bytes += engine.putFile(f.name, data);
      }
      self.postMessage({ id, type: 'reply', response: { ok: true, op: 'files', result: { files: (msg.files || []).length, bytes } } });
    } else if (msg.type === 'batch') {
      const requests = msg.requests || [];
      const labels = msg.labels || [];
      const responses = [];
      for (let i = 0; i < requests.length; i++) {
        self.postMessage({ id, type: 'progress', done: i, total: requests.length, label: labels[i] ?? null });
        const response = run(engine, requests[i]);
        responses.push(response);
        if (msg.stopOnError && response && response.ok === false) break;
      }
      self.postMessage({ id, type: 'progress', done: requests.length, total: requests.length, label: null });
      self.postMessage({ id, type: 'reply', response: responses });
    } else {
      self.postMessage({ id, type: 'failure', code: 'invalid_input', message: `unknown message type ${msg.type}` });
    }
  } catch (err) {
    // The engine itself never throws; this is a JSON or memory failure here.
    self.postMessage({ id, type: 'failure', code: 'internal_error', message: String(err && err.message || err) });
  }
};
