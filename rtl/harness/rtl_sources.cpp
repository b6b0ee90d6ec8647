#include "rtl/harness/rtl_sources.hpp"

#include <cstdlib>

namespace mixsim::rtl {

std::filesystem::path source_root() {
  const char* override_dir = std::getenv("MIXSIM_SOURCE_DIR");
  if (override_dir != nullptr && *override_dir != '\0') return override_dir;
  return MIXSIM_RTL_SOURCE_DIR;
}

std::string yosys_executable() {
  const char* override_path = std::getenv("MIXSIM_YOSYS");
  if (override_path != nullptr && *override_path != '\0') return override_path;
  return MIXSIM_YOSYS_PATH;
}

std::string sta_executable() {
  const char* override_path = std::getenv("MIXSIM_STA");
  if (override_path != nullptr && *override_path != '\0') return override_path;
  return MIXSIM_STA_PATH;
}

}  // namespace mixsim::rtl
