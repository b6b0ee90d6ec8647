#include "sim/config/config_suggest.hpp"

#include <algorithm>
#include <numeric>

namespace mixsim::sim {

int edit_distance(std::string_view a, std::string_view b) {
  // Two-row dynamic programme: row[j] = distance(a[0..i), b[0..j)).
  std::vector<int> previous(b.size() + 1), current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> nearest_name(std::string_view given,
                                        const std::vector<std::string>& allowed) {
  const int limit = std::max(2, static_cast<int>(given.size()) / 3);
  std::optional<std::string> best;
  int best_distance = limit + 1;
  for (const auto& name : allowed) {
    const int d = edit_distance(given, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  return out;
}

}  // namespace mixsim::sim
