#pragma once
// "Did you mean ...?" for config keys and names: the nearest allowed spelling by edit distance.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mixsim::sim {

// Levenshtein distance (insert, delete, substitute each cost 1), case-sensitive.
int edit_distance(std::string_view a, std::string_view b);

// The allowed name closest to `given`, when it is close enough to be a plausible typo
// (distance <= max(2, |given|/3)); ties go to the first in `allowed`.
std::optional<std::string> nearest_name(std::string_view given,
                                        const std::vector<std::string>& allowed);

// "a, b, c" for error messages.
std::string join_names(const std::vector<std::string>& names);

}  // namespace mixsim::sim
