#pragma once
// Helpers shared by the report tests: fixture paths, a fresh temp folder, CSV reading.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

namespace mixsim::reports::testing {

inline std::filesystem::path fixture(const std::string& name) {
  const char* root = std::getenv("MIXSIM_SOURCE_DIR");
  std::filesystem::path base = root ? root : ".";
  return base / "tests/reports/data" / name;
}

inline nlohmann::json load_fixture(const std::string& name) {
  std::ifstream in(fixture(name));
  return nlohmann::json::parse(in);
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh folder under the system temp dir, removed by the destructor.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& tag) {
    path = std::filesystem::temp_directory_path() /
           ("mixsim-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

// Simple CSV reader for the report's own output (fields never contain quotes or commas here).
using CsvRow = std::map<std::string, std::string>;
inline std::vector<CsvRow> read_csv(const std::filesystem::path& path) {
  std::istringstream in(read_text(path));
  std::string line;
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
  auto split = [](const std::string& l) {
    std::vector<std::string> out;
    std::string field;
    std::istringstream s(l);
    while (std::getline(s, field, ',')) out.push_back(field);
    if (!l.empty() && l.back() == ',') out.push_back("");
    return out;
  };
  if (!std::getline(in, line)) return rows;
  header = split(line);
  while (std::getline(in, line)) {
    auto fields = split(line);
    CsvRow row;
    for (size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(row);
  }
  return rows;
}

}  // namespace mixsim::reports::testing
