#pragma once
// The one YAML parser of mixsim run configs (docs/CONFIG.md lists every key, type, allowed
// values and default). Every error is a ConfigError whose message names file:line:col, the
// dotted key and what is allowed; nothing downstream re-validates the YAML.
#include <string>
#include <vector>

#include "sim/config/config_types.hpp"
#include "sim/config/config_yaml.hpp"

namespace mixsim::sim {

// The recipes a PE type may run in a config (first = its default; for error messages and
// defaults). PE names come from sim/pe/pe_registry.hpp known_pe_types().
std::vector<std::string> recipes_for_pe(const std::string& pe);

// Loads a config file. `overrides` are "dotted.key=value" strings (e.g.
// "hardware.array.rows=64") applied to the YAML before it is checked, so a sweep point can be
// described without writing a file. Relative paths inside (energy.table) are resolved against
// the config file's directory.
RunConfig load_run_config(const std::string& path, const std::vector<std::string>& overrides = {});

// Same, from YAML text; `file_name` is used in messages, `base_dir` resolves relative paths.
RunConfig parse_run_config(const std::string& yaml_text, const std::string& file_name,
                           const std::string& base_dir,
                           const std::vector<std::string>& overrides = {});

// Bytes of one weight / activation / output tile of the array for a PE choice (the smallest
// unit the controller moves), used to reject buffers that cannot hold one tile.
struct TileBytes {
  int64_t weight = 0;
  int64_t activation = 0;
  int64_t output = 0;
};
TileBytes minimum_tile_bytes(const ArrayConfig& array, const PeChoice& pe);

}  // namespace mixsim::sim
