// End-to-end tests of `mixsim gemm`: the binary's Y equals the in-process golden GEMM bit for
// bit, the dump directory reproduces it, and every bad input exits non-zero with a clear message
// and leaves no output (not even a temporary) behind.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "models/golden_gemms.hpp"
#include "models/npy.hpp"
#include "models/recipe.hpp"

namespace mixsim {
namespace {

namespace fs = std::filesystem;

struct CommandResult {
  int exit_code;
  std::string output;  // stdout + stderr
};

class GemmCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mixsim_gemm_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  CommandResult run(const std::string& args) const {
    const std::string log = path("log.txt");
    const std::string cmd = std::string(MIXSIM_BIN) + " gemm " + args + " > " + log + " 2>&1";
    const int status = std::system(cmd.c_str());
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    fs::remove(log);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ss.str()};
  }

  // Names in the test directory: proves no output or temporary file was left behind.
  std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }

  static MatrixF32 outlier_matrix(int64_t r, int64_t c, uint32_t seed, double scale) {
    std::mt19937 gen(seed);
    std::student_t_distribution<double> t(2.5);
    MatrixF32 m(r, c);
    for (auto& v : m.storage()) v = static_cast<float>(scale * t(gen));
    for (int64_t i = 0; i < r; ++i) m(i, c / 3) *= 40.0f;  // an outlier channel
    return m;
  }

  void write_inputs(const MatrixF32& x, const MatrixF32& w) const {
    write_npy(path("x.npy"), make_npy(x));
    write_npy(path("w.npy"), make_npy(w));
  }

  std::string io_args(const std::string& recipe) const {
    return "--recipe " + recipe + " --x " + path("x.npy") + " --w " + path("w.npy") + " --out " +
           path("y.npy");
  }

  void expect_failure(const std::string& args, const std::vector<std::string>& message_parts) {
    const std::vector<std::string> before = listing();
    const CommandResult r = run(args);
    EXPECT_NE(r.exit_code, 0) << r.output;
    for (const auto& part : message_parts)
      EXPECT_NE(r.output.find(part), std::string::npos) << "missing '" << part << "' in: " << r.output;
    EXPECT_EQ(listing(), before) << "output or temporary left behind; message: " << r.output;
  }

  fs::path dir_;
};

void expect_bit_equal(const MatrixF32& got, const MatrixF32& want) {
  ASSERT_EQ(got.rows(), want.rows());
  ASSERT_EQ(got.cols(), want.cols());
  ASSERT_EQ(std::memcmp(got.data(), want.data(), got.size() * sizeof(float)), 0);
}

TEST_F(GemmCli, OutputEqualsInProcessGoldenForEveryRecipeKind) {
  const uint32_t seed = 2024;
  std::printf("seed=%u\n", seed);
  const MatrixF32 x = outlier_matrix(5, 256, seed, 1.0);
  const MatrixF32 w = outlier_matrix(7, 256, seed + 1, 0.02);
  write_inputs(x, w);
  for (const char* recipe : {"w4a16-g128", "w4a8-g64-asym", "w4a8-g128-intscale", "w8a8",
                             "mxfp4", "nvfp4"}) {
    SCOPED_TRACE(recipe);
    const CommandResult r = run(io_args(recipe) + " --impl golden");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const MatrixF32 y = read_npy_matrix_f32(path("y.npy"));
    expect_bit_equal(y, golden_gemm(quantize_operands(parse_recipe(recipe), x, w)));
    fs::remove(path("y.npy"));
  }
}

TEST_F(GemmCli, Float16InputsAreAccepted) {
  MatrixF32 x(2, 32), w(3, 32);
  for (size_t i = 0; i < x.size(); ++i) x.storage()[i] = 0.25f * static_cast<float>(i % 7) - 0.5f;
  for (size_t i = 0; i < w.size(); ++i) w.storage()[i] = 0.125f * static_cast<float>(i % 5) - 0.25f;
  write_npy(path("x.npy"), make_npy_fp16(x));  // values exactly representable in FP16
  write_npy(path("w.npy"), make_npy_fp16(w));
  const CommandResult r = run(io_args("w4a16-g32"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_bit_equal(read_npy_matrix_f32(path("y.npy")),
                   golden_gemm(quantize_operands(parse_recipe("w4a16-g32"), x, w)));
}

TEST_F(GemmCli, IntegerScaleDumpReproducesY) {
  const uint32_t seed = 77;
  std::printf("seed=%u\n", seed);
  const MatrixF32 x = outlier_matrix(3, 128, seed, 1.0);
  const MatrixF32 w = outlier_matrix(4, 128, seed + 1, 0.03);
  write_inputs(x, w);
  const CommandResult r = run(io_args("w4a8-g32-intscale") + " --dump-quantized " + path("dump"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const NpyArray wq = read_npy(path("dump/wq.npy"));
  const NpyArray xq = read_npy(path("dump/xq.npy"));
  const NpyArray xs = read_npy(path("dump/xscale.npy"));
  const NpyArray ws = read_npy(path("dump/wscale_int.npy"));
  const NpyArray al = read_npy(path("dump/alpha.npy"));
  ASSERT_EQ(wq.shape, (std::vector<int64_t>{4, 128}));
  ASSERT_EQ(ws.shape, (std::vector<int64_t>{4, 4}));
  ASSERT_EQ(xs.shape, (std::vector<int64_t>{3}));
  ASSERT_EQ(wq.dtype, NpyDtype::Int8);
  ASSERT_EQ(ws.dtype, NpyDtype::Int32);
  std::vector<float> xscale(3);
  std::vector<int32_t> wscale(16);
  int32_t alpha = 0;
  std::memcpy(xscale.data(), xs.data.data(), 12);
  std::memcpy(wscale.data(), ws.data.data(), 64);
  std::memcpy(&alpha, al.data.data(), 4);
  // Y = xscale * 2^-alpha * sum_g wscale_int * P, in the documented order.
  MatrixF32 want(3, 4);
  for (int64_t m = 0; m < 3; ++m)
    for (int64_t n = 0; n < 4; ++n) {
      int64_t acc = 0;
      for (int64_t k = 0; k < 128; ++k)
        acc += int64_t{static_cast<int8_t>(xq.data[static_cast<size_t>(m * 128 + k)])} *
               static_cast<int8_t>(wq.data[static_cast<size_t>(n * 128 + k)]) *
               wscale[static_cast<size_t>(n * 4 + k / 32)];
      want(m, n) = static_cast<float>(acc) * std::ldexp(xscale[static_cast<size_t>(m)], -alpha);
    }
  expect_bit_equal(read_npy_matrix_f32(path("y.npy")), want);
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(path("dump"))) files.push_back(e.path().filename());
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{"alpha.npy", "wq.npy", "wscale.npy",
                                             "wscale_int.npy", "xq.npy", "xscale.npy"}));
}

TEST_F(GemmCli, AsymmetricAndBlockDumpsHaveCodesAndScales) {
  write_inputs(outlier_matrix(2, 64, 5, 1.0), outlier_matrix(3, 64, 6, 0.02));
  ASSERT_EQ(run(io_args("w4a16-g32-asym") + " --dump-quantized " + path("d1")).exit_code, 0);
  const NpyArray wq = read_npy(path("d1/wq.npy"));
  EXPECT_EQ(wq.dtype, NpyDtype::Uint8);
  for (uint8_t c : wq.data) EXPECT_LE(c, 15);
  EXPECT_EQ(read_npy(path("d1/wzero.npy")).shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(read_npy(path("d1/x_fp16.npy")).dtype, NpyDtype::Float16);
  fs::create_directories(path("d2"));  // an existing empty directory is replaced; trailing '/'
  ASSERT_EQ(run(io_args("nvfp4") + " --dump-quantized " + path("d2") + "/").exit_code, 0);
  EXPECT_EQ(read_npy(path("d2/wscale_code.npy")).shape, (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(read_npy(path("d2/xq.npy")).shape, (std::vector<int64_t>{2, 64}));
  EXPECT_EQ(read_npy(path("d2/xtensor_scale.npy")).dtype, NpyDtype::Float32);
  // MixPE float activations: BF16 values as float32 (not FP16, which cannot hold them); E4M3 as
  // uint8 codes with FP32 token scales.
  ASSERT_EQ(run(io_args("w4abf16-g32") + " --dump-quantized " + path("d3")).exit_code, 0);
  const NpyArray xb = read_npy(path("d3/x_bf16.npy"));
  EXPECT_EQ(xb.dtype, NpyDtype::Float32);
  EXPECT_EQ(xb.shape, (std::vector<int64_t>{2, 64}));
  EXPECT_FALSE(fs::exists(path("d3/x_fp16.npy")));
  ASSERT_EQ(run(io_args("w4afp8-g32") + " --dump-quantized " + path("d4")).exit_code, 0);
  EXPECT_EQ(read_npy(path("d4/xq.npy")).dtype, NpyDtype::Uint8);
  EXPECT_EQ(read_npy(path("d4/xscale.npy")).shape, (std::vector<int64_t>{2}));
  EXPECT_FALSE(fs::exists(path("d4/x_fp16.npy")));
}

TEST_F(GemmCli, SameInputsGiveSameBytes) {
  write_inputs(outlier_matrix(4, 128, 9, 1.0), outlier_matrix(6, 128, 10, 0.02));
  auto bytes_of = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  ASSERT_EQ(run(io_args("nvfp4")).exit_code, 0);
  const std::string first = bytes_of(path("y.npy"));
  ASSERT_EQ(run(io_args("nvfp4")).exit_code, 0);  // overwrites y.npy via rename
  EXPECT_EQ(bytes_of(path("y.npy")), first);
  EXPECT_EQ(first.size(), 128u + 4u * 6u * 4u);
}

TEST_F(GemmCli, HelpDocumentsRecipeArithmetic) {
  const CommandResult r = run("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* part : {"--recipe", "--dump-quantized", "wBa8-gG[-asym]-intscale", "2^alpha",
                           "E8M0", "docs/ARITHMETIC.md"})
    EXPECT_NE(r.output.find(part), std::string::npos) << part;
}

TEST_F(GemmCli, UnknownRecipeListsKnownOnes) {
  write_inputs(MatrixF32(2, 64, 1.0f), MatrixF32(3, 64, 1.0f));
  expect_failure(io_args("w5a5"), {"unknown recipe 'w5a5'", "w4a8-g128-intscale", "nvfp4"});
}

TEST_F(GemmCli, GroupSizeMustDivideK) {
  write_inputs(MatrixF32(2, 96, 1.0f), MatrixF32(3, 96, 1.0f));
  expect_failure(io_args("w4a8-g64"), {"K=96", "G=64", path("x.npy")});
}

TEST_F(GemmCli, MismatchedShapesNameBothFiles) {
  write_inputs(MatrixF32(2, 64, 1.0f), MatrixF32(3, 128, 1.0f));
  expect_failure(io_args("w4a8-g32"), {"shape mismatch", path("x.npy"), path("w.npy"), "2x64",
                                       "3x128"});
}

TEST_F(GemmCli, NonNpyAndTruncatedFilesAreNamed) {
  write_inputs(MatrixF32(2, 64, 1.0f), MatrixF32(3, 64, 1.0f));
  std::ofstream(path("x.npy"), std::ios::trunc) << "1,2,3\n";
  expect_failure(io_args("w4a8-g32"), {path("x.npy"), "not a NumPy .npy file"});
  write_inputs(MatrixF32(2, 64, 1.0f), MatrixF32(3, 64, 1.0f));
  fs::resize_file(path("w.npy"), fs::file_size(path("w.npy")) - 5);
  expect_failure(io_args("w4a8-g32"), {path("w.npy"), "truncated"});
}

TEST_F(GemmCli, NanInputIsNamedWithFileAndPosition) {
  MatrixF32 x(2, 64, 1.0f);
  x(1, 7) = std::nanf("");
  write_inputs(x, MatrixF32(3, 64, 1.0f));
  expect_failure(io_args("w4a8-g32"), {path("x.npy"), "X[1][7] is NaN"});
}

TEST_F(GemmCli, CpuKernelsEqualGoldenOnIntegerRecipes) {
  const uint32_t seed = 4242;
  std::printf("seed=%u\n", seed);
  const MatrixF32 x = outlier_matrix(5, 256, seed, 1.0);
  const MatrixF32 w = outlier_matrix(9, 256, seed + 1, 0.02);
  write_inputs(x, w);
  for (const char* impl : {"cpu", "cpu-scalar"}) {
    for (const char* recipe : {"w4a8-g128", "w4a8-g64-intscale", "w8a8"}) {
      SCOPED_TRACE(std::string(impl) + " " + recipe);
      const CommandResult r = run(io_args(recipe) + " --impl " + impl);
      ASSERT_EQ(r.exit_code, 0) << r.output;
      expect_bit_equal(read_npy_matrix_f32(path("y.npy")),
                       golden_gemm(quantize_operands(parse_recipe(recipe), x, w)));
      fs::remove(path("y.npy"));
    }
  }
}

TEST_F(GemmCli, SimulatorValuesEqualGoldenOnIntegerRecipes) {
  const uint32_t seed = 5150;
  std::printf("seed=%u\n", seed);
  const MatrixF32 x = outlier_matrix(3, 256, seed, 1.0);
  const MatrixF32 w = outlier_matrix(37, 256, seed + 1, 0.02);  // N not a multiple of 32
  write_inputs(x, w);
  // Integer datapaths: bit for bit with the golden model.
  for (const auto& [pe, recipe] : std::vector<std::pair<std::string, std::string>>{
           {"mixpe", "w4a8-g128"}, {"mixpe", "w4a8-g64-intscale"}, {"int8-mac", "w8a8"},
           // 2- and 3-bit weights on the parameterized MixPE (docs/PES.md).
           {"mixpe", "w2a8-g32"}, {"mixpe", "w3a8-g64-asym"}, {"mixpe", "w2a8-g128-asym-intscale"},
           // The seed papers' PEs (docs/PES.md): W4A4, MXFP4, NVFP4, SliM, LUT-GEMM - bit for bit.
           {"int4-mac", "w4a4-g64"}, {"int4-mac", "w4a4-g128-asym"}, {"mx-fp4", "mxfp4"},
           {"nv-fp4", "nvfp4"},
           {"slim-mixed", "slim-w3a8-g64"}, {"lut-gemm", "lut-w3a8-g128"}}) {
    SCOPED_TRACE(pe + " " + recipe);
    const CommandResult r = run(io_args(recipe) + " --impl sim --pe " + pe);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    expect_bit_equal(read_npy_matrix_f32(path("y.npy")),
                     golden_gemm(quantize_operands(parse_recipe(recipe), x, w)));
    fs::remove(path("y.npy"));
  }
  // dequant-mac rounds each dequantized weight to FP16 before multiplying (the conventional
  // order): a float path, held to the FP16 tolerance of ARITHMETIC.md against FP64 of the same
  // quantized operands.
  const CommandResult r = run(io_args("w4a8-g64") + " --impl sim --pe dequant-mac");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const MatrixF32 y = read_npy_matrix_f32(path("y.npy"));
  const MatrixF64 ref = reference_gemm_f64(quantize_operands(parse_recipe("w4a8-g64"), x, w));
  double num = 0, den = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    ASSERT_FALSE(std::isnan(y.storage()[i]));
    const double d = y.storage()[i] - ref.storage()[i];
    num += d * d;
    den += ref.storage()[i] * ref.storage()[i];
  }
  const double rel = std::sqrt(num / den);
  std::printf("dequant-mac rel. Frobenius error vs FP64 = %.3g (limit 2e-3)\n", rel);
  EXPECT_LE(rel, 2e-3);
  EXPECT_GT(rel, 0.0);  // it really is the rounded float path, not the integer golden
  // Float paths with FP32 accumulation (K-tile column sums added to the accumulator in the
  // array): fp8-mac, and the MixPE with FP16, BF16 and FP8-E4M3 activations; the FP32 tolerance
  // against FP64 of the same quantized operands (outputs differing from golden are counted).
  for (const auto& [fpe, recipe] : std::vector<std::pair<std::string, const char*>>{
           {"fp8-mac", "fp8-e4m3"}, {"fp8-mac", "fp8-e5m2"}, {"mixpe", "w3a16-g128"},
           {"mixpe", "w4abf16-g128"}, {"mixpe", "w4afp8-g128"}, {"mixpe", "w2afp8-g32-asym"}}) {
    const CommandResult f = run(io_args(recipe) + " --impl sim --pe " + fpe);
    ASSERT_EQ(f.exit_code, 0) << f.output;
    const MatrixF32 yf = read_npy_matrix_f32(path("y.npy"));
    const QuantizedOperands fops = quantize_operands(parse_recipe(recipe), x, w);
    const MatrixF64 reff = reference_gemm_f64(fops);
    const MatrixF32 goldf = golden_gemm(fops);
    int differ = 0;
    for (size_t i = 0; i < yf.size(); ++i)
      differ += std::memcmp(&yf.storage()[i], &goldf.storage()[i], sizeof(float)) != 0;
    std::printf("%s %s: %d of %zu outputs differ from golden in some bit\n", fpe.c_str(), recipe,
                differ, yf.size());
    double n2 = 0, d2 = 0;
    for (size_t i = 0; i < yf.size(); ++i) {
      ASSERT_TRUE(std::isfinite(yf.storage()[i]));
      const double d = yf.storage()[i] - reff.storage()[i];
      n2 += d * d;
      d2 += reff.storage()[i] * reff.storage()[i];
    }
    std::printf("%s %s rel. Frobenius error vs FP64 = %.3g (limit %.3g)\n", fpe.c_str(), recipe,
                std::sqrt(n2 / d2), 1e-5 * std::sqrt(256.0 / 128.0));
    EXPECT_LE(std::sqrt(n2 / d2), 1e-5 * std::sqrt(256.0 / 128.0));
    fs::remove(path("y.npy"));
  }
}

TEST_F(GemmCli, UnavailableImplementationIsAClearError) {
  write_inputs(MatrixF32(2, 64, 1.0f), MatrixF32(3, 64, 1.0f));
  expect_failure(io_args("w4a8-g32") + " --impl tpu", {"tpu"});
  // The CUDA path on a machine without a GPU (or a build without nvcc) must say why, not crash.
  if (std::system("nvidia-smi -L > /dev/null 2>&1") == 0)
    GTEST_SKIP() << "a GPU is present: the no-GPU error path cannot be exercised here";
  expect_failure(io_args("w4a8-g32-intscale") + " --impl cuda", {"--impl cuda"});
}

TEST_F(GemmCli, NoPartialOutputWhenDumpTargetIsOccupied) {
  write_inputs(MatrixF32(2, 64, 1.0f), MatrixF32(3, 64, 1.0f));
  fs::create_directories(path("dump"));
  std::ofstream(path("dump/keep.txt")) << "mine";
  expect_failure(io_args("w4a8-g32") + " --dump-quantized " + path("dump"),
                 {path("dump"), "already exists"});
  EXPECT_TRUE(fs::exists(path("dump/keep.txt")));
}

TEST_F(GemmCli, OutputIntoMissingDirectoryFailsCleanly) {
  write_inputs(MatrixF32(2, 64, 1.0f), MatrixF32(3, 64, 1.0f));
  const CommandResult r = run("--recipe w4a8-g32 --x " + path("x.npy") + " --w " + path("w.npy") +
                    " --out " + path("nodir/y.npy"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find(path("nodir")), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(path("nodir")));
}

}  // namespace
}  // namespace mixsim
