# Installation and the CMake package `corridor`.
#
# Contract: after `cmake --install <build> --prefix <P>`, another project that
# puts <P> on CMAKE_PREFIX_PATH can do
#     find_package(corridor REQUIRED)
#     target_link_libraries(app PRIVATE corridor::corridor)
# and get the public headers (<P>/include/corridor/), the static libraries and
# everything they link. Also installed: the `corridor` executable.
#
# Included at the end of the top-level CMakeLists.txt, so every target of
# every folder exists here. Relies on GNUInstallDirs having been included.
#
# To extend (e.g. engine/ starts linking a new library):
#   - a new library of ours that the exported ones link: add it to
#     CORRIDOR_EXPORTED_TARGETS;
#   - a new outside target: add one line to CORRIDOR_PACKAGE_DEPENDENCIES.
# A check at the end of this file fails the configure, naming the target,
# when an exported library links an outside target that list does not cover:
# otherwise the installed package would break only in the embedder's build.

include(CMakePackageConfigHelpers)

# The export set, in one place: the libraries the package provides. The
# static libraries' private dependencies are still needed at link time by the
# embedder, so every library of ours they link must be exported too.
set(CORRIDOR_EXPORTED_TARGETS corridor_engine corridor_storage corridor_parser)

# The one list of outside dependencies. Each entry is
#     <imported target the exported libraries link>|<config command>
# where <config command> is what the installed corridorConfig.cmake runs to
# recreate that target in the embedder's project. Several targets may share a
# command (it is emitted once). Inside the config, find_dependency() comes
# from CMakeFindDependencyMacro and corridor_find_pkg_config(PREFIX MODULE)
# recreates PkgConfig::<PREFIX> exactly as pkg_check_modules(<PREFIX>
# IMPORTED_TARGET <MODULE>) did in our build (see cmake/corridorConfig.cmake.in).
# Versions match the top-level find_package() calls.
set(CORRIDOR_PACKAGE_DEPENDENCIES
  "RocksDB::rocksdb-shared|find_dependency(RocksDB 7 CONFIG)"
  "fmt::fmt|find_dependency(fmt)"
  "ZLIB::ZLIB|find_dependency(ZLIB)"
  "Threads::Threads|find_dependency(Threads)"
  "Boost::headers|find_dependency(Boost 1.74)"
  "PkgConfig::SERD|corridor_find_pkg_config(SERD serd-0)"
  "ICU::uc|find_dependency(ICU COMPONENTS uc i18n)"
  "ICU::i18n|find_dependency(ICU COMPONENTS uc i18n)"
  "OpenSSL::Crypto|find_dependency(OpenSSL)"
)

set(CORRIDOR_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/corridor")

# Include directories come from the targets' own INSTALL_INTERFACE entries.
# Installed names match the in-tree aliases: corridor::corridor (EXPORT_NAME
# set in engine/), corridor::storage, corridor::parser.
set_target_properties(corridor_storage PROPERTIES EXPORT_NAME storage)
set_target_properties(corridor_parser PROPERTIES EXPORT_NAME parser)

# The public headers use C++20 (e.g. defaulted operator== in corridor/term.h),
# so an embedder must compile them as C++20: say so on the targets rather
# than leaving it to each embedder. In-tree this changes nothing (the whole
# build is already C++20).
set_property(TARGET corridor_engine corridor_storage APPEND PROPERTY
  INTERFACE_COMPILE_FEATURES cxx_std_20)

install(TARGETS ${CORRIDOR_EXPORTED_TARGETS}
  EXPORT corridorTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Public headers: both folders hold headers of namespace `corridor` and merge
# into one <prefix>/include/corridor/. Trailing slashes copy the contents.
install(DIRECTORY
  ${PROJECT_SOURCE_DIR}/storage/include/corridor/
  ${PROJECT_SOURCE_DIR}/engine/include/corridor/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/corridor)

# The command-line tool (repl/). Not part of the export set: embedders link
# the library, not the tool.
install(TARGETS corridor RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(EXPORT corridorTargets
  NAMESPACE corridor::
  FILE corridorTargets.cmake
  DESTINATION ${CORRIDOR_INSTALL_CMAKEDIR})

# Turn CORRIDOR_PACKAGE_DEPENDENCIES into the config's dependency block, and
# remember which targets it covers for the check below.
set(_corridor_dep_commands "")
set(_corridor_dep_targets "")
foreach(_entry IN LISTS CORRIDOR_PACKAGE_DEPENDENCIES)
  string(FIND "${_entry}" "|" _bar)
  if(_bar LESS 1)
    message(FATAL_ERROR "CORRIDOR_PACKAGE_DEPENDENCIES entry '${_entry}' is not <target>|<command>")
  endif()
  string(SUBSTRING "${_entry}" 0 ${_bar} _target)
  math(EXPR _bar "${_bar} + 1")
  string(SUBSTRING "${_entry}" ${_bar} -1 _command)
  list(APPEND _corridor_dep_targets "${_target}")
  list(APPEND _corridor_dep_commands "${_command}")
endforeach()
list(REMOVE_DUPLICATES _corridor_dep_commands)
list(JOIN _corridor_dep_commands "\n" CORRIDOR_CONFIG_DEPENDENCIES)

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/corridorConfig.cmake.in
  ${PROJECT_BINARY_DIR}/corridorConfig.cmake
  INSTALL_DESTINATION ${CORRIDOR_INSTALL_CMAKEDIR})

# 0.x: a minor release may break the API, so only the same major.minor (at
# least the requested patch) is compatible. Revisit at 1.0 (SameMajorVersion).
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/corridorConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)

install(FILES
  ${PROJECT_BINARY_DIR}/corridorConfig.cmake
  ${PROJECT_BINARY_DIR}/corridorConfigVersion.cmake
  DESTINATION ${CORRIDOR_INSTALL_CMAKEDIR})

# The check: every outside target named in the exported libraries' link
# interface (for static libraries that includes their private dependencies,
# exported as $<LINK_ONLY:...>) must be covered by CORRIDOR_PACKAGE_DEPENDENCIES.
# Libraries of ours missing from the export set need no check here:
# install(EXPORT) itself refuses them at generate time.
set(_corridor_missing "")
foreach(_lib IN LISTS CORRIDOR_EXPORTED_TARGETS)
  get_target_property(_links ${_lib} LINK_LIBRARIES)
  get_target_property(_ilinks ${_lib} INTERFACE_LINK_LIBRARIES)
  foreach(_item IN LISTS _links _ilinks)
    if(NOT _item OR _item MATCHES "^\\$<BUILD_INTERFACE:")
      continue()  # *-NOTFOUND, or not part of the installed interface
    endif()
    # Candidate target names: every ns::name token (also inside generator
    # expressions such as $<LINK_ONLY:...>), or the item itself if it is a
    # target. Plain library names (-lfoo, m, dl) are exported as they are.
    string(REGEX MATCHALL "[A-Za-z0-9_.+-]+::[A-Za-z0-9_.+-]+" _names "${_item}")
    if(TARGET "${_item}")
      list(APPEND _names "${_item}")
    endif()
    foreach(_name IN LISTS _names)
      set(_real "${_name}")
      if(TARGET "${_name}")
        get_target_property(_aliased "${_name}" ALIASED_TARGET)
        if(_aliased)
          set(_real "${_aliased}")
        endif()
      endif()
      if(NOT _real IN_LIST CORRIDOR_EXPORTED_TARGETS
         AND NOT _name IN_LIST _corridor_dep_targets)
        list(APPEND _corridor_missing "${_name} (linked by ${_lib})")
      endif()
    endforeach()
  endforeach()
endforeach()
if(_corridor_missing)
  list(REMOVE_DUPLICATES _corridor_missing)
  list(JOIN _corridor_missing "\n  " _corridor_missing)
  message(FATAL_ERROR
    "The installed corridor package would not recreate these targets:\n"
    "  ${_corridor_missing}\n"
    "Add a line for each to CORRIDOR_PACKAGE_DEPENDENCIES in "
    "${CMAKE_CURRENT_LIST_FILE} (or, for a library of ours, add it to "
    "CORRIDOR_EXPORTED_TARGETS).")
endif()
unset(_corridor_missing)
unset(_corridor_dep_commands)
unset(_corridor_dep_targets)
