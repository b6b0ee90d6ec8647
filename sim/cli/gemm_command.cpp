// `mixsim gemm`: quantize X (M x K) and W (N x K) by a recipe, compute Y = X * W^T (M x N) with
// the chosen implementation, write Y.npy (and optionally every quantized operand) atomically.
#include <unistd.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "models/input_checks.hpp"
#include "models/npy.hpp"
#include "kernels/gemm_dispatch.hpp"
#include "models/recipe.hpp"
#include "sim/cli/commands.hpp"
#include "sim/mapping/mapping.hpp"
#include "sim/run/run_gemm.hpp"

namespace mixsim::cli {
namespace {

namespace fs = std::filesystem;

struct GemmOptions {
  std::string recipe;
  std::string x_path;
  std::string w_path;
  std::string out_path;
  std::string impl = "golden";
  std::string dump_dir;
  std::string pe = "mixpe";     // --impl sim only
  std::string sim_config;       // --impl sim only: hardware/energy config ("" = default)
  std::string shape;            // --impl sim only: "MxNxK" timed without operand files
  std::string mode = "cycle";   // --shape only: cycle | fast
};

const std::vector<std::string> kImplementations = {"golden", "cpu", "cpu-scalar", "cuda", "sim"};

// ===================== IMPLEMENTATION DISPATCH POINT =====================
// The one place that maps --impl to code. "golden" is models/ (docs/ARITHMETIC.md). The lead
// wires "cpu" (kernels/cpu), "cuda" (kernels/cuda) and "sim" (sim/) here; each must take the
// same QuantizedOperands and return Y (M x N).
MatrixF32 compute_gemm(const std::string& impl, const QuantizedOperands& ops) {
  if (impl == "golden") return golden_gemm(ops);
  if (impl == "cpu" || impl == "cpu-scalar" || impl == "cuda") {
    try {
      return run_kernel_gemm(impl, ops);
    } catch (const std::invalid_argument& e) {
      throw CommandError(std::string("--impl ") + impl + ": " + e.what());
    }
  }
  throw CommandError("--impl " + impl + " is not wired into 'mixsim gemm' yet");
}
// =========================================================================

// Removes a temporary file or directory unless release()d: no partial output on any error.
class TempPath {
 public:
  explicit TempPath(fs::path p) : path_(std::move(p)) {}
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  ~TempPath() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  fs::path path_;
};

// "out/dump/" and "out/dump" name the same directory; rename needs the latter form.
fs::path without_trailing_slash(const std::string& p) {
  fs::path path = fs::path(p).lexically_normal();
  if (path.filename().empty() && path.has_parent_path()) path = path.parent_path();
  return path;
}

// A sibling of `target` (same directory, so rename is atomic) that does not exist yet.
fs::path temporary_sibling(const fs::path& target) {
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  for (int attempt = 0;; ++attempt) {
    fs::path candidate = parent / ("." + target.filename().string() + ".tmp-" +
                                   std::to_string(::getpid()) + "-" + std::to_string(attempt));
    if (!fs::exists(candidate)) return candidate;
  }
}

MatrixF32 read_operand(const std::string& path, const char* role) {
  MatrixF32 m = read_npy_matrix_f32(path);
  require_finite(m, path + ": " + role);
  return m;
}

void require_matching_k(const GemmOptions& o, const MatrixF32& x, const MatrixF32& w) {
  if (x.cols() == w.cols()) return;
  throw CommandError("shape mismatch: --x " + o.x_path + " is " + std::to_string(x.rows()) +
                     "x" + std::to_string(x.cols()) + " (M x K) but --w " + o.w_path + " is " +
                     std::to_string(w.rows()) + "x" + std::to_string(w.cols()) +
                     " (N x K); the K dimensions must match");
}

std::vector<int64_t> matrix_shape(int64_t rows, int64_t cols) { return {rows, cols}; }

void dump_integer_weights(const fs::path& dir, const QuantizedMatrix& w) {
  const std::vector<int64_t> shape = matrix_shape(w.rows, w.cols);
  if (w.is_symmetric) {
    write_npy((dir / "wq.npy").string(), make_npy(w.codes, shape));
  } else {
    const std::vector<uint8_t> codes(w.codes.begin(), w.codes.end());  // 0..2^b-1
    write_npy((dir / "wq.npy").string(), make_npy(codes, shape));
    const std::vector<uint8_t> zeros(w.zeros.begin(), w.zeros.end());
    write_npy((dir / "wzero.npy").string(), make_npy(zeros, matrix_shape(w.rows, w.groups())));
  }
  write_npy((dir / "wscale.npy").string(), make_npy(w.scales, matrix_shape(w.rows, w.groups())));
}

void dump_block(const fs::path& dir, const std::string& prefix, const BlockScaledMatrix& b) {
  write_npy((dir / (prefix + "q.npy")).string(),
            make_npy(b.element_codes, matrix_shape(b.rows, b.cols)));
  write_npy((dir / (prefix + "scale_code.npy")).string(),
            make_npy(b.scale_codes, matrix_shape(b.rows, b.blocks())));
  write_npy((dir / (prefix + "tensor_scale.npy")).string(),
            make_npy(std::vector<float>{b.tensor_scale}, {1}));
}

void dump_operands(const fs::path& dir, const QuantizedOperands& ops) {
  if (ops.weights) dump_integer_weights(dir, *ops.weights);
  if (ops.integer_scales) {
    const QuantizedMatrix& w = *ops.weights;
    write_npy((dir / "wscale_int.npy").string(),
              make_npy(ops.integer_scales->scales, matrix_shape(w.rows, w.groups())));
    write_npy((dir / "alpha.npy").string(),
              make_npy(std::vector<int32_t>{ops.integer_scales->alpha}, {1}));
  }
  if (ops.activations) {
    const QuantizedActivations& a = *ops.activations;
    write_npy((dir / "xq.npy").string(), make_npy(a.codes, matrix_shape(a.rows, a.cols)));
    write_npy((dir / "xscale.npy").string(), make_npy(a.scales, {a.rows}));
  }
  // FP16 values as FP16; BF16 values (not FP16-representable) as FP32, exactly. E4M3 activations
  // are dumped as their codes and scales below.
  if (ops.activations_fp16 && ops.recipe.float_activation == FloatActivation::FP16)
    write_npy((dir / "x_fp16.npy").string(), make_npy_fp16(*ops.activations_fp16));
  if (ops.activations_fp16 && ops.recipe.float_activation == FloatActivation::BF16)
    write_npy((dir / "x_bf16.npy").string(), make_npy(*ops.activations_fp16));
  if (ops.weights_fp8) {
    write_npy((dir / "wq.npy").string(), make_npy(ops.weights_fp8->codes, matrix_shape(ops.weights_fp8->rows, ops.weights_fp8->cols)));
    write_npy((dir / "wscale.npy").string(), make_npy(ops.weights_fp8->scales, {ops.weights_fp8->rows}));
  }
  if (ops.activations_fp8) {
    write_npy((dir / "xq.npy").string(), make_npy(ops.activations_fp8->codes, matrix_shape(ops.activations_fp8->rows, ops.activations_fp8->cols)));
    write_npy((dir / "xscale.npy").string(), make_npy(ops.activations_fp8->scales, {ops.activations_fp8->rows}));
  }
  if (ops.group_bits && ops.weights)
    write_npy((dir / "wbits.npy").string(), make_npy(*ops.group_bits, matrix_shape(ops.weights->rows, ops.weights->groups())));
  if (ops.weights_block) dump_block(dir, "w", *ops.weights_block);
  if (ops.activations_block) dump_block(dir, "x", *ops.activations_block);
}

void check_dump_target(const std::string& dump_dir) {
  if (dump_dir.empty() || !fs::exists(dump_dir)) return;
  if (!fs::is_directory(dump_dir) || !fs::is_empty(dump_dir))
    throw CommandError("--dump-quantized " + dump_dir +
                       " already exists and is not an empty directory; refusing to overwrite");
}

void rename_into_place(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) throw CommandError("cannot move " + from.string() + " to " + to.string() + ": " + ec.message());
}

// --impl sim: the SystemC cycle model (on the hardware of --config, default configs/default.yaml)
// quantizes X and W with the same recipe and returns the values its PE array computed.
MatrixF32 simulate_gemm_values(const GemmOptions& o, const MatrixF32& x, const MatrixF32& w) {
  sim::SingleGemmOptions options;
  options.pe = o.pe;
  options.recipe = o.recipe;
  options.config_path = o.sim_config;
  sim::SingleGemmResult r = sim::simulate_single_gemm(x, w, options);
  std::fprintf(stderr, "mixsim gemm --impl sim: pe %s, %lld cycles, %.3g s at the config's clock\n",
               o.pe.c_str(), static_cast<long long>(r.sim.cycles), r.sim.latency_s);
  return std::move(r.y);
}

// "1x4096x4096" -> {1, 4096, 4096}; anything else is a CommandError showing the form.
std::array<int64_t, 3> parse_shape(const std::string& text) {
  std::array<int64_t, 3> dims{};
  size_t start = 0;
  for (size_t i = 0; i < 3; ++i) {
    const size_t x = i < 2 ? text.find('x', start) : text.size();
    const std::string part = x == std::string::npos ? "" : text.substr(start, x - start);
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() || v < 1)
      throw CommandError("--shape '" + text + "': expected MxNxK with integers >= 1 (Y is M x N, "
                         "K the reduction), e.g. 1x4096x4096");
    dims[i] = v;
    start = x + 1;
  }
  return dims;
}

// --shape: timing only, on the hardware of --config; prints one line per quantity.
void time_shape(const GemmOptions& o) {
  if (o.impl != "sim")
    throw CommandError("--shape times a GEMM on the simulator: use it with --impl sim (got --impl " +
                       o.impl + ")");
  if (!o.x_path.empty() || !o.w_path.empty() || !o.out_path.empty() || !o.dump_dir.empty())
    throw CommandError("--shape takes no operand files: leave out --x, --w, --out and --dump-quantized");
  const auto [m, n, k] = parse_shape(o.shape);
  sim::SingleGemmOptions options;
  options.pe = o.pe;
  options.recipe = o.recipe;
  options.config_path = o.sim_config;
  options.mode = o.mode == "fast" ? sim::SimMode::Fast : sim::SimMode::Cycle;
  const sim::GemmSimResult r = sim::time_gemm_shape(m, n, k, options);
  const double energy_pj = sim::total_energy_pj(r.energy_pj);
  std::printf("gemm %lldx%lldx%lld (M x N x K), pe %s, recipe %s, %s mode\n",
              static_cast<long long>(m), static_cast<long long>(n), static_cast<long long>(k),
              o.pe.c_str(), o.recipe.c_str(), o.mode.c_str());
  std::printf("cycles       %lld\n", static_cast<long long>(r.cycles));
  std::printf("latency_us   %.6g\n", r.latency_s * 1e6);
  std::printf("utilization  %.4f\n", r.utilization);
  std::printf("energy_uj    %.6g\n", energy_pj * 1e-6);
  std::printf("bound        %lld cycles (%s; compute %lld, dram %lld); achieved %.1f%% of it\n",
              static_cast<long long>(r.bounds.bound_cycles()), r.bounds.limiter().c_str(),
              static_cast<long long>(r.bounds.compute_cycles),
              static_cast<long long>(r.bounds.traffic_cycles),
              100.0 * r.bounds.fraction_of_bound(r.cycles));
  std::printf("mapping      %s\n", sim::to_string(r.mapping).c_str());
}

void run_gemm(const GemmOptions& o) {
  if (!o.shape.empty()) return time_shape(o);
  for (const auto& [value, flag] : {std::pair{&o.x_path, "--x"}, {&o.w_path, "--w"}, {&o.out_path, "--out"}})
    if (value->empty())
      throw CommandError(std::string(flag) + " is required (or --impl sim --shape MxNxK to time a "
                         "shape without operand files)");
  const Recipe recipe = parse_recipe(o.recipe);
  check_dump_target(o.dump_dir);
  const MatrixF32 x = read_operand(o.x_path, "X");
  const MatrixF32 w = read_operand(o.w_path, "W");
  require_matching_k(o, x, w);
  QuantizedOperands ops;
  try {
    ops = quantize_operands(recipe, x, w);
  } catch (const std::invalid_argument& e) {
    throw CommandError("recipe " + recipe.name + " on --x " + o.x_path + ", --w " + o.w_path +
                       ": " + e.what());
  }
  const MatrixF32 y = o.impl == "sim" ? simulate_gemm_values(o, x, w) : compute_gemm(o.impl, ops);

  // Everything goes to temporaries in the target directories first; renames happen last.
  std::optional<TempPath> dump_tmp;
  const fs::path dump_dir = without_trailing_slash(o.dump_dir);
  if (!o.dump_dir.empty()) {
    dump_tmp.emplace(temporary_sibling(dump_dir));
    std::error_code ec;
    if (!fs::create_directory(dump_tmp->path(), ec) || ec)
      throw CommandError("cannot create a directory next to --dump-quantized " + o.dump_dir +
                         (ec ? ": " + ec.message() : ""));
    dump_operands(dump_tmp->path(), ops);
  }
  TempPath y_tmp(temporary_sibling(o.out_path));
  write_npy(y_tmp.path().string(), make_npy(y));
  if (dump_tmp) {
    if (fs::exists(dump_dir)) fs::remove(dump_dir);  // empty (checked above)
    rename_into_place(dump_tmp->path(), dump_dir);
    dump_tmp->release();
  }
  rename_into_place(y_tmp.path(), o.out_path);
  y_tmp.release();
}

const char* kRecipeFooter = R"(Recipes (X is M x K activations, W is N x K weights, Y = X W^T is M x N float32;
groups of G run along K; fl32() = round to FP32 ties-to-even; loops ascend; no FMA;
exact definitions and tests: docs/ARITHMETIC.md):
  wBa16-gG[-asym]   B = 2, 3, 4 weight bits (w2a16, w3a16, w4a16; w2a8 ... likewise below).
                    W: INT-B RTN per (row, group), FP16 scale (+ zero point if -asym).
                    X rounded to FP16. Per group: part = FP32 sum over k of x16*(q-z);
                    acc = fl32(acc + fl32(s*part)); Y = acc.
  wBabf16-gG[-asym] as wBa16 with X rounded to BF16 (|x| < 2^64; |x| < 2^-64 flushed to 0).
  wBafp8-gG[-asym]  as wBa16 with X as FP8 E4M3 codes of x/s_x, s_x = fp32(absmax/448) per
                    token; Y = fl32(acc*s_x). (BF16/FP8: --impl golden, cuda, or sim --pe mixpe.)
  wBa8-gG[-asym]    X: per-token symmetric INT8, s_a = fp32(absmax/127). P = exact INT32
                    group sum of a*(q-z); acc = fl32(acc + fl32(s*fl32(P))); Y = fl32(acc*s_a).
  wBa8-gG[-asym]-intscale
                    As w4a8 but s_int = rne(s*2^alpha), alpha the largest in [0,24] keeping
                    the worst-case INT32 accumulation in range; acc = sum_g s_int*P (INT32);
                    Y = fl32(fl32(acc) * fl32(s_a*2^-alpha)).
  w8a8              W: INT8 symmetric per channel (G = K), FP16 scale; X per-token INT8;
                    Y = fl32(fl32(s_w*fl32(P)) * s_a) with P the exact INT32 dot product.
  w4a4-gG[-asym]    As w4a8 with per-token INT4 activations, s_a = fp32(absmax/7).
  slim-w3a8-gG      Per (row, group) 2/3/4-bit symmetric RTN by salience sum W^2 * diag(X^T X)
                    (top quarter 4, bottom quarter 2, rest 3 bits); the w4a8 order. wbits.npy.
  lut-w3a8-gG       Binary-coded 3-bit weights: odd codes c in [-7, 7], alpha = fp16(absmax/7);
                    the w4a8 order (the lut-gemm PE sums a*c by table look-ups).
  fp8-e4m3/-e5m2    X, W: FP8 per row, s = fp32(amax/FMAX); acc = fl32(acc + x8*w8) over K;
                    Y = fl32(fl32(acc*sx)*sw). wq/xq = FP8 codes, wscale/xscale per row.
  mxfp4             X and W: FP4 E2M1 with one E8M0 scale per 32 (OCP MX v1.0 rule).
  nvfp4             X and W: FP4 E2M1 with one E4M3 scale per 16 and an FP32 tensor scale.
                    Both: D = exact block dot of the FP4 values; acc = fl32(acc +
                    fl32(D*sx*sw)); Y = fl32(acc * fl32(tx*tw)) (tx = tw = 1 for mxfp4).
  G is 32, 64, 128 or 256 (default 128 when -gG is omitted); K must be a multiple of G.
--dump-quantized DIR writes: wq (N x K codes; int8, or uint8 for -asym and FP4 codes), wscale
(N x K/G float32), wzero (-asym, uint8), xq + xscale (INT8 activations; E4M3 codes + FP32 token
scales for wBafp8), x_fp16 (w4a16), x_bf16 (wBabf16: the BF16 values as float32),
wscale_int + alpha (intscale: Y = xscale * 2^-alpha * sum_g wscale_int * P),
wq/xq + wscale_code/xscale_code + wtensor_scale/xtensor_scale (FP4 codes, E8M0/E4M3 scale codes).
Y and DIR are written to temporaries and renamed: an error leaves no output behind.
)";

}  // namespace

void register_gemm_command(CLI::App& app) {
  auto opts = std::make_shared<GemmOptions>();
  auto* cmd = app.add_subcommand(
      "gemm", "Quantize X and W by a recipe and compute Y = X * W^T with its defined arithmetic");
  std::string recipe_help = "Recipe name; one of:";
  for (const auto& n : known_recipe_names()) recipe_help += " " + n;
  cmd->add_option("--recipe", opts->recipe, recipe_help)->required();
  cmd->add_option("--x", opts->x_path, "Activations X: M x K .npy (float32 or float16); required "
                                      "unless --shape");
  cmd->add_option("--w", opts->w_path, "Weights W: N x K .npy (float32 or float16); required unless "
                                      "--shape");
  cmd->add_option("--out", opts->out_path, "Output Y: M x N float32 .npy; required unless --shape");
  cmd->add_option("--shape", opts->shape, "With --impl sim: time an MxNxK GEMM (e.g. 1x4096x4096) "
                                          "on the simulator without operand files; prints cycles, "
                                          "latency, energy, bound and mapping");
  cmd->add_option("--mode", opts->mode, "With --shape: cycle (cycle-level model) or fast (per-tile)")
      ->check(CLI::IsMember({"cycle", "fast"}))
      ->capture_default_str();
  cmd->add_option("--impl", opts->impl, "Implementation: golden (models/), cpu (SIMD + threads), cpu-scalar, cuda (kernels/cuda), sim (SystemC cycle model)")
      ->check(CLI::IsMember(kImplementations))
      ->capture_default_str();
  cmd->add_option("--dump-quantized", opts->dump_dir,
                  "Directory to create with the quantized operands as .npy files");
  cmd->add_option("--pe", opts->pe,
                  "PE type for --impl sim: mixpe, dequant-mac, int8-mac (w8a8), fp16-mac (fp16), "
                  "int4-mac (w4a4), fp8-mac (fp8-*), mx-fp4 (mxfp4), nv-fp4 (nvfp4), "
                  "slim-mixed (slim-*), lut-gemm (lut-*)")
      ->capture_default_str();
  cmd->add_option("--config", opts->sim_config,
                  "Run config whose hardware and energy --impl sim uses (default: configs/default.yaml)");
  cmd->footer(kRecipeFooter);
  cmd->callback([opts] {
    try {
      run_gemm(*opts);
    } catch (const CommandError&) {
      throw;
    } catch (const std::invalid_argument& e) {
      throw CommandError(e.what());
    }
  });
}

}  // namespace mixsim::cli
