# RtInstall.cmake — `cmake --install` rules and the package config, so that an installed rt is
# found with `find_package(rt CONFIG)` and used as `rt::rt` (headers; plus the named modules when
# the build had RT_MODULES=ON). Included from the top-level CMakeLists.txt.
include(CMakePackageConfigHelpers)

set(RT_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/rt CACHE STRING "Where rtConfig.cmake goes")

set(rt_module_install_args "")
if(RT_MODULES)
  set(rt_module_install_args FILE_SET CXX_MODULES DESTINATION ${CMAKE_INSTALL_DATADIR}/rt/modules)
endif()
install(TARGETS rt EXPORT rtTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ${rt_module_install_args}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/rt DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp")

if(RT_MODULES)
  install(EXPORT rtTargets NAMESPACE rt:: DESTINATION ${RT_INSTALL_CMAKEDIR}
    CXX_MODULES_DIRECTORY cxx-modules)
else()
  install(EXPORT rtTargets NAMESPACE rt:: DESTINATION ${RT_INSTALL_CMAKEDIR})
endif()

set(RT_NEEDS_RANGE_V3 OFF)
if(TARGET range-v3::range-v3)
  set(RT_NEEDS_RANGE_V3 ON)
endif()
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/rtConfig.cmake.in
  ${PROJECT_BINARY_DIR}/rtConfig.cmake INSTALL_DESTINATION ${RT_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rtConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rtConfig.cmake ${PROJECT_BINARY_DIR}/rtConfigVersion.cmake
  DESTINATION ${RT_INSTALL_CMAKEDIR})
