#pragma once
// Validation shared by quantizers and GEMMs: every error names the operand and the position, so a
// NaN deep inside a 4096x4096 matrix can be found.
#include <cstdint>
#include <string>

#include "models/matrix.hpp"

namespace mixsim {

// Throws std::invalid_argument "<what>[r][c] is NaN" (or +inf / -inf) for the first non-finite.
void require_finite(const MatrixF32& m, const std::string& what);

// Throws std::invalid_argument unless group_size > 0 and cols % group_size == 0.
void require_groups_divide(int64_t cols, int64_t group_size, const std::string& what);

}  // namespace mixsim
