#include "sim/sweep/sweep_spec.hpp"

#include <fmt/format.h>

#include <map>

#include "sim/config/config_override.hpp"
#include "sim/config/config_suggest.hpp"
#include "sim/config/config_yaml.hpp"

namespace mixsim::sweep {
namespace {

using sim::ConfigError;
using sim::ConfigNode;

// Dotted keys are split and checked by the setter the points use (sim/config/config_override.hpp).
std::vector<std::string> split_key(const std::string& key) { return sim::split_dotted_key(key); }

// True when one dotted path equals the other or lies inside it ("a.b" and "a.b.c").
bool overlaps(const std::string& a, const std::string& b) {
  auto pa = split_key(a), pb = split_key(b);
  size_t n = std::min(pa.size(), pb.size());
  for (size_t i = 0; i < n; ++i)
    if (pa[i] != pb[i]) return false;
  return true;
}

void check_key_syntax(const ConfigNode& key_node, const std::string& key) {
  if (const auto problem = sim::dotted_key_problem(key))
    key_node.fail(*problem + "; write keys like hardware.array.rows or compare.0.recipe");
  if (key.rfind("output", 0) == 0 && (key.size() == 6 || key[6] == '.'))
    key_node.fail("the sweep sets each point's output folder itself; output.* cannot be swept "
                  "or set");
}

std::vector<Override> read_set(const ConfigNode& node) {
  std::vector<Override> set;
  for (const auto& [key, value] : node.map_items()) {
    check_key_syntax(value, key);
    set.push_back({key, YAML::Clone(value.yaml()), value.location()});
  }
  return set;
}

std::vector<SweepAxis> read_axes(const ConfigNode& node) {
  if (!node.yaml().IsMap() || node.yaml().size() == 0)
    node.fail("expected a map of at least one axis: dotted.key: [value, value, ...]");
  std::vector<SweepAxis> axes;
  for (const auto& [key, values] : node.map_items()) {
    check_key_syntax(values, key);
    if (!values.yaml().IsSequence())
      values.fail("an axis is a list of values, e.g. [16, 32]; for one fixed value use 'set:'");
    if (values.yaml().size() == 0)
      values.fail("empty axis: give at least one value (a sweep over nothing runs nothing)");
    SweepAxis axis{key, {}, values.location()};
    std::map<std::string, std::string> seen;  // value text -> location
    for (const auto& item : values.sequence_items()) {
      std::string text = value_text(item.yaml());
      if (auto it = seen.find(text); it != seen.end())
        item.fail(fmt::format("value {} is listed twice in this axis (first at {}); each value "
                              "may appear once", text, it->second));
      seen.emplace(text, item.location());
      axis.values.push_back(YAML::Clone(item.yaml()));
    }
    axes.push_back(std::move(axis));
  }
  return axes;
}

// Two entries that set the same value (or one inside the other) cannot both hold.
void check_conflicts(const SweepSpec& spec) {
  struct Entry {
    std::string kind, key, location;
  };
  std::vector<Entry> entries;
  for (const auto& a : spec.axes) entries.push_back({"axis", a.key, a.location});
  for (const auto& s : spec.set) entries.push_back({"set", s.key, s.location});
  for (size_t i = 0; i < entries.size(); ++i)
    for (size_t j = i + 1; j < entries.size(); ++j)
      if (overlaps(entries[i].key, entries[j].key))
        throw SweepError(fmt::format(
            "{}: {} '{}' conflicts with {} '{}' at {}: both would set {}; keep one of them",
            entries[j].location, entries[j].kind, entries[j].key, entries[i].kind,
            entries[i].key, entries[i].location,
            entries[i].key.size() <= entries[j].key.size() ? entries[i].key : entries[j].key));
}

}  // namespace

std::string value_text(const YAML::Node& value) {
  YAML::Emitter out;
  out << YAML::Flow << value;
  return out.c_str();
}

SweepSpec load_sweep_spec(const std::string& path, const std::optional<std::string>& mode_override) {
  try {
    ConfigNode root = sim::parse_yaml_file(path);
    root.expect_keys(kSweepKeys);
    SweepSpec spec;
    spec.file = path;
    spec.name = std::filesystem::path(path).stem().string();
    if (auto n = root.optional_child("name")) spec.name = n->as_string();
    auto base = root.child("base");
    spec.base = base.as_string();
    spec.base_path = std::filesystem::path(spec.base).is_absolute()
                         ? std::filesystem::path(spec.base)
                         : std::filesystem::path(path).parent_path() / spec.base;
    if (!std::filesystem::is_regular_file(spec.base_path))
      base.fail(fmt::format("base config '{}' not found", spec.base_path.string()));
    if (auto m = root.optional_child("mode")) spec.mode = m->as_choice(kSweepModes);
    if (mode_override) {
      if (*mode_override != "fast" && *mode_override != "cycle")
        throw SweepError(fmt::format("--mode '{}': allowed values: fast, cycle", *mode_override));
      spec.mode = *mode_override;
    }
    if (auto s = root.optional_child("set")) spec.set = read_set(*s);
    spec.axes = read_axes(root.child("axes"));
    check_conflicts(spec);
    return spec;
  } catch (const ConfigError& e) {
    throw SweepError(e.what());
  }
}

}  // namespace mixsim::sweep
