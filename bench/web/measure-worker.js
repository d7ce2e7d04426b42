// The benchmark's Web Worker (classic, served at /__bench/measure-worker.js):
// loads the engine of every op (/engine/assess.js) and the measurement
// engine (/engine/assess-measure.js) as the analysis page's worker loads its
// engines (importScripts), then, on one message {opText, kernelText, runs,
// budget}, times the same fit through both doors in this one thread: the
// op through call(text), the kernel through callKernel(text). Posts back the
// milliseconds of every run and the last answers.
importScripts('/engine/assess.js', '/engine/assess-measure.js');
const locateFile = (file) => `/engine/${file}`;
const ready = Promise.all([createAssessEngine({ locateFile }), createAssessMeasure({ locateFile })]);

const timed = (runs, budget, fn) => {
  const ms = [];
  let last = '';
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    last = fn();
    ms.push(performance.now() - t0);
    if (ms.reduce((a, b) => a + b, 0) >= budget) break;
  }
  return { ms, last };
};

self.onmessage = async ({ data }) => {
  try {
    const [engine, measure] = await ready;
    const budget = data.budget ?? Infinity;
    const op = timed(data.runs, budget, () => engine.call(data.opText));
    const kernel = timed(data.runs, budget, () => measure.callKernel(data.kernelText));
    self.postMessage({ ok: true, op_ms: op.ms, kernel_ms: kernel.ms, op_response: op.last, kernel_reply: kernel.last });
  } catch (e) {
    self.postMessage({ ok: false, error: String(e?.message ?? e) });
  }
};
