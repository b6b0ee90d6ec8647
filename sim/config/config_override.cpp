#include "sim/config/config_override.hpp"

#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/config/config_yaml.hpp"

namespace mixsim::sim {
namespace {

std::string list_index_problem(const std::string& part, size_t size) {
  if (size == 0) return fmt::format("'{}' indexes an empty list; there is no index to set", part);
  return fmt::format("'{}' indexes a list of {} items; allowed indices: 0..{}", part, size, size - 1);
}

}  // namespace

std::vector<std::string> split_dotted_key(const std::string& key) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    const size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::optional<std::string> dotted_key_problem(const std::string& key) {
  for (const auto& part : split_dotted_key(key))
    if (part.empty()) return "empty key segment (two dots, or a dot at an end)";
  return std::nullopt;
}

void set_dotted_path(YAML::Node root, const std::string& key, const YAML::Node& value) {
  const auto parts = split_dotted_key(key);
  const auto fail = [&](const std::string& problem) {
    throw ConfigError(fmt::format("key '{}': {}", key, problem));
  };
  // reset() walks with fresh handles: assigning one yaml-cpp node to another would overwrite
  // the parent's child in place.
  YAML::Node node;
  node.reset(root);
  if (const auto problem = dotted_key_problem(key)) fail(*problem);
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    if (node.IsSequence()) {
      size_t index = 0;
      const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
      if (ec != std::errc() || end != part.data() + part.size() || index >= node.size())
        fail(list_index_problem(part, node.size()));
      if (last) {
        node[index] = YAML::Clone(value);
      } else {
        YAML::Node next = node[index];
        node.reset(next);
      }
    } else if (node.IsMap() || node.IsNull() || !node.IsDefined()) {
      if (last) {
        node[part] = YAML::Clone(value);
      } else {
        YAML::Node next = node[part];
        node.reset(next);
      }
    } else {
      fail(fmt::format("'{}' is a single value, not a map or list, so it has no '{}'",
                       fmt::join(parts.begin(), parts.begin() + static_cast<long>(i), "."), part));
    }
  }
}

std::pair<std::string, YAML::Node> parse_assignment(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("expected dotted.key=value");
  try {
    return {assignment.substr(0, eq), YAML::Load(assignment.substr(eq + 1))};
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("the value '{}' is not valid YAML: {}", assignment.substr(eq + 1), e.msg));
  }
}

}  // namespace mixsim::sim
