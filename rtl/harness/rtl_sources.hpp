#pragma once
// Where the RTL sources and the Yosys binary are: the source tree this build was configured
// from (override with MIXSIM_SOURCE_DIR) and the yosys CMake found (override with MIXSIM_YOSYS).
#include <filesystem>
#include <string>

namespace mixsim::rtl {

std::filesystem::path source_root();
std::string yosys_executable();
// OpenSTA's binary (Debian package opensta installs it as `sta`; override with MIXSIM_STA).
std::string sta_executable();

}  // namespace mixsim::rtl
