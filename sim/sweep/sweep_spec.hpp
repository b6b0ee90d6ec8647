#pragma once
// A sweep file: a base run config plus axes of dotted-path overrides whose Cartesian product
// is the set of design points. Everything about the file is checked here, before any point
// runs; errors name sweep-file:line:col, the key and what is allowed.
//
//   name: example                      # optional, defaults to the file's stem
//   base: ../default.yaml              # run config the points start from (relative to this file)
//   mode: fast                         # fast | cycle: every phase's mode (default fast)
//   set:                               # optional overrides applied to every point
//     workload.gemms: [q_proj]
//   axes:                              # dotted YAML paths; list indices are numbers
//     hardware.array.rows: [16, 32]
//     hardware.dram.bandwidth_gbps: [32, 64]
//     compare: [[mixpe], [dequant-mac]]
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace mixsim::sweep {

struct SweepError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Override {
  std::string key;        // dotted path, e.g. "hardware.array.rows"
  YAML::Node value;       // scalar, list or map
  std::string location;   // "sweep.yaml:12:3" of the entry that sets it
};

struct SweepAxis {
  std::string key;
  std::vector<YAML::Node> values;
  std::string location;
};

inline const std::vector<std::string> kSweepModes = {"fast", "cycle"};
inline const std::vector<std::string> kSweepKeys = {"name", "base", "mode", "set", "axes"};

struct SweepSpec {
  std::string file;                       // as given on the command line
  std::string name;
  std::string base;                       // as written in the sweep file
  std::filesystem::path base_path;        // resolved against the sweep file's folder
  std::string mode = "fast";
  std::vector<Override> set;
  std::vector<SweepAxis> axes;            // file order; the last axis varies fastest
};

// Reads and checks the sweep file's structure (keys, empty axes, duplicate or conflicting
// entries). `mode_override` (--mode) replaces the file's mode. Point configs are checked by
// expand_points.
SweepSpec load_sweep_spec(const std::string& path, const std::optional<std::string>& mode_override);

// "16", "[mixpe, dequant-mac]": one-line YAML text of a value, used for ids and messages.
std::string value_text(const YAML::Node& value);

}  // namespace mixsim::sweep
