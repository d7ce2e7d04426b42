// The catalogue of messages, one file of entries per area
// (core/messages/*.inc), each line {"id", "English template"}. Kept apart so
// that areas add their messages without touching each other's lines, and in
// a translation unit of its own so that the small engine of the pages that
// collect answers (wasm/wasm.cmake, ASSESS_OPS_COLLECT) links only the areas
// its ops say: the requests and arguments, documents, codes and scores. The
// analysis page's engine (ASSESS_OPS_ANALYSIS) leaves out the messages of
// the standalone statistics ops it does not have (stats.inc); the coding
// page's engine (ASSESS_OPS_CODING) those of the analyses (analysis.inc).
#include "assess/core/message.hpp"

namespace assess::detail {
namespace {

const CatalogueEntry kCatalogue[] = {
#if !defined(ASSESS_OPS_COLLECT) && !defined(ASSESS_OPS_CODING)
#include "core/messages/analysis.inc"
#endif
#include "core/messages/api.inc"
#ifndef ASSESS_OPS_COLLECT
#include "core/messages/data.inc"
#endif
#include "core/messages/instrument.inc"
#if !defined(ASSESS_OPS_COLLECT) && !defined(ASSESS_OPS_ANALYSIS)
#include "core/messages/coding.inc"
#include "core/messages/stats.inc"
#endif
};

}  // namespace

const CatalogueEntry* catalogue_entries(std::size_t* count) noexcept {
  if (count) *count = sizeof(kCatalogue) / sizeof(kCatalogue[0]);
  return kCatalogue;
}

}  // namespace assess::detail
