#pragma once

// The operator protocol's JSON (API.md "Operator WebSocket"): reviews, events, acks and the
// parsing of client actions. Shared by the WebSocket sessions and the REST twins, so both speak
// exactly the same shapes.

#include "actors/messages.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm {

/// Who holds a review's lease, if anyone.
struct review_claim {
  std::string by;
  int64_t until_ms = 0;
};

/// A review as operators see it.
boost::json::object review_json(const store::review_row& row, const review_claim& claim);

std::string snapshot_frame(uint64_t seq, const std::vector<boost::json::object>& pending);
std::string added_frame(uint64_t seq, const store::review_row& row);
std::string resolved_frame(uint64_t seq, const store::review_row& row);
std::string claimed_frame(uint64_t seq, const std::string& event_token, const review_claim& claim);
std::string released_frame(uint64_t seq, const std::string& event_token);
std::string error_frame(std::string_view detail);

boost::json::object ack_json(const review_ack& ack);
std::string ack_frame(const review_ack& ack);

/// Reads the action fields of a client frame or REST body (`type` comes from the frame or, for
/// REST, from the path). False with a human `error` when a field is missing or mistyped.
bool parse_action(const boost::json::object& body, review_action& out, std::string& error);

/// Whether `type` is one of approve | edit | reject | claim | release.
bool is_action_type(std::string_view type);

} // namespace crm
