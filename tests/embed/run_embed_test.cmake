# The embed test, in `cmake -P` mode: install the built tree into a fresh
# prefix, build examples/embed against that prefix alone, run the result.
# Fails (non-zero exit, with the failing step named) on any step.
#
# Inputs (-D...):
#   CORRIDOR_BINARY_DIR  the configured *and built* Corridor build tree
#   EXAMPLE_SOURCE_DIR   examples/embed
#   WORK_DIR             scratch folder owned by this test; wiped first
#   CONFIG               build configuration to install and build (may be empty)
#   GENERATOR            CMake generator for the example (the main build's)
#   CXX_COMPILER         the main build's C++ compiler
#   SANITIZE             ON when the main build is instrumented (the static
#                        libraries then need the sanitizer runtimes at link)
#
# Layout of WORK_DIR: prefix/ (the install), build/ (the example), db/ (the
# database the example creates).
cmake_minimum_required(VERSION 3.20)

foreach(_var CORRIDOR_BINARY_DIR EXAMPLE_SOURCE_DIR WORK_DIR GENERATOR CXX_COMPILER)
  if(NOT ${_var})
    message(FATAL_ERROR "run_embed_test.cmake: -D${_var}=... is required")
  endif()
endforeach()
if(NOT CONFIG)
  set(CONFIG Release)
endif()

set(_prefix "${WORK_DIR}/prefix")
set(_build "${WORK_DIR}/build")
set(_db "${WORK_DIR}/db")
# A fresh prefix every run: a stale install must not hide a missing file.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# run(STEP cmd...): runs cmd with its output on ours; stops on failure.
function(run step)
  list(JOIN ARGN " " _shown)
  message(STATUS "[embed] ${step}: ${_shown}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "[embed] ${step} failed (${_rc})${_hint}")
  endif()
endfunction()

set(_hint ". The install needs the build done first: cmake --build ${CORRIDOR_BINARY_DIR}")
run("install" "${CMAKE_COMMAND}" --install "${CORRIDOR_BINARY_DIR}"
    --prefix "${_prefix}" --config "${CONFIG}")
set(_hint "")

# What an embedder relies on must be in the prefix.
file(GLOB_RECURSE _configs "${_prefix}/*/corridorConfig.cmake")
foreach(_file include/corridor/database.h include/corridor/term.h bin/corridor)
  if(NOT EXISTS "${_prefix}/${_file}")
    message(FATAL_ERROR "[embed] install is missing ${_file}")
  endif()
endforeach()
if(NOT _configs)
  message(FATAL_ERROR "[embed] install has no corridorConfig.cmake")
endif()

set(_flags "")
if(SANITIZE)
  list(APPEND _flags
    "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=undefined")
endif()
# Only the fresh prefix may provide corridor: no package registries, and
# corridor_DIR is checked below.
run("configure example" "${CMAKE_COMMAND}" -S "${EXAMPLE_SOURCE_DIR}" -B "${_build}"
    -G "${GENERATOR}"
    "-DCMAKE_BUILD_TYPE=${CONFIG}"
    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    "-DCMAKE_PREFIX_PATH=${_prefix}"
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
    ${_flags})

file(STRINGS "${_build}/CMakeCache.txt" _dir_line REGEX "^corridor_DIR:")
string(REGEX REPLACE "^corridor_DIR:[A-Z]+=" "" _found_dir "${_dir_line}")
string(FIND "${_found_dir}" "${_prefix}/" _at)
if(NOT _at EQUAL 0)
  message(FATAL_ERROR "[embed] the example found corridor in '${_found_dir}', "
                      "not in the fresh install ${_prefix}")
endif()

run("build example" "${CMAKE_COMMAND}" --build "${_build}" --config "${CONFIG}")

set(_exe "${_build}/embed_example")
if(NOT EXISTS "${_exe}")
  set(_exe "${_build}/${CONFIG}/embed_example")  # multi-config generators
endif()
# Twice: the first run creates and loads the database; the second reopens
# it, so the read-back also covers what was persisted.
run("run example (new database)" "${_exe}" "${_db}")
run("run example (reopened)" "${_exe}" "${_db}")
message(STATUS "[embed] passed")
