# check_two_mains.cmake — rt-codegen on DIR/a.cpp and DIR/b.cpp (one [[rt::main]] each) succeeds
# per file, and `rt-codegen --check-mains` over their records fails naming both places.
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
