#include "rtl/harness/array_schedule.hpp"

namespace mixsim::rtl {

int64_t array_tile_cycles(int rows, int cols, int m_tokens) {
  return 2LL * rows + cols + m_tokens - 2;
}

}  // namespace mixsim::rtl
