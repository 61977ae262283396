#include "store/dedupe.hpp"

#include "store/keys.hpp"

#include <vector>

namespace crm::store::dedupe {

namespace {

/// Value: be64(ordered_time(received_at_ms)) followed by the event token.
std::string encode_value(int64_t received_at_ms, std::string_view token) {
  std::string out = keys::be64(keys::ordered_time(received_at_ms));
  out.append(token);
  return out;
}

} // namespace

std::error_code claim(lmdb::txn& t, const tables& tb, std::string_view tenant,
                      std::string_view message_id, std::string_view token, int64_t received_at_ms,
                      std::optional<std::string>& original) {
  original.reset();
  auto key = keys::dedupe(tenant, message_id);
  std::string_view existing;
  // NOOVERWRITE makes check-and-claim one step: a second copy, in this batch or any later
  // one, finds the first claim instead of replacing it.
  int rc = t.put(tb.dedupe, key, encode_value(received_at_ms, token), MDB_NOOVERWRITE, &existing);
  if (rc == MDB_KEYEXIST) {
    original = std::string{existing.size() >= 8 ? existing.substr(8) : std::string_view{}};
    return {};
  }
  if (rc != MDB_SUCCESS) return lmdb::to_error(rc, "dedupe put");
  return lmdb::to_error(t.put(tb.dedupe_by_time, keys::dedupe_by_time(received_at_ms, key), {}),
                        "dedupe_by_time put");
}

std::optional<std::string> find(const lmdb::txn& t, const tables& tb, std::string_view tenant,
                                std::string_view message_id) {
  auto value = t.get(tb.dedupe, keys::dedupe(tenant, message_id));
  if (!value || value->size() < 8) return std::nullopt;
  return std::string{value->substr(8)};
}

size_t expire(lmdb::txn& t, const tables& tb, int64_t cutoff_ms, size_t max_rows,
              std::error_code& ec) {
  ec.clear();
  std::vector<std::string> expired;
  {
    lmdb::cursor c{t, tb.dedupe_by_time, ec};
    if (ec) return 0;
    const uint64_t cutoff = keys::ordered_time(cutoff_ms);
    for (bool ok = c.first(); ok && expired.size() < max_rows; ok = c.next()) {
      auto at = keys::read_be64(c.key());
      if (!at || *at >= cutoff) break;
      expired.emplace_back(c.key());
    }
  } // the cursor closes before the deletes below
  for (const auto& time_key : expired) {
    std::string_view dedupe_key = std::string_view{time_key}.substr(8);
    // Delete the claim only if it is the one this index row describes.
    auto value = t.get(tb.dedupe, dedupe_key);
    if (value && value->substr(0, 8) == std::string_view{time_key}.substr(0, 8)) {
      if (int rc = t.del(tb.dedupe, dedupe_key); rc != MDB_SUCCESS) {
        ec = lmdb::to_error(rc, "dedupe del");
        return 0;
      }
    }
    if (int rc = t.del(tb.dedupe_by_time, time_key); rc != MDB_SUCCESS) {
      ec = lmdb::to_error(rc, "dedupe_by_time del");
      return 0;
    }
  }
  return expired.size();
}

} // namespace crm::store::dedupe
