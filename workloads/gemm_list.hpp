#pragma once
// A workload given as a list of GEMMs in a CSV file instead of a catalogue model: one row per
// GEMM, Y[M x N] = X[M x K] * W[N x K]^T (ARITHMETIC.md), with columns
//
//   name, M, N, K[, count]        header required, columns in any order, names case-insensitive
//   q_proj, 1, 4096, 4096         `count` (default 1): identical independent GEMMs of the row
//
// A SCALE-Sim GEMM topology file ("Layer, M, N, K," with a trailing comma on each line) loads as
// is: `Layer` is accepted for `name` and an empty last field is ignored. SCALE-Sim's GEMM is
// the same product (its IFMAP is M x K, its filter K x N). Blank lines and lines starting with
// '#' are skipped; fields are trimmed of spaces.
//
// Every problem is a GemmListError "FILE:LINE:COL: column 'C': what is wrong; allowed ...":
// a missing or unknown column, a field that is not an integer, a dimension < 1, a duplicate
// name, a row with the wrong number of fields.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/gemm_operands.hpp"
#include "workloads/layer_gemms.hpp"

namespace mixsim::workloads {

struct GemmListError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct GemmList {
  std::string file;                // as given
  std::vector<GemmShape> gemms;    // in file order; macs = count*M*N*K, bytes at FP16
  std::vector<int> lines;          // 1-based line of each GEMM's row
};

inline const std::vector<std::string> kGemmListColumns = {"name", "M", "N", "K", "count"};

GemmList parse_gemm_list(const std::string& csv_text, const std::string& file_name);
GemmList load_gemm_list(const std::string& path);  // unreadable file: GemmListError naming it

// Seeded synthetic operands of one instance of a listed GEMM: X (M x K) with the activation
// statistics and W (N x K) with the weight statistics of workloads/synthetic_source.hpp, each
// from its own stream labelled by the GEMM's name. Same seed and name give the same bytes.
GemmOperandPair synthetic_gemm_list_instance(const GemmShape& gemm, uint64_t seed);

}  // namespace mixsim::workloads
