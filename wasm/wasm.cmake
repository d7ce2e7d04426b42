# The Emscripten half of the build (included from the top-level
# CMakeLists.txt under emcmake): three engine builds from one source,
#   build/site/engine/assess.{js,wasm}          every op (the API contract's door)
#   build/site/engine/assess-analysis.{js,wasm} the ops of the analysis page,
#     without the Markdown/CSV renderings (see below)
#   build/site/engine/assess-collect.{js,wasm}  the ops of the pages that
#     collect answers (questionnaire, rubric: documents, scores, codes, seal,
#     safe CSV; api/registry.cpp under ASSESS_OPS_COLLECT), a third of the size
# plus the static site from web/ (bundled), rubrics/ and the demo data.
set(ASSESS_SITE_DIR "${ASSESS_OUT_DIR}/site")

# Traps of Debian's emscripten 3.1.6 (docs/architecture.md, "Toolchain traps"): exceptions
# must be on at compile *and* link time, and Embind must not use new Function
# (blocked by the pages' Content-Security-Policy).
# Optimisation and exception flags are cache variables so that variants can
# be measured side by side (bench/perf_notes.md has the table). Measured
# 2026-11-24 (emscripten 3.1.6, Node 20, analyze_prepost of the 100k-respondent
# CSV given by putFile, CPU ms best of 3; assess.wasm raw / gzip -9):
#   -Os -fexceptions (JS EH, before)   915 KB / 282 KB   4785 ms
#   -O2 -fwasm-exceptions             1109 KB / 379 KB    804 ms
#   -Os -fwasm-exceptions              637 KB / 254 KB   2148 ms
#   -Oz -fwasm-exceptions              624 KB / 247 KB   2234 ms   <- chosen
#   -Oz, 13 hot sources at -O2         792 KB / 306 KB   1307 ms
# Only -Oz with wasm exceptions meets the 250 KB budget; it is 2.1x faster
# than before. -O2 would be another 2.8x but is 130 KB gzip over.
# Issue 14 (2026-12-05): -flto added. Link-time optimisation lets the linker
# drop and merge code across sources (the message catalogue's users, the
# document validator's many small checks); measured on the same sources:
#   small engine   -Oz 165.5 KB gzip   -Oz -flto 154.2 KB
# (the analysis engine and the speed: README, Performance).
set(ASSESS_WASM_OPT "-Oz;-flto" CACHE STRING "Optimisation level of the wasm build")
set(ASSESS_WASM_EH "-fwasm-exceptions" CACHE STRING "C++ exceptions in wasm: -fexceptions (JS) or -fwasm-exceptions")
set(ASSESS_WASM_LINK_EXTRA "" CACHE STRING "More link options of the wasm build (;-separated)")
set(ASSESS_WASM_LINK_OPT "" CACHE STRING "Optimisation level of the wasm link (binaryen); empty: as ASSESS_WASM_OPT")
if(NOT ASSESS_WASM_LINK_OPT)
  set(ASSESS_WASM_LINK_OPT "${ASSESS_WASM_OPT}")
endif()
# One optimisation level for the whole engine. A per-source level for the
# hot loops (the row above, -Oz with 13 sources at -O2) was measured and not
# kept: it is 59 KB gzip more for 1.7x, and its list of files drifted with
# every rename. bench/perf_notes.md has the figures.
target_compile_options(assess_engine PRIVATE ${ASSESS_WASM_EH} ${ASSESS_WASM_OPT})

set(ASSESS_WASM_LINK_OPTIONS
  ${ASSESS_WASM_EH}
  ${ASSESS_WASM_LINK_OPT}
  ${ASSESS_WASM_LINK_EXTRA}
  --bind
  -sMODULARIZE=1
  -sEXPORT_NAME=createAssessEngine
  -sALLOW_MEMORY_GROWTH=1
  -sDYNAMIC_EXECUTION=0
  -sENVIRONMENT=web,worker,node
  -sFILESYSTEM=0
  -sINITIAL_MEMORY=16777216)

# An engine: SOURCES (wasm/bindings.cpp, and a page's own registry.o,
# ops_*.o and message_catalogue.o, linked instead of the library's) against
# the library, compiled with DEFINES, written to SITE/engine/<output>.js and
# .wasm; LINK: options after the common ones (a later -s setting wins).
function(assess_engine target output)
  cmake_parse_arguments(E "" "" "SOURCES;DEFINES;LINK" ${ARGN})
  add_executable(${target} ${E_SOURCES})
  if(E_DEFINES)
    target_compile_definitions(${target} PRIVATE ${E_DEFINES})
  endif()
  target_include_directories(${target} PRIVATE "${CMAKE_SOURCE_DIR}/engine/src")
  target_link_libraries(${target} PRIVATE assess_engine)
  target_compile_options(${target} PRIVATE ${ASSESS_WASM_EH} ${ASSESS_WASM_OPT})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${output}
    SUFFIX ".js"
    RUNTIME_OUTPUT_DIRECTORY "${ASSESS_SITE_DIR}/engine")
  target_link_options(${target} PRIVATE ${ASSESS_WASM_LINK_OPTIONS} ${E_LINK})
endfunction()

assess_engine(assess_wasm assess SOURCES wasm/bindings.cpp)

# The small engine's allocator: emmalloc, smaller than the default dlmalloc
# and fast enough for its few small requests (a form's documents, one
# response); the analysis engine keeps dlmalloc for its large imports.
set(ASSESS_WASM_COLLECT_MALLOC "-sMALLOC=emmalloc" CACHE STRING "Allocator of the small engine (empty: the default)")
# The small engine: the same library and bindings, with its own table of ops.
# Its registry.o defines find_op and op_names, so the library's registry.o is
# never pulled in, and with it nothing that only the other ops reach (the
# importer, linking, tests, analyses, distributions); likewise its
# message_catalogue.o holds only the messages those ops can say.
# Loaded by a page's Web Worker and by the Node tests (tests/wasm/collect.test.mjs,
# which hands it the bytes); its loader accepts only what those two pass.
assess_engine(assess_wasm_collect assess-collect
  SOURCES wasm/bindings.cpp engine/src/api/registry.cpp engine/src/core/message_catalogue.cpp
  DEFINES ASSESS_OPS_COLLECT
  LINK ${ASSESS_WASM_COLLECT_MALLOC} -sENVIRONMENT=worker,node "-sBINARYEN_EXTRA_PASSES=--converge"
       "-sINCOMING_MODULE_JS_API=['locateFile','wasmBinary']")

# The analysis page's engine: the same library and bindings with the ops
# that page calls (documents, scores, codes, the import, linking, the
# analyses, the data set, the study report, seal and safe CSV; registry.cpp
# under ASSESS_OPS_ANALYSIS) and without the Markdown and CSV renderings of
# the reports (ops_analysis.cpp and ops_study.cpp under ASSESS_NO_RENDERINGS:
# the page writes its own HTML, Word and CSV from the JSON; nor the SPSS
# .sav of the data set, ops_dataset.cpp under the same define: 11 KB gzip
# the page is not yet given room for), with its own
# message catalogue (no messages of the ops it lacks). Its own registry.o,
# ops_*.o and message_catalogue.o are linked instead of the library's, as
# with the small engine. engine/assess.js stays the engine of every op (the API
# contract's door, the CLI's twin); no page loads it.
# The kernels of the measurement issue (the factor models with Eigen, ICC,
# Krippendorff's alpha, Cohen's kappa) are not linked into it: the page is at
# its size budget. wasm/kernel_bridge.cpp defines them by calling the
# measurement engine below through the kernels' channel
# (engine/src/api/kernel_wire.hpp), which the page's Web Worker loads beside
# it (docs/web.md, "Two engines on the analysis page").
# It also takes Unicode normalisation from the browser
# (wasm/unicode_browser.cpp, String.prototype.normalize) instead of the
# engine's tables (engine/src/core/unicode.cpp).
# Only the page's Web Worker loads it; binaryen runs its passes to a fixed point.
# Its loader accepts only what engine-worker.js passes (locateFile).
assess_engine(assess_wasm_analysis assess-analysis
  SOURCES wasm/bindings.cpp wasm/kernel_bridge.cpp wasm/unicode_browser.cpp engine/src/api/registry.cpp
          engine/src/api/ops_analysis.cpp engine/src/api/ops_study.cpp
          engine/src/api/ops_dataset.cpp engine/src/core/message_catalogue.cpp
  DEFINES ASSESS_OPS_ANALYSIS ASSESS_NO_RENDERINGS
  LINK -sENVIRONMENT=worker "-sBINARYEN_EXTRA_PASSES=--converge" "-sINCOMING_MODULE_JS_API=['locateFile']")

# The coding page's engine (issue 19, web/coding.html): the qualitative
# strand's ops (validate_coding, texts, coding_agreement, coding_consensus,
# theme_analysis) with seal, verify and csv_safe (registry.cpp under
# ASSESS_OPS_CODING) and its own message catalogue (without the analyses').
# The agreement kernels are linked in (no channel to the measurement
# engine); Unicode normalisation comes from the engine's own tables, so that
# a text's hash is the command line's byte for byte. Loaded by the coding
# page's Web Worker only.
# Its loader, like the small engine's, accepts only what the worker and the
# Node tests pass; no columns door (wasm/bindings.cpp).
assess_engine(assess_wasm_coding assess-coding
  SOURCES wasm/bindings.cpp engine/src/api/registry.cpp engine/src/core/message_catalogue.cpp
  DEFINES ASSESS_OPS_CODING
  LINK -sENVIRONMENT=worker,node "-sBINARYEN_EXTRA_PASSES=--converge" "-sINCOMING_MODULE_JS_API=['locateFile','wasmBinary']")

# The measurement engine: the kernels of the factor models and of agreement
# behind one door, callKernel, the server of the kernels' channel
# (wasm/kernel_serve.cpp), which the analysis engine calls for those
# kernels. No op table, no messages: the analysis engine words the outcome.
# Loaded by the analysis page's Web Worker only, beside the analysis engine.
assess_engine(assess_wasm_measure assess-measure
  SOURCES wasm/kernel_serve.cpp
  LINK -sENVIRONMENT=worker,node -sEXPORT_NAME=createAssessMeasure "-sBINARYEN_EXTRA_PASSES=--converge")

# The static site: web/ (its JavaScript bundled by esbuild), plus instruments, demo data and the
# service-worker manifest (scripts/site.cmake). Runs on every build; it is
# quick and a stale site is worse than a second of copying.
add_custom_target(site ALL
  COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -DSITE=${ASSESS_SITE_DIR}
          -P "${CMAKE_SOURCE_DIR}/scripts/site.cmake"
  COMMENT "Assembling the static site in ${ASSESS_SITE_DIR}"
  VERBATIM)
add_dependencies(site assess_wasm assess_wasm_collect assess_wasm_analysis assess_wasm_measure assess_wasm_coding)
