#pragma once
// The hardware a simulation runs on, as plain values. sim/config_loader parses YAML into this
// (one parser, one place); the SystemC modules only read it.
#include <cstdint>
#include <string>

#include "sim/config/dram_config.hpp"
#include "sim/config/vector_config.hpp"

namespace mixsim::sim {

enum class Dataflow { WeightStationary, OutputStationary };

struct ArrayConfig {
  int rows = 32;  // R: PEs along K (weight-stationary) / along M (output-stationary)
  int cols = 32;  // C: PEs along N
  Dataflow dataflow = Dataflow::WeightStationary;
  // Pipeline latency (cycles) of the per-column GroupDequantUnit (scale multiply + add).
  int group_dequant_latency = 3;
};

struct SramConfig {
  int64_t capacity_bytes = 256 * 1024;
  int banks = 8;
  int ports = 1;        // accesses per bank per cycle
  int width_bytes = 16; // bytes per bank access
  bool double_buffered = true;
};

struct HardwareConfig {
  double clock_ghz = 1.0;
  ArrayConfig array;
  DramConfig dram;
  SramConfig weight_buffer;
  SramConfig activation_buffer;
  SramConfig output_buffer;
  VectorUnitConfig vector;  // the non-GEMM ops' unit (workload.generate)
  std::string technology_node = "45nm";  // selects the energy table's scaling
  int output_bytes = 2;  // bytes per output element written back to DRAM (FP16)
};

}  // namespace mixsim::sim
