#pragma once
// Where the shipped configs live, for `mixsim run` with no argument and for callers that want
// the default hardware (e.g. `mixsim gemm --impl sim`).
#include <string>

namespace mixsim::sim {

// configs/default.yaml of the source tree, found in this order:
//  1. the compile definition MIXSIM_SOURCE_DIR (when the build sets it for this file),
//  2. the environment variable MIXSIM_SOURCE_DIR (ctest sets it),
//  3. the source directory recorded in the CMakeCache.txt of the build tree holding the running
//     executable (build*/mixsim -> build*/CMakeCache.txt -> CMAKE_HOME_DIRECTORY),
//  4. ./configs/default.yaml.
// Returns the first candidate that exists, else the last one (so the error names a path).
std::string default_config_path();

}  // namespace mixsim::sim
