#include "store/inbox.hpp"

#include "store/json_fields.hpp"

#include <spdlog/spdlog.h>

namespace crm::store::inbox {

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
  boost::json::value root;
  if (!json_fields::parse_object(bytes, root)) return std::nullopt;
  const auto& obj = root.get_object();
  inbound_message m;
  using json_fields::read;
  if (!read(obj, "event_token", m.event_token) || !read(obj, "tenant", m.tenant) ||
      !read(obj, "channel", m.channel) || !read(obj, "message_id", m.message_id) ||
      !read(obj, "customer_id", m.customer_id) || !read(obj, "type", m.type) ||
      !read(obj, "text", m.text) || !read(obj, "received_at_ms", m.received_at_ms))
    return std::nullopt;
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

std::error_code remove(lmdb::txn& t, const tables& tb, std::string_view token) {
  auto rc = t.del(tb.inbox, token);
  if (rc == MDB_NOTFOUND) return {}; // settled before: settling is idempotent
  return lmdb::to_error(rc, "inbox del");
}

std::vector<inbound_message> list(const lmdb::txn& t, const tables& tb, size_t limit) {
  std::vector<inbound_message> out;
  std::error_code ec;
  lmdb::cursor c{t, tb.inbox, ec};
  if (ec) return out;
  for (bool ok = c.first(); ok && out.size() < limit; ok = c.next()) {
    if (auto m = decode(c.value()))
      out.push_back(std::move(*m));
    else
      spdlog::warn("inbox row of {} bytes is undecodable", c.value().size());
  }
  return out;
}

} // namespace crm::store::inbox
