# check_two_mains.cmake — rt-codegen on DIR/a.cpp and DIR/b.cpp (one [[rt::main]] each) succeeds
# per file, `rt-codegen --check-mains` over their records fails naming both places, and so does one
# run over both files.
string(REPLACE "|" ";" flags "${FLAGS}")
file(MAKE_DIRECTORY ${OUTDIR})
foreach(f a b)
  execute_process(COMMAND ${TOOL} ${DIR}/${f}.cpp -o ${OUTDIR}/${f}.rt.cpp --mains-file ${OUTDIR}/${f}.mains
    -- ${flags} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "rt-codegen ${f}.cpp failed:\n${err}")
  endif()
endforeach()
execute_process(COMMAND ${TOOL} --check-mains ${OUTDIR}/a.mains RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "--check-mains failed on a single main")
endif()
execute_process(COMMAND ${TOOL} --check-mains ${OUTDIR}/a.mains ${OUTDIR}/b.mains
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "--check-mains accepted two mains")
endif()
if(NOT err MATCHES "b\\.cpp:4:3: error: a second \\[\\[rt::main\\]\\] \\('::second'\\)"
   OR NOT err MATCHES "a\\.cpp:4:3: note: the first \\[\\[rt::main\\]\\] \\('::first'\\)")
  message(FATAL_ERROR "unexpected diagnostics:\n${err}")
endif()
# The same two files given to one rt-codegen run.
execute_process(COMMAND ${TOOL} ${DIR}/a.cpp ${DIR}/b.cpp -o ${OUTDIR}/a2.rt.cpp -o ${OUTDIR}/b2.rt.cpp -- ${flags}
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "b\\.cpp:4:3: error: a second \\[\\[rt::main\\]\\]")
  message(FATAL_ERROR "one run over both files: expected the two-mains error, got (${rc}):\n${err}")
endif()
