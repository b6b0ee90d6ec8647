#pragma once
// How many bytes an operand occupies in memory: element codes plus per-group metadata
// (scales, zero points). Used for the `bytes` of a GEMM (layer_gemms.hpp).
#include <cstdint>

namespace mixsim::workloads {

struct OperandStorage {
  double bits_per_element = 16.0;  // FP16 by default
  int64_t group_size = 0;          // elements per metadata group along the reduction dim; 0: none
  double bits_per_group = 0.0;     // e.g. FP16 scale + 4-bit zero = 20
  double bits_per_row = 0.0;       // per-row metadata, e.g. a per-token or per-channel scale

  // Bytes of a rows x cols operand whose groups run along cols (rounded up to whole bytes).
  int64_t bytes(int64_t rows, int64_t cols) const;
};

struct StoragePlan {
  OperandStorage weights;      // projection weights
  OperandStorage activations;  // GEMM inputs X
  OperandStorage outputs;      // GEMM outputs Y
  OperandStorage kv_cache;     // K and V caches (the second operand of attention GEMMs)
};

}  // namespace mixsim::workloads
