#include "sim/sweep/sweep_ranks.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "sim/sweep/sweep_spec.hpp"

#ifdef MIXSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace mixsim::sweep {
namespace {

class SingleRank final : public RankGroup {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::vector<std::string> gather_to_root(const std::string& payload) override { return {payload}; }
  bool broadcast_from_root(bool value) override { return value; }
};

// Ranks the launcher announced in the environment (0 when not started by a launcher).
int launcher_world_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
    if (const char* v = std::getenv(name)) return std::atoi(v);
  return std::getenv("PMIX_RANK") ? 1 : 0;
}

#ifdef MIXSIM_HAVE_MPI
class MpiRanks final : public RankGroup {
 public:
  MpiRanks() {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) MPI_Init(nullptr, nullptr);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiRanks() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  std::vector<std::string> gather_to_root(const std::string& payload) override {
    // Lengths first, then the bytes: payloads are JSON texts of any size.
    long long length = static_cast<long long>(payload.size());
    std::vector<long long> lengths(rank_ == 0 ? size_ : 0);
    MPI_Gather(&length, 1, MPI_LONG_LONG, lengths.data(), 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    std::vector<int> counts, displacements;
    std::string all;
    if (rank_ == 0) {
      long long offset = 0;
      for (long long l : lengths) {
        if (l > (1LL << 30)) throw SweepError("sweep results of one rank exceed 1 GiB");
        counts.push_back(static_cast<int>(l));
        displacements.push_back(static_cast<int>(offset));
        offset += l;
      }
      all.resize(static_cast<size_t>(offset));
    }
    MPI_Gatherv(payload.data(), static_cast<int>(payload.size()), MPI_CHAR, all.data(),
                counts.data(), displacements.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
    std::vector<std::string> out;
    for (int r = 0; rank_ == 0 && r < size_; ++r)
      out.push_back(all.substr(static_cast<size_t>(displacements[r]), static_cast<size_t>(counts[r])));
    return out;
  }

  bool broadcast_from_root(bool value) override {
    int v = value ? 1 : 0;
    MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return v != 0;
  }

 private:
  int rank_ = 0, size_ = 1;
};
#endif

}  // namespace

std::unique_ptr<RankGroup> single_rank() { return std::make_unique<SingleRank>(); }

std::unique_ptr<RankGroup> launcher_ranks() {
  int world = launcher_world_size();
  if (world == 0) return single_rank();
#ifdef MIXSIM_HAVE_MPI
  return std::make_unique<MpiRanks>();
#else
  if (world > 1)
    throw SweepError(fmt::format("started by an MPI launcher with {} ranks, but this mixsim was "
                                 "built without MPI (install libopenmpi-dev and rebuild); run "
                                 "without mpirun to use local cores", world));
  return single_rank();
#endif
}

}  // namespace mixsim::sweep
