# check_codegen.cmake — one ctest case of rt-codegen, run with `cmake -P`:
#   MODE=golden  run TOOL on INPUT; it must succeed and its output equal EXPECTED
#   MODE=diag    run TOOL on INPUT; it must fail and its stderr equal EXPECTED
# Paths in the output are normalized (@SRC@ = the input's folder, @OUT@ = the output file) so the
# expected files hold no machine paths. With RT_CODEGEN_UPDATE=1 in the environment, EXPECTED is
# rewritten from the actual output instead (review the diff before committing).
foreach(v TOOL INPUT EXPECTED MODE OUTDIR FLAGS)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "check_codegen.cmake: ${v} is not set")
  endif()
endforeach()
get_filename_component(name ${INPUT} NAME_WE)
get_filename_component(srcdir ${INPUT} DIRECTORY)
set(out ${OUTDIR}/${name}.rt.cpp)
file(MAKE_DIRECTORY ${OUTDIR})
string(REPLACE "|" ";" flags "${FLAGS}")
execute_process(COMMAND ${TOOL} ${INPUT} -o ${out} -- ${flags}
  RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)

if(MODE STREQUAL "golden")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "rt-codegen failed (${rc}):\n${stderr}")
  endif()
  file(READ ${out} actual)
else()
  if(rc EQUAL 0)
    message(FATAL_ERROR "rt-codegen succeeded on ${INPUT}, expected diagnostics")
  endif()
  set(actual "${stderr}")
endif()
string(REPLACE "${out}" "@OUT@" actual "${actual}")
string(REPLACE "${srcdir}/" "@SRC@/" actual "${actual}")

if("$ENV{RT_CODEGEN_UPDATE}" STREQUAL "1")
  file(WRITE ${EXPECTED} "${actual}")
  message(STATUS "updated ${EXPECTED}")
  return()
endif()
if(NOT EXISTS ${EXPECTED})
  file(WRITE ${OUTDIR}/${name}.actual "${actual}")
  message(FATAL_ERROR "missing ${EXPECTED}; the actual output is in ${OUTDIR}/${name}.actual")
endif()
file(READ ${EXPECTED} expected)
if(NOT actual STREQUAL expected)
  file(WRITE ${OUTDIR}/${name}.actual "${actual}")
  execute_process(COMMAND diff -u ${EXPECTED} ${OUTDIR}/${name}.actual OUTPUT_VARIABLE d)
  message(FATAL_ERROR "output differs from ${EXPECTED}:\n${d}")
endif()
