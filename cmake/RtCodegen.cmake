# RtCodegen.cmake — rt_codegen(<target> SOURCES <file>...): runs rt-codegen on the files of
# <target> that use [[rt::main]], [[rt::test]] or [[rt::select]], and compiles the generated files
# (under the build tree) in their place. Shipped with the installed package (find_package(rt)).
#
# - Flags come from the target through generator expressions (C++ standard, include directories and
#   compile definitions, transitively from what it links), so the tool parses what the compiler sees.
# - A file is regenerated when it, a header it includes (depfile) or the tool changes.
# - `import rt.X;` is parsed by mapping it to <rt/X.hpp> inside rt-codegen, so no BMI has to exist
#   before the generator runs: no ordering after rt's module builds is needed, in this tree or in a
#   consumer whose CMake builds rt's BMIs itself. The generated file keeps its imports.
# - All [[rt::main]]s of the target's listed sources are checked together: one per program.
include_guard(GLOBAL)

function(rt_codegen target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES")
  if(NOT TARGET ${target})
    message(FATAL_ERROR "rt_codegen: '${target}' is not a target")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "rt_codegen(${target}): give the annotated files with SOURCES")
  endif()
  if(NOT TARGET rt::rt-codegen)
    message(FATAL_ERROR "rt_codegen: rt::rt-codegen is missing (configure rt with RT_CODEGEN=ON)")
  endif()
  get_property(call_count TARGET ${target} PROPERTY RT_CODEGEN_CALLS)
  if(NOT call_count)
    set(call_count 0)
  endif()
  math(EXPR call_count "${call_count} + 1")
  set_property(TARGET ${target} PROPERTY RT_CODEGEN_CALLS ${call_count})

  set(outdir ${CMAKE_CURRENT_BINARY_DIR}/rt_codegen/${target})
  set(std $<TARGET_PROPERTY:${target},CXX_STANDARD>)
  set(includes $<REMOVE_DUPLICATES:$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>>)
  set(defines $<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>)
  set(flags
    "-std=c++$<IF:$<BOOL:${std}>,${std},20>"
    "$<$<BOOL:${includes}>:-I$<JOIN:${includes},$<SEMICOLON>-I>>"
    "$<$<BOOL:${defines}>:-D$<JOIN:${defines},$<SEMICOLON>-D>>")

  set(records "")
  foreach(src IN LISTS arg_SOURCES)
    get_filename_component(abs "${src}" ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    file(RELATIVE_PATH rel ${CMAKE_CURRENT_SOURCE_DIR} ${abs})
    if(rel MATCHES "^\\.\\./")
      get_filename_component(rel ${abs} NAME)
    endif()
    get_filename_component(dir ${abs} DIRECTORY)
    get_filename_component(ext ${rel} LAST_EXT)
    string(REGEX REPLACE "\\.[^./]*$" "" stem ${rel})
    set(out ${outdir}/${stem}.rt${ext})
    add_custom_command(OUTPUT ${out} ${out}.mains
      COMMAND rt::rt-codegen ${abs} -o ${out} --mains-file ${out}.mains --depfile ${out}.d -- ${flags}
      DEPENDS ${abs} rt::rt-codegen
      DEPFILE ${out}.d
      COMMENT "rt-codegen ${rel}"
      COMMAND_EXPAND_LISTS VERBATIM)
    # Compile the generated file instead; quoted includes still find the original's neighbours.
    set_source_files_properties(${abs} TARGET_DIRECTORY ${target} PROPERTIES HEADER_FILE_ONLY ON)
    set_source_files_properties(${out} PROPERTIES GENERATED ON COMPILE_OPTIONS "-iquote;${dir}")
    target_sources(${target} PRIVATE ${out})
    list(APPEND records ${out}.mains)
  endforeach()

  set(check ${outdir}/mains-${call_count}.check)
  add_custom_command(OUTPUT ${check}
    COMMAND rt::rt-codegen --check-mains ${records}
    COMMAND ${CMAKE_COMMAND} -E touch ${check}
    DEPENDS ${records} rt::rt-codegen
    COMMENT "rt-codegen: one [[rt::main]] in ${target}"
    VERBATIM)
  set_source_files_properties(${check} PROPERTIES GENERATED ON HEADER_FILE_ONLY ON)
  target_sources(${target} PRIVATE ${check})
endfunction()
