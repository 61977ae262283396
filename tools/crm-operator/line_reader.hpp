#pragma once

// Lines from a file descriptor (stdin), read without blocking the connection loop: the loop
// waits on the socket and polls this in between, so one thread does all the work.
// Limits: a line longer than `max_line_bytes` is dropped whole (counted in `dropped()`): no
// frame or command needs more, and an endless line must not grow memory.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crm::op {

class line_reader {
public:
  static constexpr size_t max_line_bytes = 256 * 1024;

  explicit line_reader(int fd) : fd_(fd) {}

  /// Appends the complete lines available now (without the newline), waiting up to
  /// `timeout_ms` for input when none is. At the end of input the last unterminated line is
  /// returned too and `at_end()` becomes true.
  void read_available(std::vector<std::string>& out, int timeout_ms);
  bool at_end() const { return at_end_; }
  uint64_t dropped() const { return dropped_; }

private:
  void take_lines(std::vector<std::string>& out);

  int fd_;
  std::string buffer_;
  bool discarding_ = false; ///< Inside an over-long line: skip to its newline.
  bool at_end_ = false;
  uint64_t dropped_ = 0;
};

} // namespace crm::op
