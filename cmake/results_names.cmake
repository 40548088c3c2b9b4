# Writes the constants header of the results vocabulary from engine/results/names.txt: a line
# "NAME VALUE  # note" becomes `inline constexpr const char* NAME = "VALUE";  // note` in the
# namespace of the last "namespace X" line; "# text" lines become comments. The header is
# rewritten only when its text changes, so an unchanged list recompiles nothing.
#   cmake -DINPUT=<names.txt> -DOUTPUT=<names_list.hpp> -P results_names.cmake
file(STRINGS ${INPUT} lines)
set(body "")
set(ns "")
set(n 0)
foreach(line IN LISTS lines)
  math(EXPR n "${n} + 1")
  if(line STREQUAL "")
    string(APPEND body "\n")
  elseif(line MATCHES "^#(.*)$")
    string(APPEND body "//${CMAKE_MATCH_1}\n")
  elseif(line MATCHES "^namespace ([a-z_]+)$")
    if(ns)
      string(APPEND body "}  // namespace ${ns}\n")
    endif()
    set(ns ${CMAKE_MATCH_1})
    string(APPEND body "namespace ${ns} {\n")
  elseif(line MATCHES "^(k[A-Za-z0-9]+) ([^ #\"]+)( +# (.*))?$")
    if(NOT ns)
      message(FATAL_ERROR "${INPUT}:${n}: a name before the first 'namespace' line")
    endif()
    set(note "")
    if(CMAKE_MATCH_4)
      set(note "  // ${CMAKE_MATCH_4}")
    endif()
    string(APPEND body "inline constexpr const char* ${CMAKE_MATCH_1} = \"${CMAKE_MATCH_2}\";${note}\n")
  else()
    message(FATAL_ERROR "${INPUT}:${n}: expected 'NAME VALUE', 'namespace X', '# comment' or a blank line, got '${line}'")
  endif()
endforeach()
if(ns)
  string(APPEND body "}  // namespace ${ns}\n")
endif()
set(text "// Generated from engine/results/names.txt by cmake/results_names.cmake: edit that file.
#pragma once

namespace ogan::results {
${body}}  // namespace ogan::results
")
set(old "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUTPUT} "${text}")
endif()
