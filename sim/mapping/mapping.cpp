#include "sim/mapping/mapping.hpp"

#include <fmt/format.h>

#include <charconv>
#include <sstream>
#include <stdexcept>

namespace mixsim::sim {
namespace {

int64_t parse_count(const std::string& field, const std::string& value) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || end != value.data() + value.size() || v < 1)
    throw std::invalid_argument(fmt::format("mapping field '{}': '{}' is not a positive integer", field, value));
  return v;
}

bool parse_extent(const std::string& field, const std::string& value) {
  if (value == "fullk") return true;
  if (value == "block") return false;
  throw std::invalid_argument(
      fmt::format("mapping field '{}': '{}' is not one of fullk, block", field, value));
}

std::array<LoopDim, 3> parse_order(const std::string& value) {
  std::array<LoopDim, 3> order{};
  bool seen[3] = {false, false, false};
  if (value.size() != 3)
    throw std::invalid_argument("mapping field 'order': '" + value +
                                "' is not a permutation of MNK (e.g. MNK, NMK, KMN)");
  for (size_t i = 0; i < 3; ++i) {
    const char c = value[i];
    const int d = c == 'M' ? 0 : c == 'N' ? 1 : c == 'K' ? 2 : -1;
    if (d < 0 || seen[d])
      throw std::invalid_argument("mapping field 'order': '" + value +
                                  "' is not a permutation of MNK (e.g. MNK, NMK, KMN)");
    seen[d] = true;
    order[i] = static_cast<LoopDim>(d);
  }
  return order;
}

}  // namespace

char dim_letter(LoopDim d) { return d == LoopDim::M ? 'M' : d == LoopDim::N ? 'N' : 'K'; }

std::string to_string(const Mapping& m) {
  std::string order;
  for (LoopDim d : m.order) order += dim_letter(d);
  return fmt::format("order={} m={} n={} k={} x={} w={} partials={} slots={}/{}", order, m.m_block,
                     m.n_block_tiles, m.k_block_tiles, m.x_full_k ? "fullk" : "block",
                     m.w_full_k ? "fullk" : "block", m.spill_partials ? "dram" : "chip",
                     m.weight_slots, m.activation_slots);
}

Mapping parse_mapping(const std::string& text) {
  Mapping m;
  std::istringstream in(text);
  std::string item;
  while (in >> item) {
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw std::invalid_argument("mapping item '" + item + "' is not key=value");
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "order") m.order = parse_order(value);
    else if (key == "m") m.m_block = parse_count(key, value);
    else if (key == "n") m.n_block_tiles = parse_count(key, value);
    else if (key == "k") m.k_block_tiles = parse_count(key, value);
    else if (key == "x") m.x_full_k = parse_extent(key, value);
    else if (key == "w") m.w_full_k = parse_extent(key, value);
    else if (key == "partials") {
      if (value != "chip" && value != "dram")
        throw std::invalid_argument("mapping field 'partials': '" + value + "' is not one of chip, dram");
      m.spill_partials = value == "dram";
    } else if (key == "slots") {
      const auto slash = value.find('/');
      const std::string w = value.substr(0, slash), a = slash == std::string::npos ? w : value.substr(slash + 1);
      if ((w != "1" && w != "2") || (a != "1" && a != "2"))
        throw std::invalid_argument("mapping field 'slots': '" + value +
                                    "' is not W/A with each 1 or 2 (e.g. 2/2)");
      m.weight_slots = w == "2" ? 2 : 1;
      m.activation_slots = a == "2" ? 2 : 1;
    } else {
      throw std::invalid_argument("mapping key '" + key +
                                  "' is not one of order, m, n, k, x, w, partials, slots");
    }
  }
  return m;
}

}  // namespace mixsim::sim
