#pragma once
// Reading a flat YAML mapping with errors that name the file, the line, the key and what is
// allowed: shared by the model catalogue and the recipe configs.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace mixsim::workloads {

class YamlFields {
 public:
  // Parses `text`; `origin` (a file name) prefixes every error. Throws std::invalid_argument.
  YamlFields(std::string_view text, std::string origin);

  // Throws for any key not in `allowed`, listing the allowed keys.
  void reject_unknown_keys(const std::set<std::string>& allowed) const;

  bool has(const std::string& key) const;
  std::string string(const std::string& key) const;                   // required
  std::string string_or(const std::string& key, const std::string& fallback) const;
  int64_t positive_int(const std::string& key) const;                 // required, > 0
  int64_t int_or(const std::string& key, int64_t fallback, int64_t min_value) const;
  bool boolean_or(const std::string& key, bool fallback) const;
  // Required string that must be one of `allowed` (listed in the error).
  std::string choice(const std::string& key, const std::vector<std::string>& allowed) const;

  // "origin:line: key 'k': message" for errors the caller detects itself.
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  const std::string& origin() const { return origin_; }

 private:
  YAML::Node node(const std::string& key) const;  // required
  std::string where(const std::string& key) const;
  YAML::Node root_;
  std::string origin_;
};

std::string join(const std::vector<std::string>& items, const std::string& separator);

}  // namespace mixsim::workloads
