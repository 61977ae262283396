#include "store/secrets.hpp"

#include "store/errc.hpp"
#include "store/keys.hpp"

namespace crm::store::secrets {

std::error_code put(lmdb::txn& t, const tables& tb, const secret_box& box, std::string_view tenant,
                    std::string_view name, std::string_view value, int64_t now_ms) {
  if (tenant.empty() || name.empty()) return std::make_error_code(std::errc::invalid_argument);
  auto key = keys::secret(tenant, name);
  std::string sealed;
  if (auto ec = box.seal(value, key, sealed)) return ec;
  std::string row = keys::be64(static_cast<uint64_t>(now_ms));
  row.append(sealed);
  return lmdb::to_error(t.put(tb.secrets, key, row), "secrets put");
}

std::error_code read(const lmdb::txn& t, const tables& tb, const secret_box& box,
                     std::string_view tenant, std::string_view name, std::string& value) {
  auto key = keys::secret(tenant, name);
  std::error_code ec;
  auto row = t.get(tb.secrets, key, ec);
  if (ec) return ec;
  if (!row) return errc::not_found;
  if (row->size() < 8) return errc::corrupt_record;
  return box.open(row->substr(8), key, value);
}

std::vector<secret_info> list(const lmdb::txn& t, const tables& tb, std::string_view tenant) {
  std::vector<secret_info> out;
  std::error_code ec;
  lmdb::cursor c{t, tb.secrets, ec};
  if (ec || tenant.empty()) return out;
  auto prefix = keys::secret_prefix(tenant);
  for (bool ok = c.seek(prefix); ok && out.size() < max_listed; ok = c.next()) {
    auto key = c.key();
    if (key.substr(0, prefix.size()) != prefix) break;
    auto at = keys::read_be64(c.value());
    if (!at) continue;
    out.push_back(secret_info{std::string{key.substr(prefix.size())}, static_cast<int64_t>(*at)});
  }
  return out;
}

} // namespace crm::store::secrets
