// The codecs of the kernels' channel (kernel_wire.hpp). A request is a JSON
// object (the kernel's name and its arguments); a reply is {"value": [...]}
// or {"fault": [...]}: one flat array of numbers that the other side reads
// back in the same order (17 significant digits, NaN as null, Fault::kNone
// as -1), which keeps the reader small in the analysis engine. Throws
// std::runtime_error (or nlohmann's exceptions) on a malformed message.
#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/kernel_wire.hpp"
#include "assess/core/json.hpp"

namespace assess::api::wire::codec {

Json num(double x);
std::vector<double> to_nums(const Json& j);
Json matrix(const std::vector<std::vector<double>>& m);
std::vector<std::vector<double>> to_matrix(const Json& j);
Json options(const reliability::CfaOptions& o);
reliability::CfaOptions to_options(const Json& j);

// Writes the numbers of a reply.
class Out {
 public:
  void put(double x) { a_.push_back(num(x)); }
  void size(std::size_t n) { put(n == Fault::kNone ? -1.0 : static_cast<double>(n)); }
  void sizes(const std::vector<std::size_t>& v);
  void doubles(const std::vector<double>& v);
  Json take() { return std::move(a_); }

 private:
  Json a_ = Json::array();
};

// Reads them back; throws when the reply ends early or a count is not one.
class In {
 public:
  explicit In(const Json& j) : v_(to_nums(j)) {}
  double get();
  std::size_t size();
  long whole() { return static_cast<long>(size()); }
  std::vector<std::size_t> sizes();
  std::vector<double> doubles();
  bool done() const { return i_ == v_.size(); }

 private:
  std::vector<double> v_;
  std::size_t i_ = 0;
};

void put(Out& o, const Fault& f);
Fault get_fault(In& in);
void put(Out& o, const reliability::CfaFit& r);
reliability::CfaFit get_cfa_fit(In& in);
void put(Out& o, const agreement::Icc& r);
agreement::Icc get_icc(In& in);
void put(Out& o, const agreement::KrippendorffAlpha& r);
agreement::KrippendorffAlpha get_kripp(In& in);
void put(Out& o, const agreement::CohenKappa& r);
agreement::CohenKappa get_kappa(In& in);

}  // namespace assess::api::wire::codec
