#include "store/inbox.hpp"

#include <boost/json.hpp>

#include <spdlog/spdlog.h>

namespace crm::store::inbox {

namespace {

bool read_string(const boost::json::object& obj, std::string_view name, std::string& out) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr || !v->is_string()) return false;
  out.assign(v->get_string().data(), v->get_string().size());
  return true;
}

} // namespace

std::string encode(const inbound_message& m) {
  boost::json::object obj;
  obj["event_token"] = m.event_token;
  obj["tenant"] = m.tenant;
  obj["channel"] = m.channel;
  obj["message_id"] = m.message_id;
  obj["customer_id"] = m.customer_id;
  obj["type"] = m.type;
  obj["text"] = m.text;
  obj["received_at_ms"] = m.received_at_ms;
  return boost::json::serialize(obj);
}

std::optional<inbound_message> decode(std::string_view bytes) {
  boost::json::error_code ec;
  auto root = boost::json::parse(bytes, ec);
  if (ec || !root.is_object()) return std::nullopt;
  const auto& obj = root.get_object();
  inbound_message m;
  const auto* at = obj.if_contains("received_at_ms");
  if (!read_string(obj, "event_token", m.event_token) || !read_string(obj, "tenant", m.tenant) ||
      !read_string(obj, "channel", m.channel) || !read_string(obj, "message_id", m.message_id) ||
      !read_string(obj, "customer_id", m.customer_id) || !read_string(obj, "type", m.type) ||
      !read_string(obj, "text", m.text) || at == nullptr || !at->is_int64())
    return std::nullopt;
  m.received_at_ms = at->get_int64();
  return m;
}

std::error_code put(lmdb::txn& t, const tables& tb, const inbound_message& message) {
  return lmdb::to_error(t.put(tb.inbox, message.event_token, encode(message)), "inbox put");
}

std::optional<inbound_message> find(const lmdb::txn& t, const tables& tb, std::string_view token) {
  auto bytes = t.get(tb.inbox, token);
  if (!bytes) return std::nullopt;
  auto m = decode(*bytes);
  if (!m) spdlog::warn("inbox row of {} bytes is undecodable", bytes->size());
  return m;
}

size_t depth(const lmdb::txn& t, const tables& tb) {
  return t.entries(tb.inbox);
}

} // namespace crm::store::inbox
