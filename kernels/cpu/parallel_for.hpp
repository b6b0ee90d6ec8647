#pragma once
// Static partition of [0, count) into contiguous ranges, one std::thread each. Every output
// element is computed by exactly one thread in a fixed order, so results never depend on the
// thread count.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <thread>
#include <vector>

namespace mixsim::kernels {

// Threads to use when the caller passes 0: MIXSIM_THREADS if set, else the hardware's count.
inline int default_thread_count() {
  if (const char* env = std::getenv("MIXSIM_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

template <typename Fn>  // fn(begin, end)
void parallel_for(int64_t count, int threads, Fn&& fn) {
  if (threads <= 0) threads = default_thread_count();
  threads = static_cast<int>(std::min<int64_t>(threads, std::max<int64_t>(count, 1)));
  if (threads <= 1) {
    fn(int64_t{0}, count);
    return;
  }
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    const int64_t begin = count * t / threads;
    const int64_t end = count * (t + 1) / threads;
    pool.emplace_back([&, t, begin, end] {
      try {
        fn(begin, end);
      } catch (...) {
        errors[static_cast<size_t>(t)] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace mixsim::kernels
