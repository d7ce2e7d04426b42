# The Emscripten half of the build (included from the top-level
# CMakeLists.txt under emcmake): build/site/engine/assess.{js,wasm} plus the
# static site copied from web/, rubrics/ and the demo data.
set(ASSESS_SITE_DIR "${ASSESS_OUT_DIR}/site")

# Traps of Debian's emscripten 3.1.6 (shared/docs/toolchain.md): exceptions
# must be on at compile *and* link time, and Embind must not use new Function
# (blocked by the pages' Content-Security-Policy).
target_compile_options(assess_engine PRIVATE -fexceptions -Os)

add_executable(assess_wasm wasm/bindings.cpp)
target_link_libraries(assess_wasm PRIVATE assess_engine)
target_compile_options(assess_wasm PRIVATE -fexceptions -Os)
set_target_properties(assess_wasm PROPERTIES
  OUTPUT_NAME assess
  SUFFIX ".js"
  RUNTIME_OUTPUT_DIRECTORY "${ASSESS_SITE_DIR}/engine")
target_link_options(assess_wasm PRIVATE
  -fexceptions
  -Os
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
