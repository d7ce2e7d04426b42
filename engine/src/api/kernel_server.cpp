// The server half of the kernels' channel (kernel_wire.hpp): the
// measurement engine runs the kernel a request names. In a translation unit
// of its own so that the analysis engine, which links only the client, never
// pulls the kernels in.
#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/kernel_codec.hpp"
#include "api/kernel_wire.hpp"

namespace assess::api::wire {
namespace {

template <class T>
Json reply(const Outcome<T>& r) {
  codec::Out o;
  if (!r.ok()) {
    codec::put(o, r.fault());
    return Json{{"fault", o.take()}};
  }
  codec::put(o, r.value());
  return Json{{"value", o.take()}};
}

Json run(const Json& q) {
  const std::string kernel = q.at("kernel").get<std::string>();
  if (kernel == "cfa") {
    const auto factors = q.at("factors").get<std::vector<std::vector<std::size_t>>>();
    return reply(reliability::cfa(codec::to_matrix(q.at("items")), factors, codec::to_options(q.at("options"))));
  }
  if (kernel == "omega") {
    const auto r = reliability::omega(codec::to_matrix(q.at("items")), codec::to_options(q.at("options")));
    if (!r.ok()) return reply(Outcome<reliability::CfaFit>(r.fault()));
    codec::Out o;
    o.put(r.value().omega_total);
    codec::put(o, r.value().model);
    return Json{{"value", o.take()}};
  }
  if (kernel == "icc") {
    return reply(agreement::icc(codec::to_matrix(q.at("ratings")), q.at("conf_level").get<double>()));
  }
  if (kernel == "krippendorff_alpha") {
    const int level = q.at("level").get<int>();
    if (level < 0 || level > static_cast<int>(agreement::AlphaLevel::ratio)) {
      throw std::runtime_error("no alpha level " + std::to_string(level));
    }
    return reply(
        agreement::krippendorff_alpha(codec::to_matrix(q.at("data")), static_cast<agreement::AlphaLevel>(level)));
  }
  if (kernel == "cohen_kappa") {
    const int weights = q.at("weights").get<int>();
    if (weights < 0 || weights > static_cast<int>(agreement::KappaWeights::quadratic)) {
      throw std::runtime_error("no kappa weights " + std::to_string(weights));
    }
    return reply(agreement::cohen_kappa(q.at("x").get<std::vector<int>>(), q.at("y").get<std::vector<int>>(),
                                        q.at("q").get<std::size_t>(), static_cast<agreement::KappaWeights>(weights),
                                        q.at("conf_level").get<double>()));
  }
  if (kernel == "ncp_for_cdf") {
    const std::vector<double> a = codec::to_nums(q.at("args"));
    if (a.size() != 3) throw std::runtime_error("ncp_for_cdf takes 3 numbers");
    codec::Out o;
    o.put(distributions::ncp_for_cdf(a[0], a[1], a[2]));
    return Json{{"value", o.take()}};
  }
  throw std::runtime_error("no kernel " + kernel);
}

}  // namespace

std::string serve(const std::string& request) {
  try {
    return run(Json::parse(request)).dump();
  } catch (const std::bad_alloc&) {
    return R"({"error": "out of memory", "out_of_memory": true})";
  } catch (const std::exception& e) {
    return Json{{"error", e.what()}}.dump();
  }
}

}  // namespace assess::api::wire
