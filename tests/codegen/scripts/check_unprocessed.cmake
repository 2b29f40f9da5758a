# check_unprocessed.cmake — compiling a select that rt-codegen did not rewrite must fail (never run
# the branches one after another), with the message that says what to do.
string(REPLACE "|" ";" flags "${FLAGS}")
execute_process(COMMAND ${CXX} ${flags} -fsyntax-only ${INPUT} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "an unprocessed select compiled: ${INPUT}")
endif()
if(NOT err MATCHES "was not rewritten by rt-codegen")
  message(FATAL_ERROR "unexpected diagnostics:\n${err}")
endif()
