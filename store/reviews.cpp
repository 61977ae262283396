#include "store/reviews.hpp"

#include "store/json_fields.hpp"

#include <spdlog/spdlog.h>

namespace crm::store::reviews {

std::string encode(const review_row& r) {
  boost::json::object obj;
  obj["event_token"] = r.event_token;
  obj["tenant"] = r.tenant;
  obj["customer_id"] = r.customer_id;
  obj["channel"] = r.channel;
  obj["input_message"] = r.input_message;
  obj["draft"] = r.draft;
  obj["intent"] = r.intent;
  obj["classification"] = r.classification;
  obj["confidence"] = r.confidence;
  obj["reasoning"] = r.reasoning;
  obj["reason"] = r.reason;
  obj["triggered_keywords"] = json_fields::to_array(r.triggered_keywords);
  obj["created_at_ms"] = r.created_at_ms;
  obj["expires_at_ms"] = r.expires_at_ms;
  obj["version"] = r.version;
  obj["state"] = r.state;
  obj["decided_by"] = r.decided_by;
  obj["action_id"] = r.action_id;
  obj["final_text"] = r.final_text;
  obj["decision_reason"] = r.decision_reason;
  obj["decided_at_ms"] = r.decided_at_ms;
  return boost::json::serialize(obj);
}

std::optional<review_row> decode(std::string_view bytes) {
  boost::json::value root;
  if (!json_fields::parse_object(bytes, root)) return std::nullopt;
  const auto& obj = root.get_object();
  review_row r;
  using json_fields::read;
  if (!read(obj, "event_token", r.event_token) || !read(obj, "tenant", r.tenant) ||
      !read(obj, "customer_id", r.customer_id) || !read(obj, "channel", r.channel) ||
      !read(obj, "input_message", r.input_message) || !read(obj, "draft", r.draft) ||
      !read(obj, "intent", r.intent) || !read(obj, "classification", r.classification) ||
      !read(obj, "confidence", r.confidence) || !read(obj, "reasoning", r.reasoning) ||
      !read(obj, "reason", r.reason) || !read(obj, "triggered_keywords", r.triggered_keywords) ||
      !read(obj, "created_at_ms", r.created_at_ms) ||
      !read(obj, "expires_at_ms", r.expires_at_ms) || !read(obj, "version", r.version) ||
      !read(obj, "state", r.state) || !read(obj, "decided_by", r.decided_by) ||
      !read(obj, "action_id", r.action_id) || !read(obj, "final_text", r.final_text) ||
      !read(obj, "decision_reason", r.decision_reason) ||
      !read(obj, "decided_at_ms", r.decided_at_ms))
    return std::nullopt;
  return r;
}

std::error_code put(lmdb::txn& t, const tables& tb, const review_row& row) {
  return lmdb::to_error(t.put(tb.reviews, row.event_token, encode(row)), "reviews put");
}

std::optional<review_row> find(const lmdb::txn& t, const tables& tb, std::string_view token) {
  auto bytes = t.get(tb.reviews, token);
  if (!bytes) return std::nullopt;
  auto row = decode(*bytes);
  if (!row) spdlog::warn("reviews row of {} bytes is undecodable", bytes->size());
  return row;
}

std::vector<review_row> list(const lmdb::txn& t, const tables& tb, std::string_view tenant,
                             std::string_view state, size_t limit) {
  std::vector<review_row> out;
  std::error_code ec;
  lmdb::cursor c{t, tb.reviews, ec};
  if (ec) return out;
  for (bool ok = c.first(); ok && out.size() < limit; ok = c.next()) {
    auto row = decode(c.value());
    if (!row) continue;
    if ((tenant.empty() || row->tenant == tenant) && (state.empty() || row->state == state))
      out.push_back(std::move(*row));
  }
  return out;
}

} // namespace crm::store::reviews
