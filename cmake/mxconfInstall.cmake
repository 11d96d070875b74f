# `cmake --install`: the CLI, the libraries, their headers (kernel.h included), the built-in kernels, the golden
# vectors and an exported package, so an outside project does
#
#   find_package(mxconf 0.1 REQUIRED)
#   target_link_libraries(my_tests PRIVATE mxconf::harness)   # or mxconf::reference, mxconf::kernel_abi, ...
#
# Layout under the prefix: bin/mxconf, lib/libmxconf_*.a, lib/mxconf/kernels/*.so, include/mxconf/...,
# share/mxconf/vectors/golden/, lib/cmake/mxconf/. tests/packaging builds an outside project against it.
# Included from the top-level CMakeLists.txt (MXCONF_INSTALL); kept in one file so the layers' CMakeLists.txt
# need no install lines.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(MXCONF_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/mxconf")
set(MXCONF_INSTALL_VECTORSDIR "${CMAKE_INSTALL_DATADIR}/mxconf/vectors/golden")
set(MXCONF_INSTALL_KERNELSDIR "${CMAKE_INSTALL_LIBDIR}/mxconf/kernels")
set(MXCONF_INSTALL_DEVICEDIR "${CMAKE_INSTALL_LIBDIR}/mxconf")

# Exported under mxconf:: with these names. Targets not in this build (no kernels) are left out.
set(mxconf_exported
  "mxconf_warnings:warnings" "mxconf_kernel_abi:kernel_abi" "mxconf_reference:reference" "mxconf_vectors:vectors"
  "mxconf_conformance:conformance" "mxconf_harness:harness" "mxconf_kernel_common:kernel_common"
  "mxconf_scalar_codec:scalar_codec" "mxconf_simd_codec:simd_codec")

# The layers declare their include directories as source-tree paths (target_include_directories(... PUBLIC
# ${CMAKE_CURRENT_SOURCE_DIR}/include)), which an export cannot carry. Each such entry becomes
# $<BUILD_INTERFACE:...> and its folder is installed under include/; the installed targets get include/ instead.
# Deferred to the end of the top-level directory so targets added after this file (kernels/) are seen.
function(mxconf_install_exports)
  set(targets)
  set(header_dirs)
  foreach(pair IN LISTS mxconf_exported)
    string(REPLACE ":" ";" pair "${pair}")
    list(GET pair 0 target)
    list(GET pair 1 export_name)
    if(NOT TARGET ${target})
      continue()
    endif()
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
    get_target_property(dirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
    if(dirs)
      set(wrapped)
      foreach(dir IN LISTS dirs)
        list(APPEND wrapped "$<BUILD_INTERFACE:${dir}>")
        if(NOT dir MATCHES "^\\$<")  # not a generator expression over build-tree targets (scalar_codec's)
          list(APPEND header_dirs "${dir}")
        endif()
      endforeach()
      list(APPEND wrapped "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
      set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${wrapped}")
    endif()
    list(APPEND targets ${target})
  endforeach()
  list(REMOVE_DUPLICATES header_dirs)
  foreach(dir IN LISTS header_dirs)
    install(DIRECTORY "${dir}/" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT mxconf
            FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")
  endforeach()
  install(TARGETS ${targets} EXPORT mxconfTargets COMPONENT mxconf
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(EXPORT mxconfTargets NAMESPACE mxconf:: DESTINATION ${MXCONF_INSTALL_CMAKEDIR} COMPONENT mxconf)

  install(TARGETS mxconf RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT mxconf)
  foreach(kernel mxconf_reference_kernel mxconf_scalar_codec_kernel mxconf_cuda_host_kernel mxconf_cuda_device_kernel)
    if(TARGET ${kernel})
      # OPTIONAL: a build of chosen targets may not have built every kernel (the CUDA device kernel).
      install(TARGETS ${kernel} LIBRARY DESTINATION ${MXCONF_INSTALL_KERNELSDIR} COMPONENT mxconf OPTIONAL)
    endif()
  endforeach()
  # The device half of the exhaustive checks (device_compare/sweep.cu), where CUDA was found: the installed CLI
  # looks for it in lib/mxconf/ (conformance/src/device_sweep.cpp), the Python package copies it beside its module.
  if(TARGET mxconf_device_sweep)
    install(TARGETS mxconf_device_sweep LIBRARY DESTINATION ${MXCONF_INSTALL_DEVICEDIR} COMPONENT mxconf OPTIONAL)
  endif()
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL mxconf_install_exports)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/vectors/golden/" DESTINATION ${MXCONF_INSTALL_VECTORSDIR} COMPONENT mxconf)

# The SIMD codec links Highway (Debian libhwy-dev): the package looks for it only when it exports the codec.
if(TARGET mxconf_simd_codec)
  set(MXCONF_FIND_HWY "find_dependency(hwy)   # linked by the SIMD codec (mxconf::simd_codec)")
else()
  set(MXCONF_FIND_HWY "")
endif()
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/mxconfConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/mxconfConfig.cmake"
                              INSTALL_DESTINATION ${MXCONF_INSTALL_CMAKEDIR}
                              PATH_VARS MXCONF_INSTALL_VECTORSDIR MXCONF_INSTALL_KERNELSDIR MXCONF_INSTALL_DEVICEDIR CMAKE_INSTALL_BINDIR)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/mxconfConfigVersion.cmake" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/mxconfConfig.cmake" "${PROJECT_BINARY_DIR}/mxconfConfigVersion.cmake"
        DESTINATION ${MXCONF_INSTALL_CMAKEDIR} COMPONENT mxconf)
