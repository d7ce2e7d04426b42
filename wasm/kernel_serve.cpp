// The measurement engine (engine/assess-measure.js): the kernels of the
// factor models (with Eigen) and of agreement behind one door,
// callKernel(text) -> text, the server of the kernels' channel
// (engine/src/api/kernel_wire.hpp). The analysis page's Web Worker loads it
// beside the analysis engine and passes callKernel to that engine as
// globalThis.assessKernelCall (wasm/kernel_bridge.cpp, docs/web.md).
#include <string>

#include <emscripten/bind.h>

#include "api/kernel_wire.hpp"
#include "assess/api/api.hpp"

namespace {

std::string call_kernel(const std::string& request) { return assess::api::wire::serve(request); }
std::string version() { return assess::api::version(); }

}  // namespace

EMSCRIPTEN_BINDINGS(assess_kernels) {
  emscripten::function("callKernel", &call_kernel);
  emscripten::function("version", &version);
}
