#pragma once
// Static partition of [0, count) into contiguous ranges, one thread each (the caller and
// persistent workers). Every output
// element is computed by exactly one thread in a fixed order, so results never depend on the
// thread count.
#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <mutex>
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

namespace detail {

// Persistent worker threads, so a GEMM call does not pay thread creation (~50-100 us on the
// 2-core VM, 10-20% of a 4096x4096 decode GEMV). run(count, fn) calls fn(t) for t in
// [0, count): t = 0 on the calling thread, the others on workers; it returns when all are done.
// One run at a time (calls from several threads queue); a parallel_for inside a worker (or
// inside fn on the calling thread) runs serially, so nesting cannot deadlock.
class WorkerPool {
 public:
  static WorkerPool& instance() {
    static WorkerPool pool;
    return pool;
  }
  static bool& inside() {
    thread_local bool flag = false;
    return flag;
  }

  template <typename Task>
  void run(int count, Task& task) {
    std::lock_guard<std::mutex> one_run(run_mu_);
    {
      std::lock_guard<std::mutex> lock(mu_);
      while (static_cast<int>(workers_.size()) < count - 1) {
        const int id = static_cast<int>(workers_.size()) + 1;
        workers_.emplace_back([this, id] { work(id); });
      }
      call_ = [](void* p, int t) { (*static_cast<Task*>(p))(t); };
      arg_ = &task;
      count_ = count;
      pending_ = count - 1;
      ++generation_;
    }
    work_cv_.notify_all();
    inside() = true;
    task(0);
    inside() = false;
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [this] { return pending_ == 0; });
  }

  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (auto& th : workers_) th.join();
  }

 private:
  void work(int id) {
    inside() = true;
    uint64_t seen = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      seen = generation_ - 1;  // a worker created for the current run joins it
    }
    for (;;) {
      void (*call)(void*, int) = nullptr;
      void* arg = nullptr;
      bool mine = false;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        mine = id < count_;
        call = call_;
        arg = arg_;
      }
      if (!mine) continue;
      call(arg, id);
      bool last = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        last = --pending_ == 0;
      }
      if (last) done_cv_.notify_one();
    }
  }

  std::mutex run_mu_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::vector<std::thread> workers_;
  uint64_t generation_ = 0;
  void (*call_)(void*, int) = nullptr;
  void* arg_ = nullptr;
  int count_ = 0;
  int pending_ = 0;
  bool stop_ = false;
};

}  // namespace detail

template <typename Fn>  // fn(begin, end)
void parallel_for(int64_t count, int threads, Fn&& fn) {
  if (threads <= 0) threads = default_thread_count();
  threads = static_cast<int>(std::min<int64_t>(threads, std::max<int64_t>(count, 1)));
  if (threads <= 1 || detail::WorkerPool::inside()) {
    fn(int64_t{0}, count);
    return;
  }
  std::vector<std::exception_ptr> errors(static_cast<size_t>(threads));
  auto task = [&](int t) {
    try {
      fn(count * t / threads, count * (t + 1) / threads);
    } catch (...) {
      errors[static_cast<size_t>(t)] = std::current_exception();
    }
  };
  detail::WorkerPool::instance().run(threads, task);
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace mixsim::kernels
