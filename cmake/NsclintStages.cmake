# The pipeline's stages, each a static library that sees only the headers of
# the stages it declares (and theirs): a back-edge include does not compile.
#
#   nsclint_stage(NAME DIR DEPS...)
#
# compiles every .cpp under DIR into nsclint_<NAME> and links the DEPS'
# libraries. Its include path is a folder of links in the build tree,
# stages/<NAME>/, that holds DIR and the folders of its dependency closure
# only, so that `#include "lint/engine/engine.h"` from lint/model fails with
# "No such file or directory". The tests, fuzz targets and benchmarks, which
# see every stage, use the source root instead (nsclint_core).

set(NSCLINT_STAGES "" CACHE INTERNAL "")

function(nsclint_stage name dir)
  set(deps ${ARGN})
  # The dependency closure: the stage's own folder, its deps and their closures.
  set(closure_dirs ${dir})
  set(closure_stages "")
  foreach(dep IN LISTS deps)
    if(NOT DEFINED NSCLINT_STAGE_DIRS_${dep})
      message(FATAL_ERROR "stage ${name}: stage ${dep} is not defined before it")
    endif()
    list(APPEND closure_dirs ${NSCLINT_STAGE_DIRS_${dep}})
    list(APPEND closure_stages ${dep} ${NSCLINT_STAGE_CLOSURE_${dep}})
  endforeach()
  list(REMOVE_DUPLICATES closure_dirs)
  list(REMOVE_DUPLICATES closure_stages)
  set(NSCLINT_STAGE_DIRS_${name} ${closure_dirs} CACHE INTERNAL "")
  set(NSCLINT_STAGE_CLOSURE_${name} ${closure_stages} CACHE INTERNAL "")

  set(view ${CMAKE_BINARY_DIR}/stages/${name})
  file(REMOVE_RECURSE ${view})
  foreach(d IN LISTS closure_dirs)
    get_filename_component(parent ${view}/${d} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${d} ${view}/${d} SYMBOLIC)
  endforeach()

  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${dir}/*.cpp)
  list(FILTER sources EXCLUDE REGEX "/main\\.cpp$")
  add_library(nsclint_${name} STATIC ${sources})
  target_include_directories(nsclint_${name} PRIVATE ${view})
  target_compile_options(nsclint_${name} PRIVATE ${NSCLINT_WARNINGS})
  foreach(dep IN LISTS deps)
    target_link_libraries(nsclint_${name} PUBLIC nsclint_${dep})
  endforeach()
  set(NSCLINT_STAGES ${NSCLINT_STAGES} ${name} CACHE INTERNAL "")
endfunction()
