#include "rtl/harness/array_schedule.hpp"

#include "sim/array/tile_timeline.hpp"

namespace mixsim::rtl {

int64_t array_tile_cycles(int rows, int cols, int m_tokens) {
  return 2LL * rows + cols + m_tokens - 1;
}

int64_t systemc_tile_out_done(int rows, int cols, int m_tokens) {
  sim::TileTimeline timeline;
  const int64_t pipeline_latency = static_cast<int64_t>(rows) + cols - 1;
  return timeline.place(/*ready=*/0, /*load_cycles=*/rows, /*stream_cycles=*/m_tokens,
                        pipeline_latency, /*dequant_latency=*/0)
      .out_done;
}

}  // namespace mixsim::rtl
