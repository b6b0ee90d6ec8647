#pragma once
// Reader for the safetensors checkpoint format (https://huggingface.co/docs/safetensors):
//   8 bytes little-endian u64 N | N bytes of JSON header | data section.
// The header maps tensor names to {"dtype", "shape", "data_offsets": [begin, end)} (offsets
// relative to the data section); "__metadata__" holds free-form strings.
// The whole header is validated on open, so a corrupt or truncated file fails before any tensor
// is used; every error names the file and, where there is one, the tensor.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/matrix.hpp"

namespace mixsim::workloads {

struct SafetensorsTensorInfo {
  std::string name;
  std::string dtype;            // "F16", "BF16", "F32", "F64", "I8", "U8", "I16", "I32", "I64", ...
  std::vector<int64_t> shape;
  uint64_t begin = 0, end = 0;  // byte range within the data section
  int64_t elements() const;
};

// Bytes per element of a safetensors dtype name; throws for unknown names, listing known ones.
int safetensors_dtype_size(const std::string& dtype);

class SafetensorsFile {
 public:
  explicit SafetensorsFile(std::string path);  // reads and validates the header

  const std::string& path() const { return path_; }
  std::vector<std::string> tensor_names() const;  // sorted
  bool contains(const std::string& name) const { return tensors_.count(name) > 0; }
  const SafetensorsTensorInfo& info(const std::string& name) const;  // throws if absent
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

  // FP16, BF16, F32 (and F64) tensors as FP32 (exact except F64). A 1-D tensor is 1 x n; an
  // N-D tensor is (product of all but the last dim) x last dim.
  MatrixF32 read_f32(const std::string& name) const;
  // An I32 tensor (GPTQ/AWQ qweight, qzeros, g_idx), same shape rule.
  Matrix<int32_t> read_i32(const std::string& name) const;
  std::vector<uint8_t> read_bytes(const std::string& name) const;

 private:
  std::string where(const std::string& name) const;
  std::string path_;
  uint64_t data_offset_ = 0;  // 8 + header length
  uint64_t data_size_ = 0;
  std::map<std::string, SafetensorsTensorInfo> tensors_;
  std::map<std::string, std::string> metadata_;
};

}  // namespace mixsim::workloads
