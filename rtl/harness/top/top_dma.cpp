#include "rtl/harness/top/top_dma.hpp"

#include <algorithm>

namespace mixsim::rtl {

using sim::DmaRead;

TopDma::TopDma(const sim::TilePlan& plan, const TopProgram& program, sim::DramTiming& dram, Fill fill)
    : plan_(plan), program_(program), dram_(dram), fill_(std::move(fill)),
      weight_start_(plan.weight_loads().size(), -1),
      activation_arrival_(plan.activation_loads().size(), -1),
      partial_arrival_(plan.partial_reads().size(), -1),
      weights_free_(plan.weight_loads().size(), -1),
      activations_free_(plan.activation_loads().size(), -1),
      spill_done_(plan.steps().size(), -1),
      spill_tiles_left_(plan.steps().size(), 0),
      spill_max_(plan.steps().size(), -1),
      write_of_tile_(program.tiles.size(), -1) {
  for (size_t i = 0; i < program.tiles.size(); ++i) {
    const TopTile& t = program.tiles[i];
    if (t.write_partials) ++spill_tiles_left_[static_cast<size_t>(t.step)];
    if (!t.write_y && !t.write_partials) continue;
    write_of_tile_[i] = static_cast<int64_t>(writes_.size());
    writes_.push_back({static_cast<int64_t>(i), -1,
                       t.write_y ? plan.output_bytes(t.ref) : plan.partial_bytes(t.ref),
                       t.write_y ? plan.dram_output_address(t.ref) : plan.dram_partial_address(t.ref)});
  }
}

namespace {
// The last tile of a step (where the simulator publishes the step's slot releases).
bool ends_step(const TopProgram& p, int64_t tile) {
  return tile + 1 == static_cast<int64_t>(p.tiles.size()) ||
         p.tiles[static_cast<size_t>(tile + 1)].step != p.tiles[static_cast<size_t>(tile)].step;
}
}  // namespace

void TopDma::load_done(int64_t tile, int64_t cycle) {
  if (!ends_step(program_, tile)) return;
  const sim::PlanStep& s = plan_.steps()[static_cast<size_t>(program_.tiles[static_cast<size_t>(tile)].step)];
  if (s.releases_w) weights_free_[static_cast<size_t>(s.w_load)] = cycle;
}

void TopDma::stream_done(int64_t tile, int64_t cycle) {
  if (!ends_step(program_, tile)) return;
  const sim::PlanStep& s = plan_.steps()[static_cast<size_t>(program_.tiles[static_cast<size_t>(tile)].step)];
  if (s.releases_x) activations_free_[static_cast<size_t>(s.x_load)] = cycle;
}

void TopDma::tile_done(int64_t tile, int64_t cycle) {
  ++tiles_done_;
  last_out_done_ = std::max(last_out_done_, cycle);
  const TopTile& t = program_.tiles[static_cast<size_t>(tile)];
  if (t.write_partials) {
    const auto s = static_cast<size_t>(t.step);
    spill_max_[s] = std::max(spill_max_[s], cycle);
    if (--spill_tiles_left_[s] == 0) spill_done_[s] = spill_max_[s];
  }
  const int64_t w = write_of_tile_[static_cast<size_t>(tile)];
  if (w >= 0) writes_[static_cast<size_t>(w)].time = cycle;
}

void TopDma::step(int64_t cycle) {
  // Writes first: a write and a read due in the same cycle reach the DRAM in the simulator's
  // order (sim/run/sim_time.hpp, wait_until_mid_cycle).
  issue_writes(cycle);
  issue_reads(cycle);
}

void TopDma::issue_reads(int64_t cycle) {
  const auto& reads = plan_.dma_reads();
  while (next_read_ < reads.size()) {
    const DmaRead& r = reads[next_read_];
    int64_t gate = 0;
    if (r.kind == DmaRead::Kind::Weights && r.index >= plan_.weight_slots())
      gate = weights_free_[static_cast<size_t>(r.index - plan_.weight_slots())];
    else if (r.kind == DmaRead::Kind::Activations && r.index >= plan_.activation_slots())
      gate = activations_free_[static_cast<size_t>(r.index - plan_.activation_slots())];
    else if (r.kind == DmaRead::Kind::Partials)
      gate = spill_done_[static_cast<size_t>(plan_.partial_reads()[static_cast<size_t>(r.index)].spill_step)];
    if (gate < 0) return;  // its slot is not free yet
    const int64_t issue = std::max(read_clock_, gate);
    if (issue > cycle) return;
    read_clock_ = issue;
    const int64_t bytes = plan_.read_bytes(r);
    const int64_t done = dram_.complete(issue, static_cast<uint64_t>(plan_.dram_read_address(r)), bytes,
                                        false, nullptr);
    const int64_t start = dram_.transfer_start(issue, done, bytes);
    const int64_t arrival = start + dram_.channel().transfer_cycles(bytes) + dram_.channel().latency();
    const auto i = static_cast<size_t>(r.index);
    if (r.kind == DmaRead::Kind::Weights) weight_start_[i] = start;
    else if (r.kind == DmaRead::Kind::Activations) activation_arrival_[i] = arrival;
    else partial_arrival_[i] = arrival;
    if (r.kind != DmaRead::Kind::Partials) fill_(r.kind, r.index);
    ++next_read_;
  }
}

void TopDma::issue_writes(int64_t cycle) {
  while (next_write_ < writes_.size()) {
    const Write& w = writes_[next_write_];
    if (w.time < 0) return;  // its tile has not finished
    const int64_t issue = std::max(write_clock_, w.time);
    if (issue > cycle) return;
    write_clock_ = issue;
    const int64_t done = dram_.complete(issue, static_cast<uint64_t>(w.address), w.bytes, true, nullptr);
    const int64_t start = dram_.transfer_start(issue, done, w.bytes);
    writes_end_ = std::max(writes_end_, start + dram_.channel().transfer_cycles(w.bytes) + dram_.channel().latency());
    ++next_write_;
  }
}

int64_t TopDma::tile_ready(const TopTile& t) const {
  const int64_t ws = weight_start_[static_cast<size_t>(t.ref.w_load)];
  const int64_t xa = activation_arrival_[static_cast<size_t>(t.ref.x_load)];
  if (ws < 0 || xa < 0) return -1;
  int64_t ready = std::max(ws + dram_.channel().transfer_cycles(t.w_prefix_end) + dram_.channel().latency(), xa);
  if (t.partial_read >= 0) {
    const int64_t pa = partial_arrival_[static_cast<size_t>(t.partial_read)];
    if (pa < 0) return -1;
    ready = std::max(ready, pa);
  }
  return ready;
}

int64_t TopDma::ready_count(int64_t cycle) {
  while (ready_ < static_cast<int64_t>(program_.tiles.size())) {
    const int64_t r = tile_ready(program_.tiles[static_cast<size_t>(ready_)]);
    if (r < 0 || r > cycle) break;
    ++ready_;
  }
  return ready_;
}

}  // namespace mixsim::rtl
