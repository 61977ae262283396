#include "store/credentials.hpp"

#include "store/errc.hpp"

#include <boost/json.hpp>

#include <utility>
#include <vector>

namespace crm::store::credentials {

std::string encode(const credential_row& row) {
  boost::json::object obj;
  obj["id"] = row.id;
  obj["tenant"] = row.tenant;
  obj["kind"] = row.kind;
  obj["name"] = row.name;
  obj["created_at_ms"] = row.created_at_ms;
  obj["revoked"] = row.revoked;
  return boost::json::serialize(obj);
}

std::optional<credential_row> decode(std::string_view bytes) {
  boost::json::error_code ec;
  auto root = boost::json::parse(bytes, ec);
  if (ec || !root.is_object()) return std::nullopt;
  const auto& obj = root.get_object();
  auto text = [&obj](std::string_view name, std::string& out) {
    const auto* v = obj.if_contains(name);
    if (v == nullptr || !v->is_string()) return false;
    out.assign(v->get_string().data(), v->get_string().size());
    return true;
  };
  credential_row row;
  const auto* created = obj.if_contains("created_at_ms");
  const auto* revoked = obj.if_contains("revoked");
  if (!text("id", row.id) || !text("tenant", row.tenant) || !text("kind", row.kind) ||
      !text("name", row.name) || created == nullptr || !created->is_int64() || revoked == nullptr ||
      !revoked->is_bool())
    return std::nullopt;
  row.created_at_ms = created->get_int64();
  row.revoked = revoked->get_bool();
  return row;
}

std::error_code put(lmdb::txn& t, const tables& tb, const credential_row& row,
                    std::string_view secret_sha256) {
  if (secret_sha256.empty() || row.id.empty())
    return std::make_error_code(std::errc::invalid_argument);
  return lmdb::to_error(t.put(tb.credentials, secret_sha256, encode(row)), "credentials put");
}

std::error_code revoke(lmdb::txn& t, const tables& tb, std::string_view id) {
  std::vector<std::pair<std::string, credential_row>> hits;
  {
    std::error_code ec;
    lmdb::cursor c{t, tb.credentials, ec};
    if (ec) return ec;
    for (bool ok = c.first(); ok; ok = c.next()) {
      auto row = decode(c.value());
      if (row && row->id == id) hits.emplace_back(std::string{c.key()}, std::move(*row));
    }
  }
  if (hits.empty()) return errc::not_found;
  for (auto& [key, row] : hits) {
    if (row.revoked) continue;
    row.revoked = true;
    if (int rc = t.put(tb.credentials, key, encode(row)))
      return lmdb::to_error(rc, "credentials put");
  }
  return {};
}

std::optional<credential_row> find(const lmdb::txn& t, const tables& tb,
                                   std::string_view secret_sha256) {
  auto bytes = t.get(tb.credentials, secret_sha256);
  if (!bytes) return std::nullopt;
  return decode(*bytes);
}

} // namespace crm::store::credentials
