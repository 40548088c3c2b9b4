# Every C++ source the repository tracks follows .clang-format (clang-format --dry-run -Werror).
#   cmake -DROOT=<source dir> -DCLANG_FORMAT=<clang-format> -P check_format.cmake
execute_process(COMMAND git ls-files -- "*.cpp" "*.hpp" "*.h" WORKING_DIRECTORY ${ROOT}
  OUTPUT_VARIABLE files OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT files)
  message(FATAL_ERROR "git ls-files found no C++ sources under ${ROOT}")
endif()
string(REPLACE "\n" ";" files "${files}")
execute_process(COMMAND ${CLANG_FORMAT} --dry-run -Werror ${files} WORKING_DIRECTORY ${ROOT}
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  string(REGEX MATCHALL "[^\n]*: error: [^\n]*" lines "${err}")
  list(LENGTH lines n)
  list(SUBLIST lines 0 20 first)
  string(REPLACE ";" "\n" first "${first}")
  message(FATAL_ERROR "${n} place(s) differ from .clang-format; run ./scripts/format. First ones:\n${first}")
endif()
message(STATUS "every tracked C++ source follows .clang-format")
