#include "models/npy.hpp"

#include <bit>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "models/fp16.hpp"

namespace mixsim {

static_assert(std::endian::native == std::endian::little,
              "npy I/O copies little-endian element bytes directly");

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw std::invalid_argument(path + ": " + what);
}

std::string supported_dtypes() {
  return "float32 '<f4', float16 '<f2', int8 '|i1', uint8 '|u1', int32 '<i4'";
}

NpyDtype dtype_from_descr(const std::string& descr, const std::string& path) {
  if (descr == "<f4") return NpyDtype::Float32;
  if (descr == "<f2") return NpyDtype::Float16;
  if (descr == "|i1" || descr == "<i1") return NpyDtype::Int8;
  if (descr == "|u1" || descr == "<u1") return NpyDtype::Uint8;
  if (descr == "<i4") return NpyDtype::Int32;
  fail(path, "unsupported dtype '" + descr + "' (supported: " + supported_dtypes() + ")");
}

// The text after `'key':` in the header dictionary, whitespace skipped.
size_t value_position(const std::string& header, const std::string& key,
                      const std::string& path) {
  const std::string quoted = "'" + key + "'";
  size_t pos = header.find(quoted);
  if (pos == std::string::npos) fail(path, "malformed .npy header: no " + quoted + " key");
  pos = header.find(':', pos + quoted.size());
  if (pos == std::string::npos) fail(path, "malformed .npy header after " + quoted);
  pos = header.find_first_not_of(' ', pos + 1);
  if (pos == std::string::npos) fail(path, "malformed .npy header after " + quoted);
  return pos;
}

std::string parse_descr(const std::string& header, const std::string& path) {
  const size_t pos = value_position(header, "descr", path);
  const char quote = header[pos];
  if (quote != '\'' && quote != '"') fail(path, "unsupported dtype (structured or non-string)");
  const size_t end = header.find(quote, pos + 1);
  if (end == std::string::npos) fail(path, "malformed .npy header: unterminated descr");
  return header.substr(pos + 1, end - pos - 1);
}

bool parse_fortran_order(const std::string& header, const std::string& path) {
  const size_t pos = value_position(header, "fortran_order", path);
  if (header.compare(pos, 4, "True") == 0) return true;
  if (header.compare(pos, 5, "False") == 0) return false;
  fail(path, "malformed .npy header: fortran_order is neither True nor False");
}

std::vector<int64_t> parse_shape(const std::string& header, const std::string& path) {
  size_t pos = value_position(header, "shape", path);
  if (header[pos] != '(') fail(path, "malformed .npy header: shape is not a tuple");
  const size_t end = header.find(')', pos);
  if (end == std::string::npos) fail(path, "malformed .npy header: unterminated shape");
  std::vector<int64_t> shape;
  const std::string body = header.substr(pos + 1, end - pos - 1);
  size_t i = 0;
  while (i < body.size()) {
    if (body[i] == ' ' || body[i] == ',') {
      ++i;
      continue;
    }
    if (body[i] < '0' || body[i] > '9')
      fail(path, "malformed .npy header: bad shape '(" + body + ")'");
    int64_t v = 0;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
      if (v > (int64_t{1} << 40)) fail(path, "shape dimension too large in '(" + body + ")'");
      v = v * 10 + (body[i] - '0');
      ++i;
    }
    shape.push_back(v);
  }
  return shape;
}

uint32_t read_le(const std::vector<uint8_t>& b, size_t at, size_t bytes) {
  uint32_t v = 0;
  for (size_t i = 0; i < bytes; ++i) v |= uint32_t{b[at + i]} << (8 * i);
  return v;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) s += ",";
  return s + ")";
}

template <typename T>
NpyArray make_typed(const std::vector<T>& v, std::vector<int64_t> shape, NpyDtype dtype) {
  NpyArray a;
  a.dtype = dtype;
  a.shape = std::move(shape);
  if (a.element_count() != static_cast<int64_t>(v.size()))
    throw std::invalid_argument("make_npy: " + std::to_string(v.size()) +
                                " values do not fill shape " + shape_text(a.shape));
  a.data.resize(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(a.data.data(), v.data(), a.data.size());
  return a;
}

}  // namespace

const char* npy_descr(NpyDtype dtype) {
  switch (dtype) {
    case NpyDtype::Float32: return "<f4";
    case NpyDtype::Float16: return "<f2";
    case NpyDtype::Int8: return "|i1";
    case NpyDtype::Uint8: return "|u1";
    case NpyDtype::Int32: return "<i4";
  }
  return "?";
}

size_t npy_item_size(NpyDtype dtype) {
  switch (dtype) {
    case NpyDtype::Float32: return 4;
    case NpyDtype::Float16: return 2;
    case NpyDtype::Int8: return 1;
    case NpyDtype::Uint8: return 1;
    case NpyDtype::Int32: return 4;
  }
  return 0;
}

int64_t NpyArray::element_count() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& path) {
  if (bytes.size() < kMagicSize + 2 || std::memcmp(bytes.data(), kMagic, kMagicSize) != 0)
    fail(path, "not a NumPy .npy file (missing the \\x93NUMPY magic)");
  const int major = bytes[6];
  if (major < 1 || major > 3)
    fail(path, "unsupported .npy format version " + std::to_string(major) + "." +
                   std::to_string(bytes[7]) + " (supported: 1.0, 2.0, 3.0)");
  const size_t len_bytes = major == 1 ? 2 : 4;
  const size_t header_start = kMagicSize + 2 + len_bytes;
  if (bytes.size() < header_start) fail(path, "truncated .npy file (header length missing)");
  const size_t header_len = read_le(bytes, kMagicSize + 2, len_bytes);
  if (bytes.size() < header_start + header_len)
    fail(path, "truncated .npy file: header needs " + std::to_string(header_len) +
                   " bytes, file has " + std::to_string(bytes.size() - header_start));
  const std::string header(bytes.begin() + static_cast<std::ptrdiff_t>(header_start),
                           bytes.begin() + static_cast<std::ptrdiff_t>(header_start + header_len));
  NpyArray a;
  a.dtype = dtype_from_descr(parse_descr(header, path), path);
  if (parse_fortran_order(header, path))
    fail(path, "Fortran-order arrays are not supported (save a C-order array, e.g. "
               "np.save(path, np.ascontiguousarray(a)))");
  a.shape = parse_shape(header, path);
  const size_t data_start = header_start + header_len;
  size_t expected = npy_item_size(a.dtype);
  for (int64_t d : a.shape)
    if (__builtin_mul_overflow(expected, static_cast<size_t>(d), &expected))
      fail(path, "shape " + shape_text(a.shape) + " is too large");
  const size_t actual = bytes.size() - data_start;
  if (actual < expected)
    fail(path, "truncated .npy file: shape " + shape_text(a.shape) + " of " +
                   npy_descr(a.dtype) + " needs " + std::to_string(expected) +
                   " data bytes, file has " + std::to_string(actual));
  if (actual > expected)
    fail(path, "corrupt .npy file: " + std::to_string(actual - expected) +
                   " bytes after the data of shape " + shape_text(a.shape));
  a.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(data_start), bytes.end());
  return a;
}

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open file");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad()) fail(path, "read error");
  return parse_npy(bytes, path);
}

std::vector<uint8_t> serialize_npy(const NpyArray& array) {
  std::string header = std::string("{'descr': '") + npy_descr(array.dtype) +
                       "', 'fortran_order': False, 'shape': " + shape_text(array.shape) + ", }";
  // Version 1.0: magic(6) + version(2) + length(2) + header + '\n', total a multiple of 64.
  const size_t unpadded = kMagicSize + 2 + 2 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  if (header.size() > 65535) throw std::invalid_argument("npy header too long");
  std::vector<uint8_t> out(kMagic, kMagic + kMagicSize);
  out.push_back(1);
  out.push_back(0);
  out.push_back(static_cast<uint8_t>(header.size() & 0xFF));
  out.push_back(static_cast<uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), array.data.begin(), array.data.end());
  return out;
}

void write_npy(const std::string& path, const NpyArray& array) {
  const std::vector<uint8_t> bytes = serialize_npy(array);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(path + ": cannot open for writing");
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error(path + ": write failed");
}

MatrixF32 read_npy_matrix_f32(const std::string& path) {
  const NpyArray a = read_npy(path);
  if (a.shape.size() != 2)
    fail(path, "expected a 2-D array, got shape " + shape_text(a.shape));
  if (a.dtype != NpyDtype::Float32 && a.dtype != NpyDtype::Float16)
    fail(path, std::string("expected float32 '<f4' or float16 '<f2', got '") +
                   npy_descr(a.dtype) + "'");
  MatrixF32 m(a.shape[0], a.shape[1]);
  if (a.dtype == NpyDtype::Float32) {
    if (!a.data.empty()) std::memcpy(m.data(), a.data.data(), a.data.size());
  } else {
    for (size_t i = 0; i < m.size(); ++i) {
      const uint16_t bits = static_cast<uint16_t>(a.data[2 * i] | (a.data[2 * i + 1] << 8));
      m.storage()[i] = static_cast<float>(fp16_decode(bits));
    }
  }
  return m;
}

NpyArray make_npy(const MatrixF32& m) { return make_npy(m.storage(), {m.rows(), m.cols()}); }
NpyArray make_npy(const std::vector<float>& v, std::vector<int64_t> shape) {
  return make_typed(v, std::move(shape), NpyDtype::Float32);
}
NpyArray make_npy(const std::vector<int8_t>& v, std::vector<int64_t> shape) {
  return make_typed(v, std::move(shape), NpyDtype::Int8);
}
NpyArray make_npy(const std::vector<uint8_t>& v, std::vector<int64_t> shape) {
  return make_typed(v, std::move(shape), NpyDtype::Uint8);
}
NpyArray make_npy(const std::vector<int32_t>& v, std::vector<int64_t> shape) {
  return make_typed(v, std::move(shape), NpyDtype::Int32);
}

NpyArray make_npy_fp16(const MatrixF32& m) {
  NpyArray a;
  a.dtype = NpyDtype::Float16;
  a.shape = {m.rows(), m.cols()};
  a.data.reserve(m.size() * 2);
  for (float v : m.storage()) {
    const uint16_t bits = fp16_encode(v);
    a.data.push_back(static_cast<uint8_t>(bits & 0xFF));
    a.data.push_back(static_cast<uint8_t>(bits >> 8));
  }
  return a;
}

}  // namespace mixsim
