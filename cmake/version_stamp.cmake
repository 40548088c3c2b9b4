# Run at every build (not only at configure time): writes the version source with the current
# commit, marked "-dirty" when tracked files differ from it. configure_file rewrites the output
# only when its text changes, so an unchanged tree recompiles nothing.
# Inputs: SOURCE_DIR, INPUT, OUTPUT, OGAN_VERSION.
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE OGAN_GIT_SHA OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT OGAN_GIT_SHA)
  set(OGAN_GIT_SHA "unknown")
else()
  execute_process(COMMAND git status --porcelain --untracked-files=no WORKING_DIRECTORY ${SOURCE_DIR}
    OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(changes)
    string(APPEND OGAN_GIT_SHA "-dirty")
  endif()
endif()
configure_file(${INPUT} ${OUTPUT} @ONLY)
