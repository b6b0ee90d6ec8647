#include "sim/config/config_yaml.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sim/config/config_suggest.hpp"

namespace mixsim::sim {
namespace {

std::string describe_node_type(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "nothing (null)";
    case YAML::NodeType::Scalar: return fmt::format("'{}'", node.Scalar());
    default: return "an undefined node";
  }
}

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

}  // namespace

ConfigNode::ConfigNode(YAML::Node node, std::string key_path,
                       std::shared_ptr<const std::string> file)
    : node_(std::move(node)), key_path_(std::move(key_path)), file_(std::move(file)) {}

std::string ConfigNode::location() const {
  const YAML::Mark mark = node_.Mark();
  if (mark.is_null() || mark.line < 0) return *file_;
  return fmt::format("{}:{}:{}", *file_, mark.line + 1, mark.column + 1);
}

void ConfigNode::fail(const std::string& problem) const {
  const std::string key = key_path_.empty() ? "(top level)" : key_path_;
  throw ConfigError(fmt::format("{}: key '{}': {}", location(), key, problem));
}

void ConfigNode::expect_map() const {
  if (!node_.IsMap()) fail(fmt::format("expected a map of keys, got {}", describe_node_type(node_)));
}

void ConfigNode::expect_keys(const std::vector<std::string>& allowed) const {
  expect_map();
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string key = it->first.Scalar();
    bool known = false;
    for (const auto& a : allowed) known = known || a == key;
    if (known) continue;
    std::string message = fmt::format("unknown key '{}'", key);
    if (auto near = nearest_name(key, allowed)) message += fmt::format(" (did you mean '{}'?)", *near);
    message += fmt::format("; allowed keys here: {}", join_names(allowed));
    ConfigNode(it->first, join_path(key_path_, key), file_).fail(message);
  }
}

bool ConfigNode::has(const std::string& key) const {
  return node_.IsMap() && static_cast<bool>(node_[key]);
}

ConfigNode ConfigNode::child(const std::string& key) const {
  expect_map();
  if (!has(key)) fail(fmt::format("missing required key '{}'", key));
  return ConfigNode(node_[key], join_path(key_path_, key), file_);
}

std::optional<ConfigNode> ConfigNode::optional_child(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return ConfigNode(node_[key], join_path(key_path_, key), file_);
}

std::vector<ConfigNode> ConfigNode::sequence_items() const {
  if (!node_.IsSequence()) fail(fmt::format("expected a list, got {}", describe_node_type(node_)));
  std::vector<ConfigNode> items;
  for (size_t i = 0; i < node_.size(); ++i)
    items.emplace_back(node_[i], fmt::format("{}[{}]", key_path_, i), file_);
  return items;
}

std::vector<std::pair<std::string, ConfigNode>> ConfigNode::map_items() const {
  expect_map();
  std::vector<std::pair<std::string, ConfigNode>> items;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string key = it->first.Scalar();
    items.emplace_back(key, ConfigNode(it->second, join_path(key_path_, key), file_));
  }
  return items;
}

std::string ConfigNode::scalar_or_fail(const std::string& expected) const {
  if (!node_.IsScalar()) fail(fmt::format("expected {}, got {}", expected, describe_node_type(node_)));
  return node_.Scalar();
}

int64_t ConfigNode::as_int(int64_t min_value, int64_t max_value) const {
  const std::string expected = fmt::format("an integer in [{}, {}]", min_value, max_value);
  const std::string text = scalar_or_fail(expected);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    fail(fmt::format("expected {}, got '{}'", expected, text));
  if (value < min_value || value > max_value)
    fail(fmt::format("value {} out of range: expected {}", value, expected));
  return value;
}

double ConfigNode::as_double(double min_value, double max_value) const {
  const std::string expected = fmt::format("a number in [{}, {}]", min_value, max_value);
  const std::string text = scalar_or_fail(expected);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    fail(fmt::format("expected {}, got '{}'", expected, text));
  if (value < min_value || value > max_value)
    fail(fmt::format("value {} out of range: expected {}", text, expected));
  return value;
}

double ConfigNode::as_positive_double() const {
  const std::string text = scalar_or_fail("a positive number");
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    fail(fmt::format("expected a positive number, got '{}'", text));
  if (!(value > 0.0)) fail(fmt::format("must be > 0, got {}", text));
  return value;
}

bool ConfigNode::as_bool() const {
  const std::string text = scalar_or_fail("true or false");
  if (text == "true") return true;
  if (text == "false") return false;
  fail(fmt::format("expected true or false, got '{}'", text));
}

std::string ConfigNode::as_string() const {
  std::string text = scalar_or_fail("a string");
  if (text.empty()) fail("expected a non-empty string");
  return text;
}

std::string ConfigNode::as_choice(const std::vector<std::string>& allowed) const {
  const std::string text = scalar_or_fail(fmt::format("one of: {}", join_names(allowed)));
  for (const auto& a : allowed)
    if (a == text) return text;
  std::string message = fmt::format("unknown value '{}'", text);
  if (auto near = nearest_name(text, allowed)) message += fmt::format(" (did you mean '{}'?)", *near);
  message += fmt::format("; allowed values: {}", join_names(allowed));
  fail(message);
}

ConfigNode parse_yaml_text(const std::string& text, const std::string& file_name) {
  auto file = std::make_shared<const std::string>(file_name);
  try {
    YAML::Node root = YAML::Load(text);
    return ConfigNode(root, "", file);
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("{}:{}:{}: YAML syntax error: {}", file_name, e.mark.line + 1,
                                  e.mark.column + 1, e.msg));
  }
}

std::string read_config_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("{}: cannot open config file", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(fmt::format("{}: error reading config file", path));
  return text.str();
}

ConfigNode parse_yaml_file(const std::string& path) {
  return parse_yaml_text(read_config_text(path), path);
}

}  // namespace mixsim::sim
