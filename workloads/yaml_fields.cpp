#include "workloads/yaml_fields.hpp"

#include <stdexcept>

namespace mixsim::workloads {

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

YamlFields::YamlFields(std::string_view text, std::string origin) : origin_(std::move(origin)) {
  try {
    root_ = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw std::invalid_argument(origin_ + ":" + std::to_string(e.mark.line + 1) +
                                ": invalid YAML: " + e.msg);
  }
  if (!root_.IsMap())
    throw std::invalid_argument(origin_ + ": expected a mapping of keys to values at the top level");
}

std::string YamlFields::where(const std::string& key) const {
  const YAML::Node n = root_[key];
  if (n && n.Mark().line >= 0) return origin_ + ":" + std::to_string(n.Mark().line + 1);
  return origin_;
}

void YamlFields::fail(const std::string& key, const std::string& message) const {
  throw std::invalid_argument(where(key) + ": key '" + key + "': " + message);
}

void YamlFields::reject_unknown_keys(const std::set<std::string>& allowed) const {
  for (const auto& kv : root_) {
    const std::string key = kv.first.as<std::string>();
    if (!allowed.count(key))
      throw std::invalid_argument(origin_ + ":" + std::to_string(kv.first.Mark().line + 1) +
                                  ": unknown key '" + key + "'; allowed keys: " +
                                  join({allowed.begin(), allowed.end()}, ", "));
  }
}

bool YamlFields::has(const std::string& key) const { return static_cast<bool>(root_[key]); }

YAML::Node YamlFields::node(const std::string& key) const {
  const YAML::Node n = root_[key];
  if (!n) throw std::invalid_argument(origin_ + ": missing required key '" + key + "'");
  if (!n.IsScalar()) fail(key, "expected a single value");
  return n;
}

std::string YamlFields::string(const std::string& key) const { return node(key).Scalar(); }

std::string YamlFields::string_or(const std::string& key, const std::string& fallback) const {
  return has(key) ? string(key) : fallback;
}

int64_t YamlFields::positive_int(const std::string& key) const {
  int64_t v = 0;
  try {
    v = node(key).as<int64_t>();
  } catch (const YAML::Exception&) {
    fail(key, "expected an integer, got '" + node(key).Scalar() + "'");
  }
  if (v <= 0) fail(key, "must be > 0, got " + std::to_string(v));
  return v;
}

int64_t YamlFields::int_or(const std::string& key, int64_t fallback, int64_t min_value) const {
  if (!has(key)) return fallback;
  int64_t v = 0;
  try {
    v = node(key).as<int64_t>();
  } catch (const YAML::Exception&) {
    fail(key, "expected an integer, got '" + node(key).Scalar() + "'");
  }
  if (v < min_value) fail(key, "must be >= " + std::to_string(min_value) + ", got " + std::to_string(v));
  return v;
}

bool YamlFields::boolean_or(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const std::string s = string(key);
  if (s == "true") return true;
  if (s == "false") return false;
  fail(key, "expected true or false, got '" + s + "'");
}

std::string YamlFields::choice(const std::string& key, const std::vector<std::string>& allowed) const {
  const std::string s = string(key);
  for (const auto& a : allowed)
    if (s == a) return s;
  fail(key, "'" + s + "' is not one of: " + join(allowed, ", "));
}

}  // namespace mixsim::workloads
