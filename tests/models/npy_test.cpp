// .npy reader/writer: byte layout per the NumPy format spec (numpy.lib.format, version 1.0),
// round trips of every supported dtype, and an error naming the file for each bad input.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "models/fp16.hpp"
#include "models/npy.hpp"

namespace mixsim {
namespace {

namespace fs = std::filesystem;

class NpyFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mixsim_npy_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write_bytes(const std::string& p, const std::vector<uint8_t>& b) const {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()),
                                             static_cast<std::streamsize>(b.size()));
  }
  // A header-only .npy with an arbitrary header dict, followed by `data_bytes` zero bytes.
  std::vector<uint8_t> with_header(const std::string& dict, size_t data_bytes) const {
    std::string h = dict;
    while ((10 + h.size() + 1) % 64 != 0) h.push_back(' ');
    h.push_back('\n');
    std::vector<uint8_t> b;
    b.reserve(10 + h.size() + data_bytes);
    for (int c : {0x93, int{'N'}, int{'U'}, int{'M'}, int{'P'}, int{'Y'}, 1, 0}) b.push_back(static_cast<uint8_t>(c));
    b.push_back(static_cast<uint8_t>(h.size() & 0xFF));
    b.push_back(static_cast<uint8_t>(h.size() >> 8));
    for (char c : h) b.push_back(static_cast<uint8_t>(c));
    b.resize(b.size() + data_bytes, 0);
    return b;
  }
  std::string error_reading(const std::string& p) const {
    try {
      read_npy_matrix_f32(p);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
};

TEST_F(NpyFiles, HeaderLayoutFollowsFormatSpec) {
  const std::vector<uint8_t> b = serialize_npy(make_npy(MatrixF32(2, 3, 1.5f)));
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  ASSERT_EQ(b.size(), 128u + 24u);  // header padded to 64 bytes, then 6 floats
  EXPECT_EQ(std::string(b.begin(), b.begin() + 6), "\x93NUMPY");
  EXPECT_EQ(b[6], 1);
  EXPECT_EQ(b[7], 0);
  EXPECT_EQ(b[8] | (b[9] << 8), 118);
  EXPECT_EQ(std::string(b.begin() + 10, b.begin() + 10 + static_cast<long>(dict.size())), dict);
  EXPECT_EQ(b[127], '\n');
  EXPECT_EQ(b[126], ' ');
  const std::vector<uint8_t> one_d = serialize_npy(make_npy(std::vector<int32_t>{1, 2, 3}, {3}));
  EXPECT_NE(std::string(one_d.begin(), one_d.end()).find("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }"),
            std::string::npos);
  EXPECT_EQ(one_d.size(), 128u + 12u);  // 10 + 57-char dict + newline > 64: padded to 128
}

TEST_F(NpyFiles, RoundTripEveryDtype) {
  MatrixF32 m(3, 4);
  for (size_t i = 0; i < m.size(); ++i) m.storage()[i] = -1.25f * static_cast<float>(i) + 0.1f;
  write_npy(path("f32.npy"), make_npy(m));
  const MatrixF32 back = read_npy_matrix_f32(path("f32.npy"));
  EXPECT_EQ(back.storage(), m.storage());

  const std::vector<int8_t> i8 = {-128, -1, 0, 127};
  const std::vector<uint8_t> u8 = {0, 1, 254, 255};
  const std::vector<int32_t> i32 = {-2147483647 - 1, -1, 0, 2147483647};
  write_npy(path("i8.npy"), make_npy(i8, {2, 2}));
  write_npy(path("u8.npy"), make_npy(u8, {4}));
  write_npy(path("i32.npy"), make_npy(i32, {1, 4}));
  const NpyArray a = read_npy(path("i8.npy"));
  EXPECT_EQ(a.dtype, NpyDtype::Int8);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(std::vector<int8_t>(a.data.begin(), a.data.end()), i8);
  EXPECT_EQ(read_npy(path("u8.npy")).data, u8);
  const NpyArray c = read_npy(path("i32.npy"));
  EXPECT_EQ(c.dtype, NpyDtype::Int32);
  std::vector<int32_t> i32_back(4);
  std::memcpy(i32_back.data(), c.data.data(), 16);
  EXPECT_EQ(i32_back, i32);
}

TEST_F(NpyFiles, Float16MatrixWidensExactly) {
  std::vector<uint8_t> b = with_header("{'descr': '<f2', 'fortran_order': False, 'shape': (1, 3), }", 0);
  for (uint16_t bits : {uint16_t{0x3C00}, uint16_t{0xC500}, uint16_t{0x0001}}) {
    b.push_back(static_cast<uint8_t>(bits & 0xFF));
    b.push_back(static_cast<uint8_t>(bits >> 8));
  }
  write_bytes(path("h.npy"), b);
  const MatrixF32 m = read_npy_matrix_f32(path("h.npy"));
  EXPECT_EQ(m(0, 0), 1.0f);
  EXPECT_EQ(m(0, 1), -5.0f);
  EXPECT_EQ(double{m(0, 2)}, std::ldexp(1.0, -24));
}

TEST_F(NpyFiles, BadFilesGiveErrorsNamingTheFile) {
  write_bytes(path("text.npy"), {'h', 'e', 'l', 'l', 'o', ',', '1', '\n'});
  write_bytes(path("f8.npy"),
              with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", 32));
  write_bytes(path("be.npy"),
              with_header("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }", 16));
  write_bytes(path("fortran.npy"),
              with_header("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16));
  write_bytes(path("short.npy"),
              with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", 15));
  write_bytes(path("long.npy"),
              with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", 17));
  write_bytes(path("cube.npy"),
              with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2, 2), }", 32));
  write_bytes(path("i8.npy"),
              with_header("{'descr': '|i1', 'fortran_order': False, 'shape': (2, 2), }", 4));
  std::vector<uint8_t> cut = with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", 4);
  cut.resize(40);  // inside the header
  write_bytes(path("cut_header.npy"), cut);

  const std::pair<const char*, const char*> cases[] = {
      {"text.npy", "not a NumPy .npy file"},
      {"f8.npy", "unsupported dtype '<f8'"},
      {"be.npy", "unsupported dtype '>f4'"},
      {"fortran.npy", "Fortran-order"},
      {"short.npy", "truncated"},
      {"long.npy", "bytes after the data"},
      {"cube.npy", "expected a 2-D array"},
      {"i8.npy", "expected float32"},
      {"cut_header.npy", "truncated"},
      {"missing.npy", "cannot open"},
  };
  for (const auto& [file, what] : cases) {
    const std::string e = error_reading(path(file));
    EXPECT_NE(e.find(path(file)), std::string::npos) << file << ": " << e;
    EXPECT_NE(e.find(what), std::string::npos) << file << ": " << e;
  }
}

}  // namespace
}  // namespace mixsim
