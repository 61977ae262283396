#pragma once

// The operator WebSocket's frames (API.md "Operator WebSocket"): parsing what crmd sends and
// building what the client sends. Pure: no sockets, no clocks, no output.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace crm::op {

/// A lease on a review, as `review.claimed` announces it.
struct claim_info {
  std::string by;
  std::string until; ///< As the server wrote it (RFC 3339), shown verbatim.
};

/// One pending review. Unknown fields are ignored; missing optional ones stay empty.
struct review {
  std::string event_token;
  std::string customer_id;
  std::string input_message;
  std::string draft;
  std::string intent;
  std::string classification;
  double confidence = 0; ///< 0–100, like the audit log.
  std::string reasoning;
  std::string reason; ///< low_confidence, draft_flagged, human_takeover, ...
  std::string created_at;
  std::string expires_at;
  int64_t version = 0;
  std::optional<claim_info> claim; ///< From `claimed_by`/`claimed_until` in a snapshot.
};

struct snapshot_frame {
  uint64_t seq = 0;
  std::vector<review> pending;
};
struct added_frame {
  uint64_t seq = 0;
  review item;
};
struct resolved_frame {
  uint64_t seq = 0;
  std::string event_token;
  std::string outcome;
  std::string by;
  std::string text;
};
struct claimed_frame {
  uint64_t seq = 0;
  std::string event_token;
  std::string by;
  std::string until;
};
struct released_frame {
  uint64_t seq = 0;
  std::string event_token;
};
struct ack_frame {
  std::string action_id;
  std::string result; ///< ok | duplicate | conflict | not_found | invalid
  std::string state;
  std::string by;      ///< Optional: who holds or decided it, on a conflict.
  std::string outcome; ///< Optional: what they decided, on a conflict.
  std::string until;   ///< Optional: lease end, on a claim.
  std::string detail;  ///< Optional: why, on invalid.
};
/// `{"type":"error","detail"}`: the server refused a malformed frame of ours.
struct error_frame {
  std::string detail;
};
/// Valid JSON with a type this client does not know (a newer server): shown, never fatal.
struct unknown_frame {
  std::string type;
};

using server_frame = std::variant<snapshot_frame, added_frame, resolved_frame, claimed_frame,
                                  released_frame, ack_frame, error_frame, unknown_frame>;

/// Parses one text frame; nullopt with `error` set when it is not JSON or misses a required field.
std::optional<server_frame> parse_server_frame(std::string_view text, std::string& error);

/// The `seq` of a tenant event (added/resolved/claimed/released), nullopt for other frames.
std::optional<uint64_t> event_seq(const server_frame& frame);

// -- client frames -------------------------------------------------------------------------------

enum class action_kind { approve, edit, reject, claim, release };

/// "approve", "edit", ...: the frame's `type`.
std::string_view to_string(action_kind kind);

/// Decisions end a review; claims and releases only lease it.
inline bool is_decision(action_kind kind) {
  return kind == action_kind::approve || kind == action_kind::edit || kind == action_kind::reject;
}

struct action {
  action_kind kind = action_kind::approve;
  std::string event_token;
  std::string action_id;
  std::string text;   ///< edit: the replacement reply.
  std::string reason; ///< reject: optional.
  bool force = false; ///< Sent only when set: asks to override another operator's lease.
};

std::string build_hello(std::string_view token, uint64_t last_seq);
std::string build_action(const action& a);

} // namespace crm::op
