// safetensors reader: dtype conversion, shapes, and every corrupt-file error names file + tensor.
#include <gtest/gtest.h>

#include <cmath>

#include "test_files.hpp"
#include "workloads/safetensors_file.hpp"

namespace mixsim::workloads {
namespace {

using testing::le_bytes;
using testing::TestTensor;

std::string open_error(const std::filesystem::path& path) {
  try {
    SafetensorsFile f(path.string());
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(Safetensors, ReadsF16Bf16F32AsExactFloats) {
  const auto dir = testing::scratch_dir("dtypes");
  // FP16 / BF16 bit patterns and the values the IEEE / bfloat16 definitions give them.
  const std::vector<uint16_t> f16 = {0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0001, 0x8000};
  const std::vector<float> f16_want = {1.0f, -2.0f, 0.333251953125f, 65504.0f,
                                       std::ldexp(1.0f, -24), -0.0f};
  const std::vector<uint16_t> bf16 = {0x3F80, 0xC0A0, 0x3E80, 0x7F7F};
  const std::vector<float> bf16_want = {1.0f, -5.0f, 0.25f, 3.3895313892515355e38f};
  const std::vector<float> f32 = {1.5f, -1e-30f, 3.25e7f, 0.1f, 2.0f, -7.0f};
  testing::write_safetensors(dir / "a.safetensors",
                             {{"h", "F16", {2, 3}, le_bytes(f16)},
                              {"b", "BF16", {4}, le_bytes(bf16)},
                              {"f", "F32", {3, 1, 2}, le_bytes(f32)}});
  SafetensorsFile file((dir / "a.safetensors").string());
  EXPECT_EQ(file.tensor_names(), (std::vector<std::string>{"b", "f", "h"}));
  EXPECT_EQ(file.metadata().at("format"), "pt");
  const MatrixF32 h = file.read_f32("h");
  ASSERT_EQ(h.rows(), 2); ASSERT_EQ(h.cols(), 3);
  for (size_t i = 0; i < f16.size(); ++i) EXPECT_EQ(h.data()[i], f16_want[i]) << i;
  EXPECT_TRUE(std::signbit(h(1, 2)));
  const MatrixF32 b = file.read_f32("b");
  ASSERT_EQ(b.rows(), 1); ASSERT_EQ(b.cols(), 4);
  for (size_t i = 0; i < bf16.size(); ++i) EXPECT_EQ(b.data()[i], bf16_want[i]) << i;
  const MatrixF32 f = file.read_f32("f");  // 3 x 1 x 2 -> 3 x 2
  ASSERT_EQ(f.rows(), 3); ASSERT_EQ(f.cols(), 2);
  EXPECT_EQ(f.storage(), f32);
}

TEST(Safetensors, ReadsInt32AndRefusesFloatReadOfIntegers) {
  const auto dir = testing::scratch_dir("i32");
  const std::vector<int32_t> v = {-1, 0, 7, 0x7FFFFFFF, -0x7FFFFFFF - 1, 42};
  testing::write_safetensors(dir / "i.safetensors", {{"q", "I32", {3, 2}, le_bytes(v)}});
  SafetensorsFile file((dir / "i.safetensors").string());
  EXPECT_EQ(file.read_i32("q").storage(), v);
  EXPECT_THROW(file.read_f32("q"), std::runtime_error);
  try {
    file.read_i32("missing");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("'missing'"), std::string::npos) << e.what();
  }
}

TEST(Safetensors, CorruptHeaderNamesTheFile) {
  const auto dir = testing::scratch_dir("corrupt");
  testing::write_raw(dir / "bad.safetensors", "{\"w\": {\"dtype\": \"F16\", ", {0, 0});
  const std::string e = open_error(dir / "bad.safetensors");
  EXPECT_NE(e.find("bad.safetensors"), std::string::npos) << e;
  EXPECT_NE(e.find("corrupt header"), std::string::npos) << e;
  testing::write_raw(dir / "array.safetensors", "[1, 2]", {});
  EXPECT_NE(open_error(dir / "array.safetensors").find("must be an object"), std::string::npos);
}

TEST(Safetensors, HeaderLengthBeyondTheFileIsAnError) {
  const auto dir = testing::scratch_dir("len");
  {
    std::ofstream out(dir / "len.safetensors", std::ios::binary);
    const unsigned char len[8] = {0xFF, 0xFF, 0, 0, 0, 0, 0, 0};
    out.write(reinterpret_cast<const char*>(len), 8);
    out << "{}";
  }
  const std::string e = open_error(dir / "len.safetensors");
  EXPECT_NE(e.find("header length 65535 exceeds the file"), std::string::npos) << e;
  { std::ofstream out(dir / "tiny.safetensors", std::ios::binary); out << "abc"; }
  EXPECT_NE(open_error(dir / "tiny.safetensors").find("too short"), std::string::npos);
  EXPECT_NE(open_error(dir / "absent.safetensors").find("cannot open"), std::string::npos);
}

TEST(Safetensors, ShortDataNamesTheTensor) {
  const auto dir = testing::scratch_dir("short");
  // 'w' claims 2x4 F32 = 32 bytes but the data section holds 16.
  const std::string header =
      R"({"w":{"dtype":"F32","shape":[2,4],"data_offsets":[0,32]}})";
  testing::write_raw(dir / "short.safetensors", header, std::vector<uint8_t>(16, 0));
  const std::string e = open_error(dir / "short.safetensors");
  EXPECT_NE(e.find("short.safetensors"), std::string::npos) << e;
  EXPECT_NE(e.find("tensor 'w'"), std::string::npos) << e;
  EXPECT_NE(e.find("out of range"), std::string::npos) << e;
}

TEST(Safetensors, OffsetsThatDisagreeWithShapeAreErrors) {
  const auto dir = testing::scratch_dir("span");
  const std::string header = R"({"w":{"dtype":"F16","shape":[3],"data_offsets":[0,8]}})";
  testing::write_raw(dir / "span.safetensors", header, std::vector<uint8_t>(8, 0));
  const std::string e = open_error(dir / "span.safetensors");
  EXPECT_NE(e.find("tensor 'w'"), std::string::npos) << e;
  EXPECT_NE(e.find("needs 6"), std::string::npos) << e;
  const std::string reversed = R"({"w":{"dtype":"F16","shape":[0],"data_offsets":[4,2]}})";
  testing::write_raw(dir / "rev.safetensors", reversed, std::vector<uint8_t>(8, 0));
  EXPECT_NE(open_error(dir / "rev.safetensors").find("begin > end"), std::string::npos);
}

TEST(Safetensors, UnknownDtypeNamesTensorAndListsKnown) {
  const auto dir = testing::scratch_dir("dtype");
  const std::string header = R"({"w":{"dtype":"F12","shape":[1],"data_offsets":[0,2]}})";
  testing::write_raw(dir / "dt.safetensors", header, std::vector<uint8_t>(2, 0));
  const std::string e = open_error(dir / "dt.safetensors");
  EXPECT_NE(e.find("tensor 'w'"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown dtype 'F12'"), std::string::npos) << e;
  EXPECT_NE(e.find("BF16"), std::string::npos) << e;
}

}  // namespace
}  // namespace mixsim::workloads
