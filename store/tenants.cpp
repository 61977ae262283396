#include "store/tenants.hpp"

#include "store/errc.hpp"
#include "store/keys.hpp"

namespace crm::store::tenants {

namespace {

/// Value: be64(version) followed by the config JSON.
std::optional<tenant_row> decode(std::string_view id, std::string_view value) {
  auto version = keys::read_be64(value);
  if (!version) return std::nullopt;
  return tenant_row{std::string{id}, *version, std::string{value.substr(8)}};
}

} // namespace

std::error_code put(lmdb::txn& t, const tables& tb, const std::string& id,
                    std::string_view config_json, std::optional<uint64_t> expected_version,
                    uint64_t& new_version) {
  if (id.empty())
    return std::make_error_code(std::errc::invalid_argument); // LMDB keys are non-empty
  uint64_t current = 0;
  std::error_code ec;
  if (auto stored = t.get(tb.tenants, id, ec)) {
    auto row = decode(id, *stored);
    if (!row) return errc::corrupt_record;
    current = row->version;
  } else if (ec) {
    return ec;
  }
  if (expected_version && *expected_version != current) return errc::version_conflict;
  std::string value = keys::be64(current + 1);
  value.append(config_json);
  if (int rc = t.put(tb.tenants, id, value)) return lmdb::to_error(rc, "tenants put");
  new_version = current + 1;
  return {};
}

std::optional<tenant_row> find(const lmdb::txn& t, const tables& tb, std::string_view id) {
  auto stored = t.get(tb.tenants, id);
  if (!stored) return std::nullopt;
  return decode(id, *stored);
}

std::vector<tenant_row> list(const lmdb::txn& t, const tables& tb) {
  std::vector<tenant_row> out;
  std::error_code ec;
  lmdb::cursor c{t, tb.tenants, ec};
  if (ec) return out;
  for (bool ok = c.first(); ok && out.size() < max_listed; ok = c.next())
    if (auto row = decode(c.key(), c.value())) out.push_back(std::move(*row));
  return out;
}

} // namespace crm::store::tenants
