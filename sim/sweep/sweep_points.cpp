#include "sim/sweep/sweep_points.hpp"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>

#include "sim/config/config_loader.hpp"
#include "sim/config/config_yaml.hpp"

namespace mixsim::sweep {
namespace {

std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

// Sets root[a][b][c] = value for key "a.b.c"; numeric parts index lists. Missing map keys are
// created (the run-config parser then rejects unknown ones with the allowed keys).
void set_path(YAML::Node root, const Override& o) {
  auto parts = split_key(o.key);
  // reset() walks with fresh handles: assigning one yaml-cpp node to another would overwrite
  // the parent's child in place.
  YAML::Node node;
  node.reset(root);
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    bool last = i + 1 == parts.size();
    std::string here = fmt::format("{}: key '{}'", o.location, o.key);
    if (node.IsSequence()) {
      size_t index = 0;
      auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
      if (ec != std::errc() || end != part.data() + part.size() || index >= node.size())
        throw SweepError(fmt::format("{}: '{}' indexes a list of {} items; allowed indices: 0..{}",
                                     here, part, node.size(), node.size() == 0 ? 0 : node.size() - 1));
      if (last) {
        node[index] = YAML::Clone(o.value);
      } else {
        YAML::Node next = node[index];
        node.reset(next);
      }
    } else if (node.IsMap() || node.IsNull() || !node.IsDefined()) {  // absent keys are created
      if (last) {
        node[part] = YAML::Clone(o.value);
      } else {
        YAML::Node next = node[part];
        node.reset(next);
      }
    } else {
      throw SweepError(fmt::format("{}: '{}' is a single value in the base config, not a map or "
                                   "list, so it has no '{}'", here,
                                   fmt::join(parts.begin(), parts.begin() + static_cast<long>(i), "."), part));
    }
  }
}

// The sweep's mode goes to every phase; fast mode computes no values.
void apply_mode(YAML::Node root, const std::string& mode) {
  YAML::Node workload = root["workload"];
  if (!workload.IsMap()) return;  // the run-config parser reports the missing workload
  YAML::Node phases = workload["phases"];
  if (!phases.IsSequence()) return;
  for (size_t i = 0; i < phases.size(); ++i) {
    YAML::Node phase = phases[i];
    if (!phase.IsMap()) continue;
    phase["mode"] = mode;
    if (mode == "fast") phase["values"] = false;
  }
}

// energy.table is relative to the base config's folder; a point config lives elsewhere.
void absolutize_energy_table(YAML::Node root, const std::filesystem::path& base_dir) {
  YAML::Node energy = root["energy"];
  if (!energy.IsMap()) return;
  YAML::Node table = energy["table"];
  if (!table.IsScalar()) return;
  std::filesystem::path p = table.Scalar();
  if (p.is_relative()) table = std::filesystem::absolute(base_dir / p).lexically_normal().string();
}

std::string emit(const YAML::Node& root, const std::string& header) {
  YAML::Emitter out;
  out << root;
  return header + out.c_str() + "\n";
}

// 32-bit FNV-1a: a short, stable fingerprint of a point's axis values for its id.
uint32_t fnv1a(const std::string& text) {
  uint32_t h = 2166136261u;
  for (unsigned char c : text) h = (h ^ c) * 16777619u;
  return h;
}

std::string point_config(const SweepSpec& spec, const YAML::Node& base,
                         const std::vector<Override>& overrides, const std::string& header) {
  YAML::Node root = YAML::Clone(base);
  apply_mode(root, spec.mode);
  for (const auto& o : spec.set) set_path(root, o);
  for (const auto& o : overrides) set_path(root, o);
  if (root["output"].IsMap()) root.remove("output");  // `mixsim run --out` names the folder
  absolutize_energy_table(root, spec.base_path.parent_path());
  return emit(root, header);
}

// Runs the run-config parser on a point's config; its message (allowed keys, values, nearest
// spelling) is kept, its location in the generated text replaced by the sweep file's entry.
void check_point_config(const SweepSpec& spec, const std::string& yaml, const std::string& where) {
  const std::string marker = "<sweep point>";
  try {
    sim::parse_run_config(yaml, marker, spec.base_path.parent_path().string());
  } catch (const std::exception& e) {
    std::string message = e.what();
    if (message.rfind(marker, 0) == 0) {
      size_t colon = message.find(": ", marker.size());
      if (colon != std::string::npos) message = message.substr(colon + 2);
    }
    throw SweepError(fmt::format("{}: {}", where, message));
  }
}

}  // namespace

std::vector<SweepPoint> expand_points(const SweepSpec& spec) {
  YAML::Node base;
  try {
    base = YAML::LoadFile(spec.base_path.string());
    sim::load_run_config(spec.base_path.string());  // the base itself must be a valid config
  } catch (const YAML::Exception& e) {
    throw SweepError(fmt::format("{}: {}", spec.base_path.string(), e.what()));
  } catch (const std::exception& e) {
    throw SweepError(fmt::format("base config of {}: {}", spec.file, e.what()));
  }
  // Each axis value alone first, so an error points at the axis entry that causes it.
  for (const auto& axis : spec.axes)
    for (const auto& value : axis.values) {
      Override o{axis.key, value, axis.location};
      check_point_config(spec, point_config(spec, base, {o}, ""),
                         fmt::format("{}: axis '{}' value {}", axis.location, axis.key, value_text(value)));
    }
  size_t total = 1;
  for (const auto& axis : spec.axes) total *= axis.values.size();
  std::vector<SweepPoint> points;
  points.reserve(total);
  for (size_t index = 0; index < total; ++index) {
    SweepPoint p;
    p.index = index;
    size_t rest = index;
    std::vector<size_t> pick(spec.axes.size());
    for (size_t a = spec.axes.size(); a-- > 0;) {
      pick[a] = rest % spec.axes[a].values.size();
      rest /= spec.axes[a].values.size();
    }
    std::string description;
    for (size_t a = 0; a < spec.axes.size(); ++a) {
      const auto& axis = spec.axes[a];
      p.overrides.push_back({axis.key, axis.values[pick[a]], axis.location});
      description += (a ? ", " : "") + axis.key + "=" + value_text(axis.values[pick[a]]);
    }
    p.id = fmt::format("p{:04d}-{:08x}", index, fnv1a(description));
    std::string header = fmt::format("# sweep '{}' point {}: {}\n", spec.name, p.id, description);
    p.config_yaml = point_config(spec, base, p.overrides, header);
    // Combinations can fail where single values pass (e.g. a buffer too small for a larger array).
    check_point_config(spec, p.config_yaml, fmt::format("{}: point {} ({})", spec.file, p.id, description));
    points.push_back(std::move(p));
  }
  return points;
}

}  // namespace mixsim::sweep
