# The layering is enforced by the build: compiled with a stage's include view
# (build/stages/<stage>), an include of a higher stage is "No such file".
#   cmake -DCXX=... -DVIEW=<build>/stages/model -DSOURCE_DIR=<repo> -P check.cmake
foreach(case forward_edge back_edge)
  execute_process(
    COMMAND ${CXX} -std=c++20 -fsyntax-only -I${VIEW} ${SOURCE_DIR}/tests/layering/${case}.cpp
    RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  if(case STREQUAL "forward_edge" AND NOT rc EQUAL 0)
    message(FATAL_ERROR "the model stage's own includes do not compile:\n${err}")
  endif()
  if(case STREQUAL "back_edge")
    if(rc EQUAL 0)
      message(FATAL_ERROR "a back-edge include (model -> engine) compiled: the stage views do not enforce the layering")
    endif()
    if(NOT err MATCHES "lint/engine/engine.h: No such file or directory")
      message(FATAL_ERROR "the back-edge failed for another reason than the missing header:\n${err}")
    endif()
  endif()
endforeach()
message(STATUS "layering: model -> engine is refused, model -> base compiles")
