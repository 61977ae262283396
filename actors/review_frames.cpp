#include "actors/review_frames.hpp"

#include "store/audit_json.hpp"

#include <boost/json.hpp>

namespace crm {

namespace {

boost::json::array strings(const std::vector<std::string>& items) {
  boost::json::array out;
  for (auto& item : items)
    out.emplace_back(item);
  return out;
}

std::string frame(boost::json::object obj) {
  return boost::json::serialize(obj);
}

/// The final text of a decided review as operators see it (nothing for reject and expiry).
boost::json::value decided_text(const store::review_row& row) {
  if (row.state == "approved" || row.state == "edited") return boost::json::value(row.final_text);
  return nullptr;
}

// GCC 12 at -O3 reports a false stringop-overflow inside std::string's copies here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overflow"
bool optional_string(const boost::json::object& body, std::string_view key, std::string& out,
                     std::string& error) {
  const auto* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) return true;
  if (!v->is_string()) {
    error = "`" + std::string{key} + "` must be a string.";
    return false;
  }
  out.assign(v->get_string().data(), v->get_string().size());
  return true;
}
#pragma GCC diagnostic pop

} // namespace

bool is_action_type(std::string_view type) {
  return type == "approve" || type == "edit" || type == "reject" || type == "claim" ||
         type == "release";
}

boost::json::object review_json(const store::review_row& row, const review_claim& claim) {
  boost::json::object out;
  out["event_token"] = row.event_token;
  out["customer_id"] = row.customer_id;
  out["channel"] = row.channel;
  out["input_message"] = row.input_message;
  out["draft"] = row.draft;
  out["intent"] = row.intent;
  out["classification"] = row.classification;
  out["confidence"] = row.confidence;
  out["reasoning"] = row.reasoning;
  out["reason"] = row.reason;
  out["triggered_keywords"] = strings(row.triggered_keywords);
  out["created_at"] = store::iso8601_utc(row.created_at_ms);
  out["expires_at"] = store::iso8601_utc(row.expires_at_ms);
  out["version"] = row.version;
  out["state"] = row.state;
  if (!claim.by.empty()) {
    out["claimed_by"] = claim.by;
    out["claimed_until"] = store::iso8601_utc(claim.until_ms);
  }
  return out;
}

std::string snapshot_frame(uint64_t seq, const std::vector<boost::json::object>& pending) {
  boost::json::array reviews;
  for (auto& review : pending)
    reviews.emplace_back(review);
  return frame({{"type", "snapshot"}, {"seq", seq}, {"pending", std::move(reviews)}});
}

std::string added_frame(uint64_t seq, const store::review_row& row) {
  return frame({{"type", "review.added"}, {"seq", seq}, {"review", review_json(row, {})}});
}

std::string resolved_frame(uint64_t seq, const store::review_row& row) {
  return frame({{"type", "review.resolved"},
                {"seq", seq},
                {"event_token", row.event_token},
                {"outcome", row.state},
                {"by", row.decided_by},
                {"text", decided_text(row)}});
}

std::string claimed_frame(uint64_t seq, const std::string& event_token, const review_claim& claim) {
  return frame({{"type", "review.claimed"},
                {"seq", seq},
                {"event_token", event_token},
                {"by", claim.by},
                {"until", store::iso8601_utc(claim.until_ms)}});
}

std::string released_frame(uint64_t seq, const std::string& event_token) {
  return frame({{"type", "review.released"}, {"seq", seq}, {"event_token", event_token}});
}

std::string error_frame(std::string_view detail) {
  return frame({{"type", "error"}, {"detail", detail}});
}

boost::json::object ack_json(const review_ack& ack) {
  boost::json::object out{
      {"type", "ack"}, {"action_id", ack.action_id}, {"result", ack.result}, {"state", ack.state}};
  if (!ack.detail.empty()) out["detail"] = ack.detail;
  if (!ack.by.empty()) out["by"] = ack.by;
  if (!ack.outcome.empty()) out["outcome"] = ack.outcome;
  if (!ack.text.empty()) out["text"] = ack.text;
  if (!ack.categories.empty()) out["categories"] = strings(ack.categories);
  if (ack.until_ms != 0) out["until"] = store::iso8601_utc(ack.until_ms);
  if (!ack.event_token.empty()) out["event_token"] = ack.event_token;
  return out;
}

std::string ack_frame(const review_ack& ack) {
  return frame(ack_json(ack));
}

bool parse_action(const boost::json::object& body, review_action& out, std::string& error) {
  if (!optional_string(body, "type", out.type, error) ||
      !optional_string(body, "event_token", out.event_token, error) ||
      !optional_string(body, "action_id", out.action_id, error) ||
      !optional_string(body, "text", out.text, error) ||
      !optional_string(body, "reason", out.reason, error))
    return false;
  if (const auto* force = body.if_contains("force"); force && !force->is_null()) {
    if (!force->is_bool()) {
      error = "`force` must be true or false.";
      return false;
    }
    out.force = force->get_bool();
  }
  if (!is_action_type(out.type)) {
    error = "`type` must be approve, edit, reject, claim or release.";
    return false;
  }
  if (out.event_token.empty()) {
    error = "`event_token` is required.";
    return false;
  }
  if (out.action_id.empty() || out.action_id.size() > 128) {
    error = "`action_id` is required (at most 128 characters).";
    return false;
  }
  if (out.type == "edit" && out.text.empty()) {
    error = "An edit needs the new `text`.";
    return false;
  }
  if (out.text.size() > 16 * 1024) {
    error = "`text` is too long (16 KiB at most).";
    return false;
  }
  return true;
}

} // namespace crm
