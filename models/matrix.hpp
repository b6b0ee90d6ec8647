#pragma once
// Dense row-major matrix: the one tensor type every layer of mixsim exchanges.
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace mixsim {

template <typename T>
class Matrix {
 public:
  Matrix() = default;
  Matrix(int64_t rows, int64_t cols, T fill = T{})
      : rows_(checked_dim(rows)), cols_(checked_dim(cols)),
        data_(static_cast<size_t>(rows) * static_cast<size_t>(cols), fill) {}
  Matrix(int64_t rows, int64_t cols, std::vector<T> data)
      : rows_(checked_dim(rows)), cols_(checked_dim(cols)), data_(std::move(data)) {
    if (data_.size() != static_cast<size_t>(rows) * static_cast<size_t>(cols))
      throw std::invalid_argument("Matrix: data size " + std::to_string(data_.size()) +
                                  " != rows*cols " + std::to_string(rows * cols));
  }

  int64_t rows() const { return rows_; }
  int64_t cols() const { return cols_; }
  size_t size() const { return data_.size(); }

  T& operator()(int64_t r, int64_t c) { return data_[static_cast<size_t>(r * cols_ + c)]; }
  const T& operator()(int64_t r, int64_t c) const {
    return data_[static_cast<size_t>(r * cols_ + c)];
  }
  std::span<T> row(int64_t r) { return {data_.data() + r * cols_, static_cast<size_t>(cols_)}; }
  std::span<const T> row(int64_t r) const {
    return {data_.data() + r * cols_, static_cast<size_t>(cols_)};
  }
  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  std::vector<T>& storage() { return data_; }
  const std::vector<T>& storage() const { return data_; }

 private:
  static int64_t checked_dim(int64_t d) {
    if (d < 0) throw std::invalid_argument("Matrix: negative dimension " + std::to_string(d));
    return d;
  }
  int64_t rows_ = 0;
  int64_t cols_ = 0;
  std::vector<T> data_;
};

using MatrixF32 = Matrix<float>;
using MatrixF64 = Matrix<double>;

}  // namespace mixsim
