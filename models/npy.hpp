#pragma once
// NumPy .npy files (format versions 1.0, 2.0, 3.0), C order, little-endian:
// float32 '<f4', float16 '<f2', int8 '|i1', uint8 '|u1', int32 '<i4'.
// Every error is a std::invalid_argument whose message starts with the file path.
#include <cstdint>
#include <string>
#include <vector>

#include "models/matrix.hpp"

namespace mixsim {

enum class NpyDtype { Float32, Float16, Int8, Uint8, Int32 };

const char* npy_descr(NpyDtype dtype);     // "<f4", "<f2", "|i1", "|u1", "<i4"
size_t npy_item_size(NpyDtype dtype);

struct NpyArray {
  NpyDtype dtype = NpyDtype::Float32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;  // little-endian elements, C order

  int64_t element_count() const;
};

// Reads and validates the whole file (magic, header, dtype, C order, exact data length).
NpyArray read_npy(const std::string& path);
// Parses the bytes of a .npy file; `path` only labels errors.
NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& path);
// The bytes of a version-1.0 .npy file holding the array (header padded to 64 bytes).
std::vector<uint8_t> serialize_npy(const NpyArray& array);
// Writes serialize_npy(array) to path (directly; callers wanting atomicity write to a temporary
// name and rename). Throws std::runtime_error naming the path on I/O failure.
void write_npy(const std::string& path, const NpyArray& array);

// A 2-D float32 or float16 array as float (FP16 widened exactly). Errors name the file.
MatrixF32 read_npy_matrix_f32(const std::string& path);

NpyArray make_npy(const MatrixF32& m);
NpyArray make_npy(const std::vector<float>& v, std::vector<int64_t> shape);
NpyArray make_npy(const std::vector<int8_t>& v, std::vector<int64_t> shape);
NpyArray make_npy(const std::vector<uint8_t>& v, std::vector<int64_t> shape);
NpyArray make_npy(const std::vector<int32_t>& v, std::vector<int64_t> shape);
// float16 '<f2' array of m's values rounded to FP16 (ties to even).
NpyArray make_npy_fp16(const MatrixF32& m);

}  // namespace mixsim
