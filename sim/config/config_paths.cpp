#include "sim/config/config_paths.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

namespace mixsim::sim {
namespace {

namespace fs = std::filesystem;

// CMAKE_HOME_DIRECTORY from the nearest CMakeCache.txt above the running executable.
std::optional<fs::path> source_dir_from_build_tree() {
  std::error_code ec;
  fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
  if (ec) return std::nullopt;
  for (int up = 0; up < 4 && !dir.empty(); ++up, dir = dir.parent_path()) {
    std::ifstream cache(dir / "CMakeCache.txt");
    if (!cache) continue;
    const std::string key = "CMAKE_HOME_DIRECTORY:INTERNAL=";
    for (std::string line; std::getline(cache, line);)
      if (line.rfind(key, 0) == 0) return fs::path(line.substr(key.size()));
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::string default_config_path() {
  std::vector<fs::path> candidates;
#ifdef MIXSIM_SOURCE_DIR
  candidates.push_back(fs::path(MIXSIM_SOURCE_DIR) / "configs/default.yaml");
#endif
  if (const char* env = std::getenv("MIXSIM_SOURCE_DIR"))
    candidates.push_back(fs::path(env) / "configs/default.yaml");
  if (auto src = source_dir_from_build_tree()) candidates.push_back(*src / "configs/default.yaml");
  candidates.push_back(fs::path("configs/default.yaml"));
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(c, ec)) return c.string();
  }
  return candidates.back().string();
}

}  // namespace mixsim::sim
