#pragma once
// What `mixsim --version` (and the Python module's __version__) report: the project version
// (CMake's project(VERSION)), the git revision the binary was built from, and the results
// schema version it writes. The revision is re-read at every build (sim/cli/version_info.cmake)
// and lives in a generated file that changes only when the revision does.
#include <string>

namespace mixsim {

const char* build_version();       // "0.1.0"
const char* build_git_revision();  // `git describe --always --dirty`, or "unknown" outside git

// "mixsim 0.1.0 (git ffb6070), results schema mixsim.results version 1"
std::string version_text();

}  // namespace mixsim
