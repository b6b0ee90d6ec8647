// nv-fp4: NVFP4 PE. FP4 E2M1 activations x E2M1 weights, one E4M3 scale per 16 elements of each
// operand and one FP32 scale per tensor: exact integer block dots in the array, one block fold
// per 16 MACs in the column unit, the tensor scales once per output
// (sim/pe/fp4_block_pe_type.hpp, models/pe/fp4_block_pe.hpp).
#include "sim/pe/fp4_block_pe_type.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::sim::pe_types {
namespace {

class NvFp4 final : public Fp4BlockPeType {
 public:
  NvFp4() : Fp4BlockPeType("nv-fp4", RecipeKind::NVFP4, "nvfp4") {}
  std::string description() const override {
    return "FP4 E2M1 x E2M1, exact block dot per 16, E4M3 x E4M3 block scale per fold, FP32 "
           "tensor scales per output";
  }
};

}  // namespace
}  // namespace mixsim::sim::pe_types

using mixsim::sim::pe_types::NvFp4;
MIXSIM_REGISTER_PE_TYPE("nv-fp4", NvFp4)
