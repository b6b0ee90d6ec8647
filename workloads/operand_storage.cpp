#include "workloads/operand_storage.hpp"

#include <cmath>

namespace mixsim::workloads {

int64_t OperandStorage::bytes(int64_t rows, int64_t cols) const {
  const double elements = static_cast<double>(rows) * static_cast<double>(cols);
  double bits = elements * bits_per_element;
  if (group_size > 0) {
    const int64_t groups_per_row = (cols + group_size - 1) / group_size;
    bits += static_cast<double>(rows) * static_cast<double>(groups_per_row) * bits_per_group;
  }
  bits += static_cast<double>(rows) * bits_per_row;
  return static_cast<int64_t>(std::ceil(bits / 8.0));
}

}  // namespace mixsim::workloads
