#pragma once
// A YAML node that knows its file and dotted key path, so that every config error can name
// file:line:column, the key and what is allowed. Used only by sim/config/config_loader.cpp.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace mixsim::sim {

// Every bad-config problem: the message starts with "FILE:LINE:COL: " where known.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ConfigNode {
 public:
  ConfigNode(YAML::Node node, std::string key_path, std::shared_ptr<const std::string> file);

  const std::string& key_path() const { return key_path_; }
  const std::string& file() const { return *file_; }
  const YAML::Node& yaml() const { return node_; }
  std::string location() const;  // "file:line:col" (1-based), or "file" without a mark

  [[noreturn]] void fail(const std::string& problem) const;

  // Structure checks.
  void expect_map() const;
  // Throws on the first key not in `allowed`, suggesting the nearest allowed key.
  void expect_keys(const std::vector<std::string>& allowed) const;
  bool has(const std::string& key) const;
  ConfigNode child(const std::string& key) const;  // throws "missing key" when absent
  std::optional<ConfigNode> optional_child(const std::string& key) const;
  std::vector<ConfigNode> sequence_items() const;  // throws unless a sequence
  std::vector<std::pair<std::string, ConfigNode>> map_items() const;  // throws unless a map

  // Typed scalar reads; each names the expected type and range on failure.
  int64_t as_int(int64_t min_value, int64_t max_value) const;
  double as_positive_double() const;        // > 0, finite
  double as_double(double min_value, double max_value) const;
  bool as_bool() const;
  std::string as_string() const;            // any non-empty scalar
  std::string as_choice(const std::vector<std::string>& allowed) const;

 private:
  std::string scalar_or_fail(const std::string& expected) const;
  YAML::Node node_;
  std::string key_path_;
  std::shared_ptr<const std::string> file_;
};

// Parses a YAML text; syntax errors become ConfigError with file:line:col.
ConfigNode parse_yaml_text(const std::string& text, const std::string& file_name);
// Reads a whole file; a missing/unreadable file is a ConfigError naming it.
std::string read_config_text(const std::string& path);
// Reads and parses a file; a missing/unreadable file is a ConfigError naming it.
ConfigNode parse_yaml_file(const std::string& path);

}  // namespace mixsim::sim
