#include "line_reader.hpp"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace crm::op {

void line_reader::take_lines(std::vector<std::string>& out) {
  size_t start = 0;
  for (auto nl = buffer_.find('\n'); nl != std::string::npos; nl = buffer_.find('\n', start)) {
    if (discarding_)
      discarding_ = false;
    else
      out.push_back(buffer_.substr(start, nl - start));
    start = nl + 1;
  }
  buffer_.erase(0, start);
  if (buffer_.size() > max_line_bytes) {
    if (!discarding_) ++dropped_;
    discarding_ = true;
    buffer_.clear();
  }
}

void line_reader::read_available(std::vector<std::string>& out, int timeout_ms) {
  if (at_end_) return;
  for (int wait = timeout_ms;; wait = 0) {
    pollfd pfd{fd_, POLLIN, 0};
    auto ready = ::poll(&pfd, 1, wait);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return;
    char chunk[4096];
    auto n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) {
      take_lines(out);
      if (!buffer_.empty() && !discarding_) out.push_back(buffer_);
      buffer_.clear();
      at_end_ = true;
      return;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
    take_lines(out);
    if (n < static_cast<ssize_t>(sizeof chunk)) return; // Drained for now.
  }
}

} // namespace crm::op
