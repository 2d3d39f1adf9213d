# install() rules and the exported CMake package: find_package(isvsim) gives isvsim::model,
# isvsim::analysis, isvsim::agents, isvsim::scenarios and isvsim::output (static libraries) and
# the isvsim program.
# Headers go to <prefix>/include/isvsim/<layer>/ and are included as "<layer>/<file>.hpp", as in
# the source tree. isvsim::warnings is this build's warning set, exported only because the
# static libraries name it as a link-only dependency; it adds nothing to a consumer.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(ISV_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/isvsim)
set(ISV_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/isvsim)

set(ISV_EXPORTED_LAYERS model analysis agents scenarios output)
foreach(layer ${ISV_EXPORTED_LAYERS})
  set_target_properties(isv_${layer} PROPERTIES EXPORT_NAME ${layer})
  target_include_directories(isv_${layer} INTERFACE $<INSTALL_INTERFACE:${ISV_INSTALL_INCLUDEDIR}>)
  # Only the layer's own public headers: not its sources, not optional adaptors (catalyst/).
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${layer}/
    DESTINATION ${ISV_INSTALL_INCLUDEDIR}/${layer}
    COMPONENT isvsim_dev
    FILES_MATCHING PATTERN "*.hpp"
    PATTERN "catalyst" EXCLUDE)
endforeach()
set_target_properties(isv_warnings PROPERTIES EXPORT_NAME warnings)

install(TARGETS isv_model isv_analysis isv_agents isv_scenarios isv_output isv_warnings
  EXPORT isvsimTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT isvsim_dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT isvsim_dev)
install(TARGETS isvsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT isvsim)

install(EXPORT isvsimTargets
  NAMESPACE isvsim::
  DESTINATION ${ISV_INSTALL_CMAKEDIR}
  COMPONENT isvsim_dev)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/isvsimConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/isvsimConfig.cmake
  INSTALL_DESTINATION ${ISV_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/isvsimConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/isvsimConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/isvsimConfigVersion.cmake
  DESTINATION ${ISV_INSTALL_CMAKEDIR}
  COMPONENT isvsim_dev)
