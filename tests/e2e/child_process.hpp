#pragma once

// One program of ours run as a child process for a test: started with its output appended to a
// log file, waited for until it says it is up, stopped with SIGTERM or SIGKILL. crmd_process and
// mock_process build on it.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace crm::test {

class child_process {
public:
  explicit child_process(std::filesystem::path log_path) : log_path_(std::move(log_path)) {}
  ~child_process(); ///< Kills a running child; removes the log.
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  /// Starts `argv` and polls until `ready(log since this start)` returns true (30 s at most).
  /// Throws with the log when the child exits or never becomes ready.
  void start(const std::vector<std::string>& argv,
             const std::function<bool(const std::string& log)>& ready);
  /// SIGTERM and wait; returns the exit status (128 + signal when killed), -1 if not running.
  int stop();
  /// SIGKILL and reap.
  void kill_hard();
  bool running() const { return pid_ > 0; }
  std::string log() const;

private:
  std::filesystem::path log_path_;
  pid_t pid_ = -1;
};

/// The last complete JSON log line whose `key` is `value` (e.g. `"event":"node_started"`), or
/// empty when there is none yet.
std::string last_log_line(const std::string& log, const std::string& key_value);

} // namespace crm::test
