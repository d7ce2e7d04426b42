// The analysis page's engine calls the measurement kernels (factor models,
// ICC, Krippendorff's alpha, Cohen's kappa, the noncentral t's inversion)
// through the kernels' channel
// (engine/src/api/kernel_wire.hpp): this file defines those kernel functions
// for that engine only (wasm/wasm.cmake), so that the linker takes them from
// here and leaves the real kernels (and Eigen) out. Its Web Worker loads the
// measurement engine (engine/assess-measure.js) beside it and sets
// globalThis.assessKernelCall(text) -> text to that engine's callKernel.
#include <limits>
#include <stdexcept>
#include <string>

#include <emscripten/val.h>

#include "api/kernel_wire.hpp"

namespace {

std::string send(const std::string& request) {
  const emscripten::val f = emscripten::val::global("assessKernelCall");
  if (f.isUndefined() || f.isNull()) {
    throw std::runtime_error("the measurement engine (engine/assess-measure.js) is not loaded");
  }
  return f(request).as<std::string>();
}

}  // namespace

namespace assess::reliability {

Outcome<CfaFit> cfa(const std::vector<std::vector<double>>& items, const std::vector<std::vector<std::size_t>>& factors,
                    const CfaOptions& options) {
  return api::wire::cfa(send, items, factors, options);
}

Outcome<OmegaFit> omega(const std::vector<std::vector<double>>& items, const CfaOptions& options) {
  return api::wire::omega(send, items, options);
}

}  // namespace assess::reliability

namespace assess::distributions {

// noexcept, as the kernel: a channel that cannot answer leaves the limit
// NaN (null) rather than ending the engine; the factor models' kernels,
// which throw, have then already said why in an error envelope.
double ncp_for_cdf(double df, double t, double p) noexcept {
  try {
    return api::wire::ncp_for_cdf(send, df, t, p);
  } catch (...) {
    return std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace assess::distributions

namespace assess::agreement {

Outcome<Icc> icc(const std::vector<std::vector<double>>& ratings, double conf_level) {
  return api::wire::icc(send, ratings, conf_level);
}

Outcome<KrippendorffAlpha> krippendorff_alpha(const std::vector<std::vector<double>>& data, AlphaLevel level) {
  return api::wire::krippendorff_alpha(send, data, level);
}

Outcome<CohenKappa> cohen_kappa(const std::vector<int>& x, const std::vector<int>& y, std::size_t q,
                                KappaWeights weights, double conf_level) {
  return api::wire::cohen_kappa(send, x, y, q, weights, conf_level);
}

}  // namespace assess::agreement
