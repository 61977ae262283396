#pragma once

// The I/O around operator_session: the WebSocket (connect, hello, receive, reconnect with
// backoff), stdin, stdout/stderr and the clock. One thread.
//
// Reconnects: a dropped connection, a close 1013 (we fell behind) or a seq gap reconnects and
// sends hello{last_seq}; waits grow from `first_backoff` to `max_backoff` with jitter and reset
// once a snapshot arrives. The first connection failing exits 4 at once (a wrong URL should
// say so, not spin); after that, `give_up_after` of failed attempts exits 4.
// Exit codes: 0 done, 3 token refused (close 1008, or 401/403 on the upgrade), 4 cannot connect.

#include "cli_options.hpp"

#include <chrono>

namespace crm::op {

struct loop_timing {
  std::chrono::milliseconds first_backoff{250};
  std::chrono::milliseconds max_backoff{5'000};
  std::chrono::milliseconds give_up_after{120'000};
  /// --json input ended: how long to wait for the acks of what it sent.
  std::chrono::milliseconds drain_after_input{5'000};
  /// Socket wait per turn; stdin is polled in between, so this bounds input latency.
  std::chrono::milliseconds turn{50};
};

enum exit_code : int { exit_ok = 0, exit_usage = 2, exit_token_refused = 3, exit_no_connect = 4 };

/// Runs the session until it is done, the time is up or the server refuses us.
int run_operator(const cli_options& options, loop_timing timing = {});

} // namespace crm::op
