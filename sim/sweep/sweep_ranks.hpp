#pragma once
// How the points of a sweep are shared between processes. Without MPI there is one rank.
// Under `mpirun -np N mixsim sweep ...` (OpenMPI), rank r runs the points whose index is
// r mod N and sends their results to rank 0, which writes the merged JSON.
#include <memory>
#include <string>
#include <vector>

namespace mixsim::sweep {

class RankGroup {
 public:
  virtual ~RankGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Every rank passes its payload; rank 0 gets all payloads in rank order, others get {}.
  virtual std::vector<std::string> gather_to_root(const std::string& payload) = 0;
  // Rank 0's value reaches every rank (success of the merge, so all ranks exit alike).
  virtual bool broadcast_from_root(bool value) = 0;
};

// The single-process group.
std::unique_ptr<RankGroup> single_rank();

// MPI_COMM_WORLD when this process was started by mpirun (OMPI_COMM_WORLD_SIZE / PMIX_RANK /
// PMI_RANK in the environment) and mixsim was built with MPI; MPI_Init happens here and
// MPI_Finalize when the group is destroyed. Otherwise single_rank(). Started by mpirun with
// N > 1 but built without MPI: throws SweepError (N copies would otherwise run every point).
std::unique_ptr<RankGroup> launcher_ranks();

}  // namespace mixsim::sweep
