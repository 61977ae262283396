#pragma once

// One operator's session logic, free of I/O: server frames and user input go in, frames to send
// and lines to print come out. The connection loop (connection_loop.hpp) owns the socket, the
// terminal and the clock, and feeds this.
//
// Operation: `on_open` gives the hello for each new connection; the snapshot that answers it
// replaces the queue and re-sends every unacknowledged action (same action_id, so the server
// answers with the original ack). Events apply in seq order; a gap asks the loop to resync.
// In approve_all/reject_all mode every review seen is decided once, as capacity in the action
// book allows. With `json`, every server frame is echoed as one JSON line and input lines are
// frames sent verbatim; human text then goes to `notes`, which the loop writes to stderr.

#include "action_book.hpp"
#include "cli_options.hpp"
#include "command_parser.hpp"
#include "review_queue.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::op {

struct session_settings {
  run_mode mode = run_mode::interactive;
  bool json = false;
  std::string token;
  uint64_t last_seq = 0;
  std::string reject_reason;
  std::optional<uint64_t> max_decisions;
  /// Input ending ends the session (once its actions are acknowledged).
  bool stop_on_input_end = true;
  std::string action_id_prefix = "op";
};

/// What the loop must do after one call.
struct session_effects {
  std::vector<std::string> send;   ///< Frames, in order.
  std::vector<std::string> frames; ///< --json: server frames as JSON lines, for stdout.
  std::vector<std::string> notes;  ///< Human text (stdout, or stderr under --json).
  bool resync = false;             ///< Events were lost: reconnect with hello{last_seq}.
  bool done = false;               ///< Finished: exit 0.
};

class operator_session {
public:
  explicit operator_session(session_settings settings);

  /// A connection opened: returns the hello to send first.
  std::string on_open();
  /// The connection ended: actions wait for the next snapshot.
  void on_close() { queue_.unsync(); }
  /// One text frame from the server.
  void on_frame(std::string_view text, int64_t now_ms, session_effects& fx);
  /// One line of input: a command (interactive) or a frame (--json).
  void on_input(std::string_view line, int64_t now_ms, session_effects& fx);
  /// Input reached its end.
  void on_input_closed(session_effects& fx);

  const review_queue& queue() const { return queue_; }
  const action_book& actions() const { return actions_; }
  uint64_t decisions() const { return decisions_; }
  uint64_t last_seq() const { return queue_.last_seq(); }

private:
  void on_snapshot(const snapshot_frame& f, int64_t now_ms, session_effects& fx);
  void on_ack(const ack_frame& f, session_effects& fx);
  void on_command(const command& cmd, int64_t now_ms, session_effects& fx);
  void send_frame_line(std::string_view line, session_effects& fx);
  /// Sends `what` (when synced) and books it; false, with a note, when the book is full.
  bool act(action what, session_effects& fx);
  /// approve_all/reject_all: decide every review not yet decided, while the book has room.
  void decide_all(session_effects& fx);
  void check_done(session_effects& fx);
  bool automatic() const;

  session_settings settings_;
  review_queue queue_;
  action_book actions_;
  uint64_t decisions_ = 0; ///< Decisions acknowledged ok (or duplicate: done before).
  bool input_closed_ = false;
};

} // namespace crm::op
