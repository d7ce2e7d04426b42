# The Emscripten half of the build (included from the top-level
# CMakeLists.txt under emcmake): build/site/engine/assess.{js,wasm} plus the
# static site copied from web/, rubrics/ and the demo data.
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
set(ASSESS_WASM_OPT "-Oz" CACHE STRING "Optimisation level of the wasm build")
set(ASSESS_WASM_EH "-fwasm-exceptions" CACHE STRING "C++ exceptions in wasm: -fexceptions (JS) or -fwasm-exceptions")
set(ASSESS_WASM_LINK_EXTRA "" CACHE STRING "More link options of the wasm build (;-separated)")
set(ASSESS_WASM_LINK_OPT "" CACHE STRING "Optimisation level of the wasm link (binaryen); empty: as ASSESS_WASM_OPT")
if(NOT ASSESS_WASM_LINK_OPT)
  set(ASSESS_WASM_LINK_OPT "${ASSESS_WASM_OPT}")
endif()
# The loops that touch every row of a million-row import (CSV, import,
# linking, scoring, the pre-post statistics) are compiled for speed, the rest
# (JSON, messages, the other ops) for size. The level is set per source:
# em++ lets -Os/-Oz win over any -O2 on the same command line.
set(ASSESS_WASM_HOT_OPT "" CACHE STRING "Optimisation level of the hot sources (empty: as ASSESS_WASM_OPT)")
set(ASSESS_WASM_HOT_SOURCES
  data/csv.cpp data/responses.cpp data/ratings.cpp data/import_values.cpp data/import_problems.cpp data/linking.cpp
  data/codes.cpp data/text.cpp
  analysis/prepost.cpp instrument/scoring.cpp core/numeric.cpp reliability/cronbach_alpha.cpp
  htest/wilcoxon.cpp htest/paired_t.cpp htest/independent_t.cpp htest/shapiro_wilk.cpp)
target_compile_options(assess_engine PRIVATE ${ASSESS_WASM_EH})
foreach(src IN LISTS ASSESS_ENGINE_SOURCES)
  set(opt "${ASSESS_WASM_OPT}")
  string(REPLACE "${CMAKE_SOURCE_DIR}/engine/src/" "" rel "${src}")
  if(ASSESS_WASM_HOT_OPT AND rel IN_LIST ASSESS_WASM_HOT_SOURCES)
    set(opt "${ASSESS_WASM_HOT_OPT}")
  endif()
  set_source_files_properties("${src}" PROPERTIES COMPILE_OPTIONS "${opt}")
endforeach()

add_executable(assess_wasm wasm/bindings.cpp)
target_link_libraries(assess_wasm PRIVATE assess_engine)
target_compile_options(assess_wasm PRIVATE ${ASSESS_WASM_EH} ${ASSESS_WASM_OPT})
set_target_properties(assess_wasm PROPERTIES
  OUTPUT_NAME assess
  SUFFIX ".js"
  RUNTIME_OUTPUT_DIRECTORY "${ASSESS_SITE_DIR}/engine")
target_link_options(assess_wasm PRIVATE
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

# The static site: web/ as it is, plus instruments, demo data and the
# service-worker manifest (scripts/site.cmake). Runs on every build; it is
# quick and a stale site is worse than a second of copying.
add_custom_target(site ALL
  COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -DSITE=${ASSESS_SITE_DIR}
          -P "${CMAKE_SOURCE_DIR}/scripts/site.cmake"
  COMMENT "Assembling the static site in ${ASSESS_SITE_DIR}"
  VERBATIM)
add_dependencies(site assess_wasm)
