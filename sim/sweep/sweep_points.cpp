#include "sim/sweep/sweep_points.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "sim/config/config_loader.hpp"
#include "sim/config/config_override.hpp"
#include "sim/config/config_yaml.hpp"

namespace mixsim::sweep {
namespace {

// The shared dotted-path setter (sim/config/config_override.hpp); its message gets the sweep
// file's location of the entry.
void set_path(YAML::Node root, const Override& o) {
  try {
    sim::set_dotted_path(root, o.key, o.value);
  } catch (const sim::ConfigError& e) {
    throw SweepError(fmt::format("{}: {}", o.location, e.what()));
  }
}

// The sweep's mode goes to every phase; fast mode computes no values.
void apply_mode(YAML::Node root, const std::string& mode) {
  YAML::Node workload = root["workload"];
  if (!workload.IsMap()) return;  // the run-config parser reports the missing workload
  // A GEMM-list workload may leave out its phases (one cycle-mode phase): give it one to set.
  if (workload["gemms_file"].IsDefined() && !workload["phases"].IsDefined()) {
    YAML::Node phase(YAML::NodeType::Map);
    workload["phases"].push_back(phase);
  }
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

// workload.gemms_file is relative to the base config's folder too.
void absolutize_gemms_file(YAML::Node root, const std::filesystem::path& base_dir) {
  YAML::Node workload = root["workload"];
  if (!workload.IsMap()) return;
  YAML::Node file = workload["gemms_file"];
  if (!file.IsScalar()) return;
  std::filesystem::path p = file.Scalar();
  if (p.is_relative()) file = std::filesystem::absolute(base_dir / p).lexically_normal().string();
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
  absolutize_gemms_file(root, spec.base_path.parent_path());
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
