// The codecs of the kernels' channel (kernel_wire.hpp): arguments and
// outcomes as JSON, numbers exact (17 significant digits), NaN as null.
// Throws nlohmann's exceptions or std::runtime_error on a malformed message.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>
#include "api/kernel_wire.hpp"

#include "assess/core/json.hpp"

namespace assess::api::wire::codec {

Json num(double x);
double to_num(const Json& j);
Json nums(const std::vector<double>& x);
std::vector<double> to_nums(const Json& j);
Json matrix(const std::vector<std::vector<double>>& m);
std::vector<std::vector<double>> to_matrix(const Json& j);
Json fault(const Fault& f);  // {"fault": {...}}
Fault to_fault(const Json& j);
Json options(const reliability::CfaOptions& o);
reliability::CfaOptions to_options(const Json& j);
Json cfa_fit(const reliability::CfaFit& r);
reliability::CfaFit to_cfa_fit(const Json& j);
Json icc_value(const agreement::Icc& r);
agreement::Icc to_icc(const Json& j);
Json kripp_value(const agreement::KrippendorffAlpha& r);
agreement::KrippendorffAlpha to_kripp(const Json& j);
Json kappa_value(const agreement::CohenKappa& r);
agreement::CohenKappa to_kappa(const Json& j);

}  // namespace assess::api::wire::codec
