// Student's t quantile for the 95% intervals of the pre and post means drawn
// in the charts (mean +- t(.975, n - 1) SD / sqrt(n)); the engine's results
// carry the tests' own intervals. Regularised incomplete beta by Lentz's
// continued fraction, log-gamma by Lanczos (g = 7, n = 9), quantile by
// bisection to full double precision. Accurate to about 1e-12 relative,
// far below the two decimals shown.

const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

export function lgamma(x) {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function betacf(a, b, x) {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

// I_x(a, b)
export function ibeta(x, a, b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lbt) * betacf(a, b, x)) / a;
  return 1 - (Math.exp(lbt) * betacf(b, a, 1 - x)) / b;
}

// P(T > t) for t >= 0
function upperTail(t, df) {
  return 0.5 * ibeta(df / (df + t * t), df / 2, 0.5);
}

// The t with P(T <= t) = p, for p in (0.5, 1).
export function tQuantile(p, df) {
  if (!(df > 0) || !(p > 0.5 && p < 1)) return NaN;
  const target = 1 - p;
  let lo = 0;
  let hi = 1;
  while (upperTail(hi, df) > target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (upperTail(mid, df) > target) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

// 95% interval of a mean from its SD and n; nulls when n < 2.
export function meanCi(mean, sd, n, level = 0.95) {
  if (!Number.isFinite(mean) || !Number.isFinite(sd) || !(n >= 2)) return { lo: null, hi: null };
  const h = (tQuantile(0.5 + level / 2, n - 1) * sd) / Math.sqrt(n);
  return { lo: mean - h, hi: mean + h };
}
