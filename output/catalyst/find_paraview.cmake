# Finds Debian's ParaView 5.11 for the Catalyst adaptor and its tests. ParaView's CMake package
# needs a few find_package calls first, and its own find modules (FindNetCDF, ...) on the module
# path. Imported targets are local to the directory that finds them, so every directory that
# uses ParaView targets includes this file.
set(ISV_PARAVIEW_CMAKE_DIR "/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/cmake/paraview-5.11"
  CACHE PATH "Directory holding ParaView's paraview-config.cmake")
list(APPEND CMAKE_PREFIX_PATH "${ISV_PARAVIEW_CMAKE_DIR}")
list(APPEND CMAKE_MODULE_PATH "${ISV_PARAVIEW_CMAKE_DIR}/vtk")
find_package(Freetype REQUIRED)
find_package(GLEW REQUIRED)
find_package(LibXml2 REQUIRED)
find_package(X11 REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C HL)
find_package(NetCDF REQUIRED)
find_package(ParaView 5.11 REQUIRED COMPONENTS Catalyst PythonCatalyst)
