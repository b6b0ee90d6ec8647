#pragma once
// Owns one verilated model in its own VerilatedContext, clocks it, and optionally writes a VCD
// waveform. The VCD goes to "<path>.tmp" and is renamed to <path> only by finish(), so a check
// that throws half-way leaves no partial waveform behind.
// Include only from harness .cpp files compiled with Verilator (MIXSIM_HAVE_VERILATOR).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>

#include <verilated.h>
#include <verilated_vcd_c.h>

namespace mixsim::rtl {

template <class Model>
class VerilatedSim {
 public:
  explicit VerilatedSim(const std::string& vcd_path = {})
      : context_(std::make_unique<VerilatedContext>()), vcd_path_(vcd_path) {
    context_->traceEverOn(!vcd_path_.empty());
    model_ = std::make_unique<Model>(context_.get(), "top");
    if (!vcd_path_.empty()) {
      vcd_ = std::make_unique<VerilatedVcdC>();
      model_->trace(vcd_.get(), 99);
      vcd_->open(temp_path().c_str());
      if (!vcd_->isOpen()) {
        throw std::runtime_error("cannot open waveform file '" + temp_path() + "' for writing");
      }
    }
    if constexpr (kClocked) model_->clk = 0;
    settle();
  }
  VerilatedSim(const VerilatedSim&) = delete;
  VerilatedSim& operator=(const VerilatedSim&) = delete;
  ~VerilatedSim() {
    model_->final();
    if (vcd_) {  // not finished: drop the partial waveform
      vcd_->close();
      std::error_code ignored;
      std::filesystem::remove(temp_path(), ignored);
    }
  }

  Model& io() { return *model_; }

  // Combinational evaluation (and a waveform sample) without a clock edge.
  void settle() {
    model_->eval();
    dump();
  }

  // One clock cycle: rising edge (registers take the inputs set before the call), then the
  // falling edge. Outputs read after tick() are the registered values of this edge.
  void tick() {
    static_assert(kClocked, "tick() needs a model with a clk input");
    model_->clk = 1;
    model_->eval();
    dump();
    model_->clk = 0;
    model_->eval();
    dump();
    ++cycles_;
  }

  // Holds rst for `cycles` edges, then releases it.
  void reset(int cycles = 2) {
    model_->rst = 1;
    for (int i = 0; i < cycles; ++i) tick();
    model_->rst = 0;
  }

  int64_t cycles() const { return cycles_; }

  // Closes the waveform and moves it into place (no-op without a waveform).
  void finish() {
    if (!vcd_) return;
    vcd_->close();
    vcd_.reset();
    std::error_code error;
    std::filesystem::rename(temp_path(), vcd_path_, error);
    if (error) {
      throw std::runtime_error("cannot move waveform '" + temp_path() + "' to '" + vcd_path_ +
                               "': " + error.message());
    }
  }

 private:
  static constexpr bool kClocked = requires(Model& m) { m.clk; };

  std::string temp_path() const { return vcd_path_ + ".tmp"; }
  void dump() {
    if (vcd_) vcd_->dump(time_);
    ++time_;
  }

  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<VerilatedVcdC> vcd_;
  std::string vcd_path_;
  uint64_t time_ = 0;
  int64_t cycles_ = 0;
};

// Two's-complement value of the low `bits` bits of a verilated output word.
inline int64_t sign_extend(uint64_t raw, int bits) {
  const uint64_t mask = bits >= 64 ? ~0ULL : ((1ULL << bits) - 1);
  const uint64_t value = raw & mask;
  const uint64_t sign = 1ULL << (bits - 1);
  return static_cast<int64_t>((value ^ sign) - sign);
}

// Low `bits` bits of a signed value, as a verilated input word wants it.
inline uint64_t to_bits(int64_t value, int bits) {
  const uint64_t mask = bits >= 64 ? ~0ULL : ((1ULL << bits) - 1);
  return static_cast<uint64_t>(value) & mask;
}

}  // namespace mixsim::rtl
