# Assembles the static site (run by the `site` target of wasm/wasm.cmake as
# `cmake -DSRC=<repo> -DSITE=<build/site> -P scripts/site.cmake`, after the
# wasm module has been written to SITE/engine):
#   web/            -> SITE/            (pages, css, i18n)
#   web/js/*.js     -> SITE/js/         bundled by esbuild (scripts/bundle.mjs:
#                                       page entries, shared and lazily loaded
#                                       chunks, the worker; modulepreload links
#                                       added to the pages)
#   rubrics/        -> SITE/rubrics/    (instruments, rubrics, studies) when present
#   fixtures/demo/  -> SITE/demo/       (the demo study) when present
#   fixtures/demo2/ -> SITE/demo2/      (the second demo: a two-group assess-study/2)
#   fixtures/demo-essays/ -> SITE/demo-essays/ (the essays of demo2's students,
#                                       the codebook, two coders' files, the
#                                       team's resolutions and the consensus)
# then lists every file with its SHA-256 in SITE/sw-manifest.json and writes
# SITE/sw.js from web/sw.js with the file lists and a version derived from the
# hashes inlined, so that each deployment with different bytes installs a new
# service-worker cache and drops the old one. Two lists: "files", cached when
# the service worker installs (everything the index, questionnaire and rubric
# pages may need, the small engine included), and "later", cached the first
# time they are fetched (the analysis page, the classroom sheet, the study
# designer and the coding page, the modules and the full engine only they load, the message
# catalogues of the import and the analysis, the demo data, the JSON schemas,
# the age-encryption chunk): a student's phone never downloads the analysis
# engine, nor the encryption library for a plain study.
cmake_minimum_required(VERSION 3.16)

if(NOT SRC OR NOT SITE)
  message(FATAL_ERROR "usage: cmake -DSRC=<repo> -DSITE=<site dir> -P scripts/site.cmake")
endif()

# Start from a clean tree (files removed from web/ must not linger in a
# deployment), keeping the engine that the wasm link has just written.
file(MAKE_DIRECTORY "${SITE}")
file(GLOB old_entries LIST_DIRECTORIES true "${SITE}/*")
foreach(entry IN LISTS old_entries)
  if(NOT entry STREQUAL "${SITE}/engine")
    file(REMOVE_RECURSE "${entry}")
  endif()
endforeach()

# web/js's scripts are bundled below; anything else there (a font, a data
# file a module fetches by new URL(..., import.meta.url)) is copied as it is.
file(COPY "${SRC}/web/" DESTINATION "${SITE}" PATTERN "sw.js" EXCLUDE REGEX "/web/js/.*\\.m?js$" EXCLUDE)
if(IS_DIRECTORY "${SRC}/rubrics")
  file(COPY "${SRC}/rubrics/" DESTINATION "${SITE}/rubrics")
endif()
foreach(demo IN ITEMS demo demo2)
  if(IS_DIRECTORY "${SRC}/fixtures/${demo}")
    # Data files only (not the generator or notes).
    file(COPY "${SRC}/fixtures/${demo}/" DESTINATION "${SITE}/${demo}"
         FILES_MATCHING PATTERN "*.json" PATTERN "*.csv")
  endif()
endforeach()
if(IS_DIRECTORY "${SRC}/fixtures/demo-essays")
  # What a research team would have: the essays, the codebook, the coders'
  # files, the resolutions and the consensus (not the generator's truth,
  # gains or text list, which the tests read).
  file(COPY "${SRC}/fixtures/demo-essays/" DESTINATION "${SITE}/demo-essays"
       FILES_MATCHING PATTERN "*.txt" PATTERN "codebook.json" PATTERN "coder_*.json"
       PATTERN "resolutions.json" PATTERN "consensus.json")
endif()

# An index of the documents in rubrics/ (format, id, version, file) so that
# the pages find the study, its instrument and its rubric by id without
# hard-coded file names. Files that are not such documents are skipped.
set(doc_entries "")
if(IS_DIRECTORY "${SITE}/rubrics")
  file(GLOB doc_list RELATIVE "${SITE}/rubrics" "${SITE}/rubrics/*.json")
  list(SORT doc_list)
  foreach(f IN LISTS doc_list)
    if(f STREQUAL "index.json")
      continue()
    endif()
    file(READ "${SITE}/rubrics/${f}" doc)
    string(JSON fmt ERROR_VARIABLE e1 GET "${doc}" format)
    string(JSON id ERROR_VARIABLE e2 GET "${doc}" id)
    string(JSON ver ERROR_VARIABLE e3 GET "${doc}" version)
    if(e1 OR e2 OR e3 OR NOT fmt MATCHES "^assess-(instrument|rubric|study)/")
      continue()
    endif()
    # An instrument with items other than Likert (docs/formats.md "Item
    # types") lists its distinct types in item order, so that the pages that
    # handle Likert items only do not pick it by default; Likert-only
    # documents keep the entry they always had.
    set(types_entry "")
    if(fmt MATCHES "^assess-instrument/")
      string(JSON n_items ERROR_VARIABLE e4 LENGTH "${doc}" items)
      set(types "")
      set(other FALSE)
      if(NOT e4 AND n_items GREATER 0)
        math(EXPR last "${n_items} - 1")
        foreach(i RANGE ${last})
          string(JSON t ERROR_VARIABLE e5 GET "${doc}" items ${i} type)
          if(e5)
            set(t "likert")
          endif()
          if(NOT t STREQUAL "likert")
            set(other TRUE)
          endif()
          if(NOT "\"${t}\"" IN_LIST types)
            list(APPEND types "\"${t}\"")
          endif()
        endforeach()
      endif()
      if(other)
        list(JOIN types ", " types_text)
        set(types_entry ", \"item_types\": [${types_text}]")
      endif()
    endif()
    if(doc_entries)
      string(APPEND doc_entries ",\n")
    endif()
    string(APPEND doc_entries "    {\"format\": \"${fmt}\", \"id\": \"${id}\", \"version\": ${ver}, \"file\": \"${f}\"${types_entry}}")
  endforeach()
endif()
file(MAKE_DIRECTORY "${SITE}/rubrics")
file(WRITE "${SITE}/rubrics/index.json" "{\n  \"documents\": [\n${doc_entries}\n  ]\n}\n")

# An index of the demo files so that the analysis page can load them all
# without a directory listing (static hosts have none).
foreach(demo IN ITEMS demo demo2 demo-essays)
  set(demo_files "")
  if(IS_DIRECTORY "${SITE}/${demo}")
    file(GLOB_RECURSE demo_list RELATIVE "${SITE}/${demo}" "${SITE}/${demo}/*")
    list(SORT demo_list)
    foreach(f IN LISTS demo_list)
      if(NOT f STREQUAL "index.json" AND NOT f MATCHES "(^|/)(README|\\.)")
        if(demo_files)
          string(APPEND demo_files ",\n    ")
        endif()
        string(APPEND demo_files "\"${f}\"")
      endif()
    endforeach()
    file(WRITE "${SITE}/${demo}/index.json" "{\n  \"files\": [\n    ${demo_files}\n  ]\n}\n")
  endif()
endforeach()

# The JavaScript, once rubrics/index.json is there (the pages' HTML gets
# preload links for the default study's documents too).
find_program(ASSESS_NODE node REQUIRED)
execute_process(COMMAND "${ASSESS_NODE}" "${SRC}/scripts/bundle.mjs" "${SRC}" "${SITE}"
  RESULT_VARIABLE bundle_rc OUTPUT_VARIABLE bundle_out ERROR_VARIABLE bundle_err)
if(NOT bundle_rc EQUAL 0)
  message(FATAL_ERROR "bundling web/js failed (run scripts/setup: esbuild comes from npm ci):\n${bundle_out}${bundle_err}")
endif()
# The modules that only the researchers' pages load (the analysis page, the
# classroom sheet; bundle.mjs says which).
string(REGEX MATCH "analysis-only: [^\n]*" analysis_only "${bundle_out}")
string(REPLACE "analysis-only: " "" analysis_only "${analysis_only}")
string(REPLACE " " ";" analysis_only "${analysis_only}")
# And the chunks of libraries loaded only for some studies (age-encryption).
string(REGEX MATCH "on-demand: [^\n]*" on_demand "${bundle_out}")
string(REPLACE "on-demand: " "" on_demand "${on_demand}")
string(REPLACE " " ";" on_demand "${on_demand}")

# The manifest: every file the site serves (sw.js itself excepted), in two
# lists (see the top).
file(GLOB_RECURSE files RELATIVE "${SITE}" "${SITE}/*")
list(REMOVE_ITEM files "sw.js" "sw-manifest.json")
list(SORT files)
set(entries "")
set(url_list "")
set(later_entries "")
set(later_list "")
set(all_hashes "")
foreach(f IN LISTS files)
  file(SHA256 "${SITE}/${f}" h)
  string(APPEND all_hashes "${f} ${h}\n")
  if(f MATCHES "^(analysis|sheet|designer|coding)\\.html$" OR f MATCHES "^css/(sheet|designer|coding)\\.css$" OR f IN_LIST analysis_only OR f IN_LIST on_demand OR f MATCHES "^(demo2?/|engine/assess(-analysis|-measure|-coding)?\\.|rubrics/schema/)"
     OR f MATCHES "^i18n/msg/[a-z]+/(import|analysis)\\.json$" OR f MATCHES "^i18n/(analysis|sheet|designer|coding)/")
    if(later_entries)
      string(APPEND later_entries ",\n")
      string(APPEND later_list ",\n  ")
    endif()
    string(APPEND later_entries "    {\"path\": \"${f}\", \"sha256\": \"${h}\"}")
    string(APPEND later_list "\"${f}\"")
    continue()
  endif()
  if(entries)
    string(APPEND entries ",\n")
    string(APPEND url_list ",\n  ")
  endif()
  string(APPEND entries "    {\"path\": \"${f}\", \"sha256\": \"${h}\"}")
  string(APPEND url_list "\"${f}\"")
endforeach()
# sw.js's own template takes part in the version too.
file(SHA256 "${SRC}/web/sw.js" sw_hash)
string(APPEND all_hashes "sw.js ${sw_hash}\n")
string(SHA256 version_full "${all_hashes}")
string(SUBSTRING "${version_full}" 0 16 version)

file(WRITE "${SITE}/sw-manifest.json"
  "{\n  \"version\": \"${version}\",\n  \"files\": [\n${entries}\n  ],\n  \"later\": [\n${later_entries}\n  ]\n}\n")

file(READ "${SRC}/web/sw.js" sw)
string(REPLACE "\"__ASSESS_SITE_VERSION__\"" "\"${version}\"" sw "${sw}")
string(REPLACE "[/*__ASSESS_SITE_FILES__*/]" "[\n  \"./\",\n  ${url_list}\n]" sw "${sw}")
string(REPLACE "[/*__ASSESS_SITE_LATER__*/]" "[\n  ${later_list}\n]" sw "${sw}")
file(WRITE "${SITE}/sw.js" "${sw}")
message(STATUS "site: ${SITE} (version ${version})")
