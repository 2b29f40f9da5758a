# check_line_mapping.cmake — generates INPUT, compiles the result with CXX, and checks that the
# error in the user's select branch body is reported at the user's file, line and column (the
# expected place is the `error here: LINE:COL` comment in INPUT; the error is compiled in with
# -DRT_LINE_MAPPING_ERROR, so rt-codegen itself does not see it).
string(REPLACE "|" ";" flags "${FLAGS}")
file(MAKE_DIRECTORY ${OUTDIR})
get_filename_component(name ${INPUT} NAME_WE)
execute_process(COMMAND ${TOOL} ${INPUT} -o ${OUTDIR}/${name}.rt.cpp -- ${flags} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rt-codegen failed:\n${err}")
endif()
execute_process(COMMAND ${CXX} ${flags} -DRT_LINE_MAPPING_ERROR -fsyntax-only ${OUTDIR}/${name}.rt.cpp RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "the generated file compiled; expected an error")
endif()
file(READ ${INPUT} text)
string(REGEX MATCH "error here: ([0-9]+):([0-9]+)" _ "${text}")
set(where "${INPUT}:${CMAKE_MATCH_1}:${CMAKE_MATCH_2}: error:")
string(FIND "${err}" "${where}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "expected a diagnostic at ${where}, got:\n${err}")
endif()
