#include "workloads/gemm_list.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "workloads/synthetic_source.hpp"

namespace mixsim::workloads {
namespace {

constexpr int64_t kMaxDimension = std::numeric_limits<int32_t>::max();

struct Field {
  std::string text;  // trimmed
  int column = 1;    // 1-based character column of the field's first character
};

std::vector<Field> split_fields(const std::string& line) {
  std::vector<Field> fields;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    const size_t end = comma == std::string::npos ? line.size() : comma;
    size_t a = start, b = end;
    while (a < b && std::isspace(static_cast<unsigned char>(line[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(line[b - 1]))) --b;
    fields.push_back({line.substr(a, b - a), static_cast<int>((a < end ? a : start) + 1)});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  // SCALE-Sim writes a trailing comma on every line: an empty last field is not a column.
  if (fields.size() > 1 && fields.back().text.empty()) fields.pop_back();
  return fields;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Header name -> canonical column ("name", "M", "N", "K", "count"), or nullopt.
std::optional<std::string> canonical_column(const std::string& header) {
  const std::string h = lower(header);
  if (h == "name" || h == "layer" || h == "layer name") return "name";
  if (h == "m" || h == "n" || h == "k") return std::string(1, static_cast<char>(std::toupper(h[0])));
  if (h == "count") return "count";
  return std::nullopt;
}

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(int line, int column, const std::string& problem) const {
    throw GemmListError(fmt::format("{}:{}:{}: {}", file_, line, column, problem));
  }

  // Column index of each canonical name, from the header line.
  std::map<std::string, size_t> header(const std::vector<Field>& fields, int line) const {
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < fields.size(); ++i) {
      const auto name = canonical_column(fields[i].text);
      if (!name)
        fail(line, fields[i].column,
             fmt::format("unknown column '{}'; allowed columns: {} (or 'Layer' for name, as in a "
                         "SCALE-Sim GEMM topology)", fields[i].text, fmt::join(kGemmListColumns, ", ")));
      if (index.count(*name))
        fail(line, fields[i].column, fmt::format("column '{}' appears twice", *name));
      index[*name] = i;
    }
    for (const std::string required : {"name", "M", "N", "K"})
      if (!index.count(required))
        fail(line, 1, fmt::format("missing column '{}'; the header must name the columns {} "
                                  "('count' is optional)", required, fmt::join(kGemmListColumns, ", ")));
    return index;
  }

  int64_t dimension(const Field& f, const std::string& column, int line) const {
    int64_t value = 0;
    const char* begin = f.text.data();
    const char* end = begin + f.text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (f.text.empty() || ec != std::errc() || ptr != end)
      fail(line, f.column, fmt::format("column '{}': '{}' is not an integer; allowed: integers 1..{}",
                                       column, f.text, kMaxDimension));
    if (value < 1 || value > kMaxDimension)
      fail(line, f.column, fmt::format("column '{}': {} is out of range; allowed: integers 1..{}",
                                       column, value, kMaxDimension));
    return value;
  }

 private:
  std::string file_;
};

GemmShape make_shape(std::string name, int64_t m, int64_t n, int64_t k, int64_t count) {
  GemmShape g;
  g.name = std::move(name);
  g.m = m, g.n = n, g.k = k, g.count = count;
  g.macs = count * m * n * k;
  g.causal_macs = g.macs;
  const StoragePlan storage;  // FP16 operands, as the catalogue's default bytes model
  g.bytes = count * (storage.weights.bytes(n, k) + storage.activations.bytes(m, k) +
                     storage.outputs.bytes(m, n));
  g.operand = GemmOperand::Weight;
  return g;
}

}  // namespace

GemmList parse_gemm_list(const std::string& csv_text, const std::string& file_name) {
  const Reader reader(file_name);
  GemmList list;
  list.file = file_name;
  std::map<std::string, size_t> columns;
  std::map<std::string, int> first_line;  // name -> line
  std::istringstream in(csv_text);
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos || text[first] == '#') continue;
    const std::vector<Field> fields = split_fields(text);
    if (columns.empty()) {
      columns = reader.header(fields, line);
      continue;
    }
    if (fields.size() != columns.size())
      reader.fail(line, fields.back().column,
                  fmt::format("{} fields, but the header has {} columns", fields.size(), columns.size()));
    const Field& name = fields[columns.at("name")];
    if (name.text.empty()) reader.fail(line, name.column, "column 'name': empty; every GEMM needs a name");
    if (const auto seen = first_line.find(name.text); seen != first_line.end())
      reader.fail(line, name.column, fmt::format("column 'name': duplicate name '{}' (first on line {}); "
                                                 "names must be unique", name.text, seen->second));
    first_line[name.text] = line;
    const int64_t m = reader.dimension(fields[columns.at("M")], "M", line);
    const int64_t n = reader.dimension(fields[columns.at("N")], "N", line);
    const int64_t k = reader.dimension(fields[columns.at("K")], "K", line);
    const int64_t count =
        columns.count("count") ? reader.dimension(fields[columns.at("count")], "count", line) : 1;
    list.gemms.push_back(make_shape(name.text, m, n, k, count));
    list.lines.push_back(line);
  }
  if (columns.empty()) reader.fail(1, 1, "empty file; expected a header line: name, M, N, K[, count]");
  if (list.gemms.empty()) reader.fail(1, 1, "no GEMM rows after the header; expected at least one");
  return list;
}

GemmList load_gemm_list(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw GemmListError(fmt::format("{}: cannot open the GEMM list file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_gemm_list(text.str(), path);
}

GemmOperandPair synthetic_gemm_list_instance(const GemmShape& gemm, uint64_t seed) {
  const std::string label = "gemm-list/" + gemm.name;
  return {synthetic_activations(gemm.m, gemm.k, seed, label + "/x"),
          synthetic_weights(gemm.n, gemm.k, seed, label + "/w")};
}

}  // namespace mixsim::workloads
