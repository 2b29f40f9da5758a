# tests/codegen/codegen_tests.cmake — rt-codegen's tests, all labelled `codegen`:
#   golden/*.cpp       generated output compared with golden/*.expected
#   diagnostics/*.cpp  misuse: rt-codegen must fail with diagnostics/*.stderr
#   run/               programs built through rt_codegen(): exit codes, stderr, [[rt::test]]s,
#                      select semantics; plus a check that a compile error in generated code
#                      points at the user's line, and the cross-file one-main check
# Included by codegen/CMakeLists.txt (deferred to the end of the top level, after GoogleTest is
# found) when RT_CODEGEN and RT_BUILD_TESTS are on, or through tests/codegen/CMakeLists.txt.
include_guard(GLOBAL)
set(cg_dir ${CMAKE_CURRENT_LIST_DIR})
set(cg_tool $<TARGET_FILE:rt::rt-codegen>)
set(cg_flags "-std=c++20|-I${PROJECT_SOURCE_DIR}/src")
set(cg_out ${CMAKE_CURRENT_BINARY_DIR}/codegen_tests)

function(cg_script_test name script)
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} ${ARGN} -P ${cg_dir}/scripts/${script})
  set_tests_properties(${name} PROPERTIES LABELS codegen TIMEOUT 120)
endfunction()

foreach(kind golden diagnostics)
  set(mode golden)
  set(ext expected)
  if(kind STREQUAL "diagnostics")
    set(mode diag)
    set(ext stderr)
  endif()
  file(GLOB inputs CONFIGURE_DEPENDS ${cg_dir}/${kind}/*.cpp)
  foreach(input IN LISTS inputs)
    get_filename_component(name ${input} NAME_WE)
    cg_script_test(codegen.${kind}.${name} check_codegen.cmake -DMODE=${mode} -DTOOL=${cg_tool}
      -DINPUT=${input} -DEXPECTED=${cg_dir}/${kind}/${name}.${ext}
      -DOUTDIR=${cg_out}/${kind} "-DFLAGS=${cg_flags}")
  endforeach()
endforeach()

# Two sources of one program, each with a [[rt::main]]: each alone is fine, together they are not.
cg_script_test(codegen.diagnostics.two_mains_across_files check_two_mains.cmake -DTOOL=${cg_tool}
  -DDIR=${cg_dir}/run/two_mains -DOUTDIR=${cg_out}/two_mains "-DFLAGS=${cg_flags}")

# A type error inside a select branch body: the compiler must report the user's file and line.
cg_script_test(codegen.line_mapping check_line_mapping.cmake -DTOOL=${cg_tool}
  -DCXX=${CMAKE_CXX_COMPILER} -DINPUT=${cg_dir}/run/line_mapping/bad_body.cpp
  -DOUTDIR=${cg_out}/line_mapping "-DFLAGS=${cg_flags}")

# --- programs built through rt_codegen() and run by ctest -----------------------------------------
set(run_expect ${cg_dir}/scripts/run_expect.cmake)

function(cg_program name)
  add_executable(${name} ${cg_dir}/run/${name}.cpp)
  target_link_libraries(${name} PRIVATE rt::rt)
  target_include_directories(${name} PRIVATE ${cg_dir}/run)
  rt_codegen(${name} SOURCES ${cg_dir}/run/${name}.cpp)
endfunction()

function(cg_expect test program exit)
  add_test(NAME ${test} COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${program}> -DEXIT=${exit} ${ARGN}
    -P ${run_expect})
  set_tests_properties(${test} PROPERTIES LABELS codegen TIMEOUT 60)
endfunction()

cg_program(cg_main_exit)
cg_expect(codegen.run.main_exit_code cg_main_exit 42)
cg_expect(codegen.run.main_args cg_main_exit 44 "-DARGS=x|y")

cg_program(cg_main_void)
cg_expect(codegen.run.main_void cg_main_void 0 "-DSTDOUT_REGEX=hello from rt::main")

cg_program(cg_main_throw)
cg_expect(codegen.run.main_exception cg_main_throw 1 "-DSTDERR_REGEX=error: boom 42")

# [[rt::test]] cases, select semantics among them (GoogleTest, one ctest case per TEST).
add_executable(cg_tests ${cg_dir}/run/cg_tests.cpp ${cg_dir}/run/cg_select_tests.cpp
  ${cg_dir}/run/cg_integration_tests.cpp)
target_link_libraries(cg_tests PRIVATE rt::rt GTest::gtest_main)
target_include_directories(cg_tests PRIVATE ${cg_dir}/run)
rt_codegen(cg_tests SOURCES ${cg_dir}/run/cg_tests.cpp ${cg_dir}/run/cg_select_tests.cpp
  ${cg_dir}/run/cg_integration_tests.cpp)
gtest_discover_tests(cg_tests TEST_PREFIX codegen. DISCOVERY_TIMEOUT 60
  PROPERTIES LABELS codegen TIMEOUT 60)

# A [[rt::test]] that fails must make the test binary fail.
add_executable(cg_test_fails ${cg_dir}/run/cg_test_fails.cpp)
target_link_libraries(cg_test_fails PRIVATE rt::rt GTest::gtest_main)
rt_codegen(cg_test_fails SOURCES ${cg_dir}/run/cg_test_fails.cpp)
cg_expect(codegen.run.test_expected_to_fail cg_test_fails 1
  "-DSTDOUT_REGEX=FAILED.*cg_test_fails\\.fails_on_purpose")

# --- the installed package: find_package(rt) from a separate project ------------------------------
add_test(NAME codegen.package COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR}
  -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/package_test -DCXX=${CMAKE_CXX_COMPILER}
  "-DGENERATOR=${CMAKE_GENERATOR}" -P ${PROJECT_SOURCE_DIR}/tests/package/run_package_test.cmake)
set_tests_properties(codegen.package PROPERTIES LABELS "codegen;package" TIMEOUT 900 RUN_SERIAL ON)

# A select compiled without rt-codegen must not compile.
cg_script_test(codegen.unprocessed_select_fails check_unprocessed.cmake -DCXX=${CMAKE_CXX_COMPILER}
  -DINPUT=${cg_dir}/golden/select_basic.cpp "-DFLAGS=${cg_flags}")

# A deterministic [[rt::test]] that some seeds break: it names the failing seed, and RT_SEED replays it.
add_executable(cg_deterministic_fails ${cg_dir}/run/cg_deterministic_fails.cpp)
target_link_libraries(cg_deterministic_fails PRIVATE rt::rt GTest::gtest_main)
rt_codegen(cg_deterministic_fails SOURCES ${cg_dir}/run/cg_deterministic_fails.cpp)
cg_script_test(codegen.run.deterministic_seed_replay check_deterministic_replay.cmake
  -DPROGRAM=$<TARGET_FILE:cg_deterministic_fails>)
