#pragma once
// Dotted-path overrides of a config's YAML tree: the one implementation behind
// `mixsim run --set key=value` and a sweep file's `set:` and `axes:` entries, so both accept
// the same paths ("hardware.array.rows", "compare.0.recipe", "workload.phases.1.mode") and
// report the same errors. Numeric segments index lists; absent map keys are created (the
// run-config parser then rejects unknown keys with the allowed ones).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace mixsim::sim {

// "a.b.0.c" -> {"a", "b", "0", "c"}.
std::vector<std::string> split_dotted_key(const std::string& key);

// Why a dotted key cannot be a path (an empty segment: two dots, or a dot at an end), if so.
std::optional<std::string> dotted_key_problem(const std::string& key);

// Sets root[a][b][c] = a copy of `value` for key "a.b.c", in place (marks of untouched keys
// survive). Throws ConfigError "key 'KEY': PROBLEM" (no location: callers prefix theirs) for
// an empty segment, a list index that is not a number or out of range, or a path through a
// single value.
void set_dotted_path(YAML::Node root, const std::string& key, const YAML::Node& value);

// "dotted.key=value" -> (key, the value parsed as YAML). Throws ConfigError (without the
// assignment: callers name it) for a missing '=' or key, or a value that is not valid YAML.
std::pair<std::string, YAML::Node> parse_assignment(const std::string& assignment);

}  // namespace mixsim::sim
