# check_deterministic_replay.cmake — PROGRAM holds a deterministic [[rt::test]] that fails for some
# seeds. It must exit 1 naming the first failing seed; run again with RT_SEED=<that seed> it must fail
# again, having run that seed alone.
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL "1")
  message(FATAL_ERROR "expected exit 1, got ${rc}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT out MATCHES "deterministic seed ([0-9]+) \\(replay it alone with RT_SEED=([0-9]+)\\)")
  message(FATAL_ERROR "the failure does not name its seed:\n${out}")
endif()
set(seed ${CMAKE_MATCH_1})
execute_process(COMMAND ${CMAKE_COMMAND} -E env RT_SEED=${seed} ${PROGRAM}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL "1")
  message(FATAL_ERROR "replaying seed ${seed} did not fail (exit ${rc})\nstdout:\n${out}\nstderr:\n${err}")
endif()
string(REGEX MATCHALL "deterministic seed [0-9]+ " named "${out}")
list(REMOVE_DUPLICATES named)
if(NOT named STREQUAL "deterministic seed ${seed} ")
  message(FATAL_ERROR "replay of seed ${seed} reported other seeds: ${named}\n${out}")
endif()
message(STATUS "seed ${seed} failed and replayed alone")
