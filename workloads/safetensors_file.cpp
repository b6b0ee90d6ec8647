#include "workloads/safetensors_file.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "models/bf16.hpp"
#include "models/fp16.hpp"

namespace mixsim::workloads {

namespace {

const std::map<std::string, int>& dtype_sizes() {
  static const std::map<std::string, int> sizes = {
      {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E4M3", 1}, {"F8_E5M2", 1}, {"I16", 2},
      {"U16", 2},  {"F16", 2}, {"BF16", 2}, {"I32", 4},    {"U32", 4},     {"F32", 4},
      {"I64", 8},  {"U64", 8}, {"F64", 8}};
  return sizes;
}

constexpr uint64_t kMaxHeaderBytes = 100'000'000;  // the format's own limit

uint64_t read_u64_le(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

[[noreturn]] void fail(const std::string& where, const std::string& message) {
  throw std::runtime_error(where + ": " + message);
}

int64_t checked_dim(const nlohmann::json& d, const std::string& where) {
  if (!d.is_number_integer() || d.get<int64_t>() < 0) fail(where, "shape entries must be integers >= 0");
  return d.get<int64_t>();
}

}  // namespace

int64_t SafetensorsTensorInfo::elements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

int safetensors_dtype_size(const std::string& dtype) {
  const auto it = dtype_sizes().find(dtype);
  if (it == dtype_sizes().end()) {
    std::string known;
    for (const auto& [name, size] : dtype_sizes()) known += (known.empty() ? "" : ", ") + name;
    throw std::runtime_error("unknown dtype '" + dtype + "' (known: " + known + ")");
  }
  return it->second;
}

std::string SafetensorsFile::where(const std::string& name) const {
  return path_ + ": tensor '" + name + "'";
}

SafetensorsFile::SafetensorsFile(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  const uint64_t file_size = std::filesystem::file_size(path_, ec);
  if (ec) fail(path_, "cannot open: " + ec.message());
  std::ifstream in(path_, std::ios::binary);
  if (!in) fail(path_, "cannot open for reading");
  if (file_size < 8) fail(path_, "file too short (" + std::to_string(file_size) +
                                     " bytes) for the 8-byte header length");
  unsigned char len_bytes[8];
  in.read(reinterpret_cast<char*>(len_bytes), 8);
  const uint64_t header_len = read_u64_le(len_bytes);
  if (header_len > kMaxHeaderBytes || header_len > file_size - 8)
    fail(path_, "header length " + std::to_string(header_len) + " exceeds the file (" +
                    std::to_string(file_size) + " bytes): corrupt or truncated header");
  std::string header(header_len, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_len));
  data_offset_ = 8 + header_len;
  data_size_ = file_size - data_offset_;

  nlohmann::json j;
  try {
    j = nlohmann::json::parse(header);
  } catch (const nlohmann::json::parse_error& e) {
    fail(path_, std::string("corrupt header JSON: ") + e.what());
  }
  if (!j.is_object()) fail(path_, "corrupt header: the JSON header must be an object");
  for (const auto& [name, entry] : j.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object()) fail(path_, "corrupt header: __metadata__ must be an object");
      for (const auto& [k, v] : entry.items())
        metadata_[k] = v.is_string() ? v.get<std::string>() : v.dump();
      continue;
    }
    const std::string w = where(name);
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
        !entry.contains("data_offsets"))
      fail(w, "corrupt header entry: needs dtype, shape and data_offsets");
    SafetensorsTensorInfo t;
    t.name = name;
    if (!entry["dtype"].is_string()) fail(w, "dtype must be a string");
    t.dtype = entry["dtype"].get<std::string>();
    int dsize = 0;
    try {
      dsize = safetensors_dtype_size(t.dtype);
    } catch (const std::runtime_error& e) {
      fail(w, e.what());
    }
    if (!entry["shape"].is_array()) fail(w, "shape must be an array");
    for (const auto& d : entry["shape"]) t.shape.push_back(checked_dim(d, w));
    const auto& off = entry["data_offsets"];
    if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() ||
        !off[1].is_number_unsigned())
      fail(w, "data_offsets must be [begin, end] with non-negative integers");
    t.begin = off[0].get<uint64_t>();
    t.end = off[1].get<uint64_t>();
    if (t.begin > t.end) fail(w, "data_offsets begin > end");
    const uint64_t expected = static_cast<uint64_t>(t.elements()) * static_cast<uint64_t>(dsize);
    if (t.end - t.begin != expected)
      fail(w, "data_offsets span " + std::to_string(t.end - t.begin) + " bytes but shape x " +
                  t.dtype + " needs " + std::to_string(expected));
    if (t.end > data_size_)
      fail(w, "data_offsets [" + std::to_string(t.begin) + ", " + std::to_string(t.end) +
                  ") out of range: the data section holds " + std::to_string(data_size_) +
                  " bytes (short data: truncated file?)");
    tensors_.emplace(name, std::move(t));
  }
}

std::vector<std::string> SafetensorsFile::tensor_names() const {
  std::vector<std::string> names;
  for (const auto& [name, info] : tensors_) names.push_back(name);
  return names;
}

const SafetensorsTensorInfo& SafetensorsFile::info(const std::string& name) const {
  const auto it = tensors_.find(name);
  if (it == tensors_.end()) fail(where(name), "no such tensor in the file");
  return it->second;
}

std::vector<uint8_t> SafetensorsFile::read_bytes(const std::string& name) const {
  const SafetensorsTensorInfo& t = info(name);
  std::vector<uint8_t> bytes(t.end - t.begin);
  std::ifstream in(path_, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(data_offset_ + t.begin));
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!in || static_cast<size_t>(in.gcount()) != bytes.size())
    fail(where(name), "short read: the file changed or is truncated");
  return bytes;
}

namespace {

std::pair<int64_t, int64_t> matrix_shape(const SafetensorsTensorInfo& t) {
  if (t.shape.empty()) return {1, 1};
  int64_t rows = 1;
  for (size_t i = 0; i + 1 < t.shape.size(); ++i) rows *= t.shape[i];
  return {rows, t.shape.back()};
}

template <typename T>
T load_le(const uint8_t* p) {  // little-endian on every host
  typename std::conditional<sizeof(T) == 8, uint64_t,
                            typename std::conditional<sizeof(T) == 4, uint32_t, uint16_t>::type>::type u = 0;
  for (int i = sizeof(T) - 1; i >= 0; --i) u = static_cast<decltype(u)>((u << 8) | p[i]);
  T v;
  std::memcpy(&v, &u, sizeof(T));
  return v;
}

}  // namespace

MatrixF32 SafetensorsFile::read_f32(const std::string& name) const {
  const SafetensorsTensorInfo& t = info(name);
  const auto [rows, cols] = matrix_shape(t);
  const std::vector<uint8_t> raw = read_bytes(name);
  MatrixF32 m(rows, cols);
  float* out = m.data();
  const size_t n = m.size();
  if (t.dtype == "F16") {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(fp16_decode(load_le<uint16_t>(&raw[2 * i])));
  } else if (t.dtype == "BF16") {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(bf16_decode(load_le<uint16_t>(&raw[2 * i])));
  } else if (t.dtype == "F32") {
    for (size_t i = 0; i < n; ++i) out[i] = load_le<float>(&raw[4 * i]);
  } else if (t.dtype == "F64") {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(load_le<double>(&raw[8 * i]));
  } else {
    fail(where(name), "dtype " + t.dtype + " is not a float type (allowed here: F16, BF16, F32, F64)");
  }
  return m;
}

Matrix<int32_t> SafetensorsFile::read_i32(const std::string& name) const {
  const SafetensorsTensorInfo& t = info(name);
  if (t.dtype != "I32") fail(where(name), "dtype " + t.dtype + " where I32 is required");
  const auto [rows, cols] = matrix_shape(t);
  const std::vector<uint8_t> raw = read_bytes(name);
  Matrix<int32_t> m(rows, cols);
  for (size_t i = 0; i < m.size(); ++i) m.data()[i] = load_le<int32_t>(&raw[4 * i]);
  return m;
}

}  // namespace mixsim::workloads
