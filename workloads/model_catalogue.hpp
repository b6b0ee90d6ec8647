#pragma once
// The model catalogue: workloads/catalogue/<name>.yaml, compiled into the library (so the binary
// needs no data path at run time) and parsed with yaml-cpp on lookup.
#include <string>
#include <string_view>
#include <vector>

#include "workloads/model_spec.hpp"

namespace mixsim::workloads {

// Throws std::invalid_argument naming the unknown model and listing known_model_names().
ModelSpec find_model(std::string_view name);
std::vector<std::string> known_model_names();  // sorted

// Parses one catalogue YAML document. `origin` (a file name) prefixes every error, which also
// names the key and, for enumerations, the allowed values. Unknown keys are errors.
ModelSpec parse_model_yaml(std::string_view yaml_text, const std::string& origin);

}  // namespace mixsim::workloads
