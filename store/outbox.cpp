#include "store/outbox.hpp"

#include "store/json_fields.hpp"

#include <spdlog/spdlog.h>

namespace crm::store::outbox {

std::string encode(const outbox_row& r) {
  boost::json::object obj;
  obj["event_token"] = r.event_token;
  obj["tenant"] = r.tenant;
  obj["customer_id"] = r.customer_id;
  obj["channel"] = r.channel;
  obj["text"] = r.text;
  obj["kind"] = r.kind;
  obj["created_at_ms"] = r.created_at_ms;
  obj["state"] = r.state;
  return boost::json::serialize(obj);
}

std::optional<outbox_row> decode(std::string_view bytes) {
  boost::json::value root;
  if (!json_fields::parse_object(bytes, root)) return std::nullopt;
  const auto& obj = root.get_object();
  outbox_row r;
  using json_fields::read;
  if (!read(obj, "event_token", r.event_token) || !read(obj, "tenant", r.tenant) ||
      !read(obj, "customer_id", r.customer_id) || !read(obj, "channel", r.channel) ||
      !read(obj, "text", r.text) || !read(obj, "kind", r.kind) ||
      !read(obj, "created_at_ms", r.created_at_ms) || !read(obj, "state", r.state))
    return std::nullopt;
  return r;
}

std::error_code put(lmdb::txn& t, const tables& tb, const outbox_row& row) {
  auto rc = t.put(tb.outbox, row.event_token, encode(row), MDB_NOOVERWRITE);
  if (rc == MDB_KEYEXIST) return {}; // already recorded: answered once, never twice
  return lmdb::to_error(rc, "outbox put");
}

std::optional<outbox_row> find(const lmdb::txn& t, const tables& tb, std::string_view token) {
  auto bytes = t.get(tb.outbox, token);
  if (!bytes) return std::nullopt;
  auto row = decode(*bytes);
  if (!row) spdlog::warn("outbox row of {} bytes is undecodable", bytes->size());
  return row;
}

std::vector<outbox_row> list(const lmdb::txn& t, const tables& tb, std::string_view state,
                             size_t limit) {
  std::vector<outbox_row> out;
  std::error_code ec;
  lmdb::cursor c{t, tb.outbox, ec};
  if (ec) return out;
  for (bool ok = c.first(); ok && out.size() < limit; ok = c.next())
    if (auto row = decode(c.value()); row && (state.empty() || row->state == state))
      out.push_back(std::move(*row));
  return out;
}

size_t depth(const lmdb::txn& t, const tables& tb) {
  return t.entries(tb.outbox);
}

} // namespace crm::store::outbox
