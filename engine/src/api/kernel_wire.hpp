// The kernels of a second engine, called through a text channel: the
// analysis page's engine is at its size budget (400 KB gzip), so the kernels
// of the measurement issue (the factor models with Eigen, ICC, Krippendorff's
// alpha, Cohen's kappa, and the noncentral t's inversion behind the
// intervals of d) live in a small engine of their own
// (engine/assess-measure.js) that the page's Web Worker loads beside it. The
// analysis engine links wasm/kernel_bridge.cpp, which defines those kernel
// functions by sending their arguments here (`request_*`, the client) to the
// measurement engine, whose serve() runs the real kernel and sends back the
// Outcome, every field and every note. Numbers cross as JSON numbers with
// 17 significant digits (NaN as null), so a bridged result is bit for bit
// the direct one (tests/native/api/kernel_wire_test.cpp checks every field;
// docs/web.md, "Two engines on the analysis page").
//
// The channel is private to the engines of one build: no contract, no
// messages (a fault travels as its numbers; the caller words it as usual).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "assess/agreement/cohen_kappa.hpp"
#include "assess/agreement/icc.hpp"
#include "assess/agreement/krippendorff_alpha.hpp"
#include "assess/core/fault.hpp"
#include "assess/distributions/distributions.hpp"
#include "assess/reliability/cfa.hpp"

namespace assess::api::wire {

// Sends one request and returns the reply; throws std::runtime_error when
// there is no one to answer (the measurement engine is not loaded).
using Transport = std::string (*)(const std::string& request);

// The client: the kernels' signatures with the channel in front.
Outcome<reliability::CfaFit> cfa(Transport send, const std::vector<std::vector<double>>& items,
                                 const std::vector<std::vector<std::size_t>>& factors,
                                 const reliability::CfaOptions& options);
Outcome<reliability::OmegaFit> omega(Transport send, const std::vector<std::vector<double>>& items,
                                     const reliability::CfaOptions& options);
Outcome<agreement::Icc> icc(Transport send, const std::vector<std::vector<double>>& ratings, double conf_level);
Outcome<agreement::KrippendorffAlpha> krippendorff_alpha(Transport send, const std::vector<std::vector<double>>& data,
                                                         agreement::AlphaLevel level);
Outcome<agreement::CohenKappa> cohen_kappa(Transport send, const std::vector<int>& x, const std::vector<int>& y,
                                           std::size_t q, agreement::KappaWeights weights, double conf_level);

double ncp_for_cdf(Transport send, double df, double t, double p);

// The server (kernel_server.cpp): runs the kernel a request names and
// returns its Outcome; a request it cannot read gets {"error": "..."}.
std::string serve(const std::string& request);

}  // namespace assess::api::wire
