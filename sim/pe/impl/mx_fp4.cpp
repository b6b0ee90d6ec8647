// mx-fp4: OCP MX v1.0 MXFP4 PE. FP4 E2M1 activations x FP4 E2M1 weights, one E8M0 (power of
// two) scale per 32 elements of each operand: exact integer block dots in the array, one block
// fold per 32 MACs in the column unit (sim/pe/fp4_block_pe_type.hpp, models/pe/fp4_block_pe.hpp).
#include "sim/pe/fp4_block_pe_type.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::sim::pe_types {
namespace {

class MxFp4 final : public Fp4BlockPeType {
 public:
  MxFp4() : Fp4BlockPeType("mx-fp4", RecipeKind::MXFP4, "mxfp4") {}
  std::string description() const override {
    return "FP4 E2M1 x E2M1, exact block dot per 32, E8M0 x E8M0 block scale per fold";
  }
};

}  // namespace
}  // namespace mixsim::sim::pe_types

using mixsim::sim::pe_types::MxFp4;
MIXSIM_REGISTER_PE_TYPE("mx-fp4", MxFp4)
