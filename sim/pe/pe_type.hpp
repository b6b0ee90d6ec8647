#pragma once
// PeType: what the simulator needs to know about one kind of PE. The arithmetic itself lives in
// models/pe/ (defined once); a PeType says which numeric lane the array registers use, how the
// operands look once loaded into the array, which actions each MAC/group/output costs, and how
// the per-column GroupDequantUnit folds finished partial sums into outputs.
// Adding a PE type = one new file in sim/pe/ that calls MIXSIM_REGISTER_PE_TYPE (see
// sim/pe/pe_registry.hpp); nothing else in the tree changes.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/recipe.hpp"

namespace mixsim::sim {

struct GemmJob;

// The register type of the array: INT32 lanes (integer PEs) or FP32 lanes (float PEs).
enum class Lane { Int32, Float32 };

// Data-independent facts used by timing and event counting.
struct PeTraits {
  Lane lane = Lane::Int32;
  int weight_bits = 4;          // bits per weight in DRAM/SRAM (storage format)
  int weight_register_bits = 4; // bits per weight held in a PE register
  int activation_bytes = 1;     // bytes per activation element in SRAM and the array
  int64_t dequant_group = 0;    // K-length of the groups the GroupDequantUnit folds (K: per output)
  // Action names (models/energy_table.hpp) counted per event; "" = no such event.
  std::string mac_multiply;     // per MAC: the multiply (or shift-add) action
  std::string mac_add;          // per MAC: the partial-sum add
  std::string weight_dequant;   // per weight entering the array (dequant-mac only)
  std::string group_multiply;   // per output per group, in the GroupDequantUnit
  std::string group_add;
  std::string output_multiply;  // per output, once (activation scale)
};

// Array-ready operands: the values PE registers hold, before widening to the lane type (the
// array widens them when it loads a tile). Each operand is INT8 or FP32; the pointers refer
// either to the job's operands (no copy) or to the owned_* vectors.
struct ArrayOperands {
  Lane lane = Lane::Int32;
  int64_t m = 0, n = 0, k = 0;
  const int8_t* act_i8 = nullptr;  // M x K
  const float* act_f32 = nullptr;
  const int8_t* w_i8 = nullptr;    // N x K
  const float* w_f32 = nullptr;
  std::vector<int8_t> owned_act_i8, owned_w_i8;
  std::vector<float> owned_act_f32, owned_w_f32;

  ArrayOperands() = default;
  ArrayOperands(ArrayOperands&&) = default;  // moving keeps the owned buffers (and pointers)
  ArrayOperands& operator=(ArrayOperands&&) = default;
  ArrayOperands(const ArrayOperands&) = delete;
  ArrayOperands& operator=(const ArrayOperands&) = delete;
};

// The GroupDequantUnit's arithmetic for one GEMM: folds a finished group partial sum of output
// (m, n) into the output accumulator, then produces Y. Implementations call models/pe/.
class OutputEpilogue {
 public:
  virtual ~OutputEpilogue() = default;
  virtual void fold_group(int64_t m, int64_t n0, int cols, int64_t g, const int32_t* p) = 0;
  virtual void fold_group(int64_t m, int64_t n0, int cols, int64_t g, const float* p) = 0;
  virtual float output(int64_t m, int64_t n) const = 0;
};

class PeType {
 public:
  virtual ~PeType() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  // Throws std::invalid_argument naming the PE and the recipes it supports.
  virtual PeTraits traits(const std::string& recipe, int64_t k) const = 0;
  // Whether the job carries the inputs this PE needs to compute values (default: operands).
  virtual bool has_value_inputs(const GemmJob& job) const;
  virtual ArrayOperands prepare_operands(const GemmJob& job) const = 0;
  virtual std::unique_ptr<OutputEpilogue> make_epilogue(const GemmJob& job) const = 0;
};

}  // namespace mixsim::sim
