#include "store/takeovers.hpp"

#include "store/json_fields.hpp"

namespace crm::store::takeovers {

namespace {

std::string key_of(std::string_view tenant, std::string_view customer_id) {
  std::string key{tenant};
  key.push_back('\0');
  key.append(customer_id);
  return key;
}

} // namespace

std::error_code put(lmdb::txn& t, const tables& tb, const takeover_row& row) {
  boost::json::object obj{{"tenant", row.tenant},
                          {"customer_id", row.customer_id},
                          {"operator_id", row.operator_id},
                          {"since_ms", row.since_ms}};
  return lmdb::to_error(
      t.put(tb.takeovers, key_of(row.tenant, row.customer_id), boost::json::serialize(obj)),
      "takeovers put");
}

std::error_code remove(lmdb::txn& t, const tables& tb, std::string_view tenant,
                       std::string_view customer_id) {
  auto rc = t.del(tb.takeovers, key_of(tenant, customer_id));
  if (rc == MDB_NOTFOUND) return {};
  return lmdb::to_error(rc, "takeovers del");
}

std::optional<takeover_row> find(const lmdb::txn& t, const tables& tb, std::string_view tenant,
                                 std::string_view customer_id) {
  auto bytes = t.get(tb.takeovers, key_of(tenant, customer_id));
  if (!bytes) return std::nullopt;
  boost::json::value root;
  if (!json_fields::parse_object(*bytes, root)) return std::nullopt;
  const auto& obj = root.get_object();
  takeover_row row;
  using json_fields::read;
  if (!read(obj, "tenant", row.tenant) || !read(obj, "customer_id", row.customer_id) ||
      !read(obj, "operator_id", row.operator_id) || !read(obj, "since_ms", row.since_ms))
    return std::nullopt;
  return row;
}

} // namespace crm::store::takeovers
