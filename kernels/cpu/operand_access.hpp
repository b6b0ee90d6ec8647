#pragma once
// Checked access to the members of QuantizedOperands a recipe needs: a missing member or a K
// mismatch is a clear std::invalid_argument naming the recipe, never a crash.
#include <stdexcept>
#include <string>

#include "models/recipe.hpp"

namespace mixsim::kernels {

inline const QuantizedMatrix& weights_of(const QuantizedOperands& ops) {
  if (!ops.weights)
    throw std::invalid_argument("recipe " + ops.recipe.name + ": quantized weights missing");
  return *ops.weights;
}
inline const QuantizedActivations& activations_of(const QuantizedOperands& ops) {
  if (!ops.activations)
    throw std::invalid_argument("recipe " + ops.recipe.name + ": quantized activations missing");
  if (ops.weights && ops.weights->cols != ops.activations->cols)
    throw std::invalid_argument("recipe " + ops.recipe.name + ": activations have K=" +
                                std::to_string(ops.activations->cols) + ", weights K=" +
                                std::to_string(ops.weights->cols));
  return *ops.activations;
}
inline const MatrixF32& fp16_activations_of(const QuantizedOperands& ops) {
  if (!ops.activations_fp16)
    throw std::invalid_argument("recipe " + ops.recipe.name + ": FP16 activations missing");
  if (ops.weights && ops.weights->cols != ops.activations_fp16->cols())
    throw std::invalid_argument("recipe " + ops.recipe.name + ": activations have K=" +
                                std::to_string(ops.activations_fp16->cols()) + ", weights K=" +
                                std::to_string(ops.weights->cols));
  return *ops.activations_fp16;
}
inline const IntegerScales& integer_scales_of(const QuantizedOperands& ops) {
  if (!ops.integer_scales)
    throw std::invalid_argument("recipe " + ops.recipe.name + ": integer scales missing");
  if (ops.weights && ops.integer_scales->scales.size() != ops.weights->scales.size())
    throw std::invalid_argument("recipe " + ops.recipe.name +
                                ": integer scales do not match the weight groups");
  return *ops.integer_scales;
}
inline const BlockScaledMatrix& block_weights_of(const QuantizedOperands& ops) {
  if (!ops.weights_block)
    throw std::invalid_argument("recipe " + ops.recipe.name + ": block-scaled weights missing");
  return *ops.weights_block;
}
inline const BlockScaledMatrix& block_activations_of(const QuantizedOperands& ops) {
  if (!ops.activations_block)
    throw std::invalid_argument("recipe " + ops.recipe.name +
                                ": block-scaled activations missing");
  const BlockScaledMatrix& x = *ops.activations_block;
  if (ops.weights_block && (ops.weights_block->cols != x.cols ||
                            ops.weights_block->block_size != x.block_size))
    throw std::invalid_argument("recipe " + ops.recipe.name +
                                ": block-scaled operands differ in K or block size");
  return x;
}

}  // namespace mixsim::kernels
