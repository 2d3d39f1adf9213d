# ISV_SANITIZE: build everything with a sanitizer (docs/building.md).
#   address  AddressSanitizer + UndefinedBehaviorSanitizer; any UB report aborts the program
#            (-fno-sanitize-recover=undefined), so a test that hits UB fails.
#   thread   ThreadSanitizer; run with TSAN_OPTIONS=suppressions=cmake/tsan.supp (libtbb's
#            internals are not instrumented).
# Applied to every target of this project (compile and link); a separate build directory per
# sanitizer is expected.
set(ISV_SANITIZE "" CACHE STRING "Sanitizer build: '' (none), 'address' (ASan+UBSan) or 'thread'")
set_property(CACHE ISV_SANITIZE PROPERTY STRINGS "" address thread)

if(ISV_SANITIZE STREQUAL "address")
  set(ISV_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined)
elseif(ISV_SANITIZE STREQUAL "thread")
  set(ISV_SANITIZE_FLAGS -fsanitize=thread)
elseif(NOT ISV_SANITIZE STREQUAL "")
  message(FATAL_ERROR "ISV_SANITIZE='${ISV_SANITIZE}': use address, thread or leave it empty")
endif()

if(ISV_SANITIZE_FLAGS)
  # Readable stack traces (frame pointers, line tables) at a modest cost.
  list(APPEND ISV_SANITIZE_FLAGS -fno-omit-frame-pointer -g1)
  add_compile_options(${ISV_SANITIZE_FLAGS})
  add_link_options(${ISV_SANITIZE_FLAGS})
  message(STATUS "isvsim: sanitizer build (${ISV_SANITIZE}): ${ISV_SANITIZE_FLAGS}")
endif()

# ISV_FUZZ: the libFuzzer build of fuzz/ (clang only; scripts/fuzz.sh). Every library gets
# coverage instrumentation and ASan+UBSan; the fuzz targets link libFuzzer's main.
option(ISV_FUZZ "Build the libFuzzer targets in fuzz/ (needs clang; see docs/building.md)" OFF)
if(ISV_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ISV_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
  endif()
  if(ISV_SANITIZE_FLAGS)
    message(FATAL_ERROR "ISV_FUZZ already builds with ASan+UBSan; leave ISV_SANITIZE empty")
  endif()
  set(ISV_FUZZ_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                     -fno-omit-frame-pointer -g1)
  add_compile_options(-fsanitize=fuzzer-no-link ${ISV_FUZZ_FLAGS})
  add_link_options(${ISV_FUZZ_FLAGS})
endif()
