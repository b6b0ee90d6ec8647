#include "rtl/harness/top/top_operands.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "models/fp16.hpp"
#include "models/fp8_quantizer.hpp"
#include "models/pe/fp4_block_pe.hpp"
#include "models/pe/mac_pes.hpp"
#include "sim/array/wavefront.hpp"

namespace mixsim::rtl {
namespace {

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// dequant-mac's FP16 code of the scale of weight row n, group g (its scales are FP16 values).
uint16_t fp16_scale_code(const QuantizedMatrix& w, int64_t n, int64_t g) {
  const float s = w.scale(n, g);
  const uint16_t code = fp16_encode_float(s);
  if (!same_bits(static_cast<float>(fp16_decode(code)), s))
    throw std::logic_error("top operands: weight scale is not an FP16 value");
  return code;
}

float decode(int format, uint16_t code) {
  switch (format) {
    case kFp16: return static_cast<float>(fp16_decode(code));
    case kBf16: {
      const uint32_t bits = uint32_t{code} << 16;
      float f;
      std::memcpy(&f, &bits, sizeof f);
      return f;
    }
    case kE4m3: return static_cast<float>(fp8_decode(Fp8Format::E4M3, static_cast<uint8_t>(code)));
    case kE5m2: return static_cast<float>(fp8_decode(Fp8Format::E5M2, static_cast<uint8_t>(code)));
    default: throw std::logic_error("top operands: no float decode for format " + std::to_string(format));
  }
}

const Fp8Matrix& need_fp8(const std::optional<Fp8Matrix>& m, const QuantizedOperands* ops, const char* what) {
  if (!ops || !m) throw std::invalid_argument(std::string("top operands: the recipe has no FP8 ") + what);
  return *m;
}

// Codes of one operand (rows x k) of the given format; `values` (FP32 lanes) or `ints` (INT8
// lanes) are what the simulator's array multiplies.
std::vector<uint16_t> encode(int format, int64_t rows, int64_t k, const float* values, const int8_t* ints,
                             const std::vector<uint8_t>* fp8_codes, int int_bits, const char* what) {
  const auto n = static_cast<size_t>(rows * k);
  std::vector<uint16_t> out(n);
  if (format == kInt || format == kInt8) {
    if (!ints) throw std::invalid_argument(std::string("top operands: integer ") + what + " expected");
    const auto mask = static_cast<uint16_t>((1u << int_bits) - 1u);
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint16_t>(static_cast<uint8_t>(ints[i])) & mask;
    return out;
  }
  if (!values) throw std::invalid_argument(std::string("top operands: float ") + what + " expected");
  for (size_t i = 0; i < n; ++i) {
    const float v = values[i];
    uint16_t code = 0;
    if (format == kFp16) {
      code = fp16_encode_float(v);
    } else if (format == kBf16) {
      uint32_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      code = static_cast<uint16_t>(bits >> 16);
    } else {
      code = (*fp8_codes)[i];
    }
    if (!same_bits(decode(format, code), v))
      throw std::logic_error(std::string("top operands: ") + what + " element " + std::to_string(i) + " (" +
                             std::to_string(v) + ") is not exactly a value of the RTL's format " +
                             std::to_string(format));
    out[i] = code;
  }
  return out;
}

}  // namespace

TopOperandCodes encode_top_operands(const TopDesign& d, const sim::ArrayOperands& lanes,
                                    const QuantizedOperands* ops) {
  TopOperandCodes c;
  c.k = lanes.k;
  c.act_bytes = d.activation_bits / 8;
  c.weight_bits = d.weight_bits;
  if (!d.float_lane) {
    if (lanes.lane != sim::Lane::Int32 || !lanes.act_i8 || !lanes.w_i8)
      throw std::invalid_argument("RTL top " + d.name + " has integer lanes; the PE's operands are not INT8");
    if (d.w_decode == kFp4) {  // E2M1 codes; the array decodes them to twice their values
      if (!ops || !ops->activations_block || !ops->weights_block)
        throw std::invalid_argument("RTL top " + d.name + ": the recipe has no block-scaled operands");
      auto codes_of = [&](const std::vector<uint8_t>& e, const int8_t* twice, const char* what) {
        std::vector<uint16_t> out(e.size());
        for (size_t i = 0; i < e.size(); ++i) {
          if (mixsim::pe::fp4_twice_value(e[i]) != twice[i])
            throw std::logic_error(std::string("top operands: FP4 ") + what + " code " + std::to_string(i) +
                                   " does not decode to the simulator's lane value");
          out[i] = e[i] & 0xF;
        }
        return out;
      };
      c.act = codes_of(ops->activations_block->element_codes, lanes.act_i8, "activation");
      c.w = codes_of(ops->weights_block->element_codes, lanes.w_i8, "weight");
      return c;
    }
    c.act = encode(kInt8, lanes.m, lanes.k, nullptr, lanes.act_i8, nullptr, 8, "activations");
    if (d.w_decode == kBcq3) {  // odd codes w = 2u - 7 stored as u (bit i = plane i, 1 = +1)
      c.w.resize(static_cast<size_t>(lanes.n * lanes.k));
      for (size_t i = 0; i < c.w.size(); ++i) {
        const int w = lanes.w_i8[i];
        if (w < -7 || w > 7 || (w & 1) == 0)
          throw std::logic_error("top operands: lut-gemm weight " + std::to_string(i) + " = " + std::to_string(w) +
                                 " is not an odd code in [-7, 7]");
        c.w[i] = static_cast<uint16_t>((w + 7) / 2);
      }
      return c;
    }
    c.w = encode(kInt, lanes.n, lanes.k, nullptr, lanes.w_i8, nullptr, d.weight_bits, "weights");
    if (d.w_decode == kSlimWidths) {
      if (!ops || !ops->group_bits || !ops->weights)
        throw std::invalid_argument("RTL top " + d.name + ": the recipe has no per-group weight widths");
      c.group_bits = *ops->group_bits;
      c.group = ops->weights->group_size;
      for (int64_t n = 0; n < lanes.n; ++n)
        for (int64_t k = 0; k < lanes.k; ++k) {
          const int w = lanes.w_i8[n * lanes.k + k], half = 1 << (c.width_of(n, k) - 1);
          if (w < -half || w >= half)
            throw std::logic_error("top operands: slim weight " + std::to_string(n) + "," + std::to_string(k) +
                                   " = " + std::to_string(w) + " does not fit its " +
                                   std::to_string(c.width_of(n, k)) + "-bit group");
        }
    }
    return c;
  }
  if (lanes.lane != sim::Lane::Float32)
    throw std::invalid_argument("RTL top " + d.name + " has float lanes; the PE's lane is INT32");
  const std::vector<uint8_t>* a8 = nullptr;
  const std::vector<uint8_t>* w8 = nullptr;
  if (d.a_format == kE4m3 || d.a_format == kE5m2) a8 = &need_fp8(ops->activations_fp8, ops, "activations").codes;
  if (d.w_format == kE4m3 || d.w_format == kE5m2) w8 = &need_fp8(ops->weights_fp8, ops, "weights").codes;
  c.act = encode(d.a_format, lanes.m, lanes.k, lanes.act_f32, lanes.act_i8, a8, 8, "activations");
  if (d.w_decode == kDequantFp16) {  // INT4 codes; the array dequantizes them with the group scale
    if (!ops || !ops->weights || !ops->weights->is_symmetric)
      throw std::invalid_argument("RTL top " + d.name + " dequantizes symmetric INT4 weights only");
    const QuantizedMatrix& w = *ops->weights;
    c.w.resize(static_cast<size_t>(lanes.n * lanes.k));
    for (int64_t n = 0; n < lanes.n; ++n)
      for (int64_t k = 0; k < lanes.k; ++k) {
        const size_t i = static_cast<size_t>(n * lanes.k + k);
        const float w16 = mixsim::pe::DequantMacPe::dequantize(w.scale(n, k / w.group_size), w.codes[i]);
        if (!same_bits(w16, lanes.w_f32[i]))
          throw std::logic_error("top operands: dequant-mac weight " + std::to_string(i) +
                                 " is not fl16(s * q) of its code");
        c.w[i] = static_cast<uint16_t>(static_cast<uint8_t>(w.codes[i])) & 0xF;
      }
    return c;
  }
  c.w = encode(d.w_format, lanes.n, lanes.k, lanes.w_f32, lanes.w_i8, w8, d.weight_bits, "weights");
  return c;
}

std::vector<uint8_t> pack_weight_tile(const TopOperandCodes& codes, const sim::TileRef& t, int64_t bytes) {
  std::vector<uint8_t> packed(static_cast<size_t>(bytes), 0);
  if (!codes.group_bits.empty()) {  // per-column widths: bit by bit, codes cross byte boundaries
    int64_t row_bits = 0;
    for (int64_t c = 0; c < t.ct; ++c) row_bits += codes.width_of(t.n0 + c, t.k0);
    if ((t.kt * row_bits + 7) / 8 != bytes)
      throw std::logic_error("top operands: a slim tile of " + std::to_string(t.kt) + " K-rows of " +
                             std::to_string(row_bits) + " bits is not the plan's " + std::to_string(bytes) + " bytes");
    for (int64_t r = 0; r < t.kt; ++r) {
      int64_t bit = r * row_bits;
      for (int64_t c = 0; c < t.ct; ++c) {
        const int width = codes.width_of(t.n0 + c, t.k0 + r);
        const uint16_t code = codes.w[static_cast<size_t>((t.n0 + c) * codes.k + t.k0 + r)];
        for (int b = 0; b < width; ++b, ++bit)
          if ((code >> b) & 1u) packed[static_cast<size_t>(bit / 8)] |= static_cast<uint8_t>(1u << (bit % 8));
      }
    }
    return packed;
  }
  for (int64_t r = 0; r < t.kt; ++r)
    for (int64_t c = 0; c < t.ct; ++c) {
      const int64_t e = r * t.ct + c;
      const uint16_t code = codes.w[static_cast<size_t>((t.n0 + c) * codes.k + t.k0 + r)];
      if (codes.weight_bits == 16) {
        packed[static_cast<size_t>(2 * e)] = static_cast<uint8_t>(code & 0xFF);
        packed[static_cast<size_t>(2 * e + 1)] = static_cast<uint8_t>(code >> 8);
      } else if (codes.weight_bits == 8) {
        packed[static_cast<size_t>(e)] = static_cast<uint8_t>(code);
      } else if (codes.weight_bits == 3) {  // bit 3e of the tile, across a byte boundary if it must
        const int64_t bit = 3 * e;
        packed[static_cast<size_t>(bit / 8)] |= static_cast<uint8_t>((code & 7) << (bit % 8));
        if (bit % 8 > 5) packed[static_cast<size_t>(bit / 8 + 1)] |= static_cast<uint8_t>((code & 7) >> (8 - bit % 8));
      } else {
        packed[static_cast<size_t>(e / 2)] |= static_cast<uint8_t>((code & 0xF) << (4 * (e % 2)));
      }
    }
  return packed;
}

std::vector<float> simulator_float_group_sums(const sim::TilePlan& plan, const std::vector<TopTile>& tiles,
                                              const sim::ArrayOperands& ops, int64_t groups) {
  std::vector<float> p(static_cast<size_t>(ops.m * ops.n * groups), 0.0f);
  std::map<int64_t, std::vector<float>> acc_by_key;
  sim::Wavefront wavefront;
  for (const TopTile& tile : tiles) {
    const sim::TileRef& t = tile.ref;
    const sim::WavefrontTile wt{t.mt, t.kt, t.ct};
    std::vector<float>& acc = acc_by_key[t.m0 * plan.n_tiles() + t.n_tile];
    acc.resize(static_cast<size_t>(t.mt * t.ct));
    if (t.k0 % plan.group() == 0) std::fill(acc.begin(), acc.end(), 0.0f);
    const int64_t a_off = t.m0 * ops.k, w_off = t.n0 * ops.k;
    // The dataflow's own register order, as SystemArray::compute_values runs it.
    auto run = [&](const auto* act, const auto* w) {
      if (plan.output_stationary()) wavefront.run_output_stationary(wt, act + a_off, w + w_off, ops.k, t.k0, acc.data());
      else wavefront.run(wt, act + a_off, w + w_off, ops.k, t.k0, acc.data());
    };
    if (ops.act_f32 && ops.w_i8) run(ops.act_f32, ops.w_i8);
    else if (ops.act_i8 && ops.w_f32) run(ops.act_i8, ops.w_f32);
    else run(ops.act_f32, ops.w_f32);
    if (t.group_end)
      for (int64_t m = 0; m < t.mt; ++m)
        for (int64_t c = 0; c < t.ct; ++c)
          p[static_cast<size_t>(((t.m0 + m) * ops.n + t.n0 + c) * groups + tile.group)] =
              acc[static_cast<size_t>(m * t.ct + c)];
  }
  return p;
}

DequantTables dequant_scale_tables(const TopDesign& d, const sim::TilePlan& plan, const std::vector<TopTile>& tiles,
                                   const QuantizedMatrix& w) {
  if (d.output_stationary) {
    int shift = 0;
    while ((int64_t{1} << shift) < w.group_size) ++shift;
    if ((int64_t{1} << shift) != w.group_size || shift > 15)
      throw std::invalid_argument("RTL top " + d.name + ": the weight group " + std::to_string(w.group_size) +
                                  " must be a power of two (2 to 32768) for the output-stationary dequantizer");
    DequantTables t;
    const int64_t n_tiles = plan.n_tiles(), groups = w.groups();
    t.rows.assign(static_cast<size_t>(groups * n_tiles), std::vector<uint16_t>(static_cast<size_t>(d.cols), 0));
    for (int64_t nt = 0; nt < n_tiles; ++nt)
      for (int64_t g = 0; g < groups; ++g)
        for (int64_t c = 0; c < d.cols && nt * d.cols + c < w.rows; ++c)
          t.rows[static_cast<size_t>(nt * groups + g)][static_cast<size_t>(c)] = fp16_scale_code(w, nt * d.cols + c, g);
    for (const TopTile& tile : tiles) {
      const uint64_t row0 = static_cast<uint64_t>(tile.ref.n_tile * groups + tile.ref.k0 / w.group_size);
      const uint64_t kg0 = static_cast<uint64_t>(tile.ref.k0 % w.group_size);
      if (row0 > 0xFFFF) throw std::invalid_argument("RTL top " + d.name + ": weight-scale row beyond 16 bits");
      t.tile_entry.push_back(uint64_t{static_cast<uint64_t>(shift)} << 32 | kg0 << 16 | row0);
    }
    return t;
  }
  if (w.group_size % d.rows != 0)
    throw std::invalid_argument("RTL top " + d.name + ": its " + std::to_string(d.rows) +
                                " rows must divide the weight group " + std::to_string(w.group_size));
  DequantTables t;
  const int64_t n_tiles = plan.n_tiles();
  t.rows.assign(static_cast<size_t>(w.groups() * n_tiles), std::vector<uint16_t>(static_cast<size_t>(d.cols), 0));
  for (int64_t g = 0; g < w.groups(); ++g)
    for (int64_t nt = 0; nt < n_tiles; ++nt)
      for (int64_t c = 0; c < d.cols && nt * d.cols + c < w.rows; ++c)
        t.rows[static_cast<size_t>(g * n_tiles + nt)][static_cast<size_t>(c)] = fp16_scale_code(w, nt * d.cols + c, g);
  for (const TopTile& tile : tiles)
    t.tile_row.push_back(static_cast<uint16_t>((tile.ref.k0 / w.group_size) * n_tiles + tile.ref.n_tile));
  return t;
}

}  // namespace mixsim::rtl
