#pragma once
// Parameter count of a catalogue model from its architecture numbers: embeddings + decoder
// layers (attention, MLP or all experts + router, norms, biases) + final norm + LM head.
#include <cstdint>

#include "workloads/model_spec.hpp"

namespace mixsim::workloads {

struct ParameterCount {
  int64_t embeddings = 0;      // token (+ learned position) embeddings
  int64_t per_layer = 0;       // one decoder layer
  int64_t layers = 0;          // num_hidden_layers * per_layer
  int64_t final_norm = 0;
  int64_t lm_head = 0;         // 0 when tied to the token embedding
  int64_t total() const { return embeddings + layers + final_norm + lm_head; }
};

ParameterCount count_parameters(const ModelSpec& model);

}  // namespace mixsim::workloads
