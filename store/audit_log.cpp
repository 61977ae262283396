#include "store/audit_log.hpp"

#include "store/audit_json.hpp"
#include "store/errc.hpp"
#include "store/keys.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <string>

namespace crm::store::audit_log {

namespace {

constexpr std::string_view head_key = "audit_head";

bool matches(const audit_record& r, const audit_filter& f) {
  auto eq = [](const std::string& want, const std::string& have) {
    return want.empty() || want == have;
  };
  return eq(f.tenant, r.tenant) && eq(f.client_id, r.client_id) &&
         eq(f.event_token, r.event_token) && eq(f.classification, r.classification) &&
         eq(f.status, r.status) && eq(f.state, r.state);
}

/// Walks index keys `prefix + be64(seq)` with seq > since, loading and filtering records,
/// until `limit` matches are collected.
void scan_index(const lmdb::txn& t, const tables& tb, MDB_dbi index, const std::string& prefix,
                uint64_t since, size_t limit, const audit_filter& f,
                std::vector<audit_record>& out) {
  std::error_code ec;
  lmdb::cursor c{t, index, ec};
  if (ec) return;
  std::string start = prefix;
  keys::append_be64(start, since + 1);
  for (bool ok = c.seek(start); ok && out.size() < limit; ok = c.next()) {
    auto key = c.key();
    if (key.size() != prefix.size() + 8 || key.substr(0, prefix.size()) != prefix) break;
    auto seq = keys::index_seq(key);
    if (!seq) continue;
    // The index only narrows the search; the record itself decides (ids may contain '\0').
    if (auto rec = read(t, tb, *seq); rec && matches(*rec, f)) out.push_back(std::move(*rec));
  }
}

/// A client's records across every tenant: one index scan per tenant, merged by seq.
void scan_client_all_tenants(const lmdb::txn& t, const tables& tb, uint64_t since, size_t limit,
                             const audit_filter& f, std::vector<audit_record>& out) {
  std::error_code ec;
  lmdb::cursor c{t, tb.audit_by_client, ec};
  if (ec) return;
  std::vector<audit_record> merged;
  for (bool ok = c.first(); ok;) {
    auto key = c.key();
    std::string tenant{key.substr(0, key.find('\0'))};
    std::vector<audit_record> own; // up to `limit` per tenant: any of them may come first
    scan_index(t, tb, tb.audit_by_client, keys::by_client_prefix(tenant, f.client_id), since, limit,
               f, own);
    std::move(own.begin(), own.end(), std::back_inserter(merged));
    // Every key of this tenant starts with tenant '\0'; tenant '\1' sorts right after them.
    ok = c.seek(tenant + '\x01');
  }
  std::sort(merged.begin(), merged.end(),
            [](const audit_record& a, const audit_record& b) { return a.seq < b.seq; });
  if (merged.size() > limit) merged.resize(limit);
  out = std::move(merged);
}

void scan_log(const lmdb::txn& t, const tables& tb, uint64_t since, size_t limit,
              const audit_filter& f, std::vector<audit_record>& out) {
  std::error_code ec;
  lmdb::cursor c{t, tb.audit, ec};
  if (ec) return;
  for (bool ok = c.seek(keys::audit(since + 1)); ok && out.size() < limit; ok = c.next()) {
    audit_record rec;
    if (parse_audit_json(c.value(), rec)) {
      spdlog::warn("audit record {} is undecodable; skipped", keys::read_be64(c.key()).value_or(0));
      continue;
    }
    if (matches(rec, f)) out.push_back(std::move(rec));
  }
}

} // namespace

std::error_code append(lmdb::txn& t, const tables& tb, audit_head& head, audit_record& record) {
  audit_record sealed = record;
  std::string bytes = seal(sealed, head);
  // Seqs only grow, so MDB_APPEND skips the tree search; an existing key would be a bug.
  if (int rc = t.put(tb.audit, keys::audit(sealed.seq), bytes, MDB_APPEND))
    return lmdb::to_error(rc, "audit append");
  if (!sealed.event_token.empty()) {
    if (int rc = t.put(tb.audit_by_token, keys::by_token(sealed.event_token, sealed.seq), {}))
      return lmdb::to_error(rc, "audit_by_token put");
  }
  if (!sealed.client_id.empty()) {
    auto key = keys::by_client(sealed.tenant, sealed.client_id, sealed.seq);
    if (int rc = t.put(tb.audit_by_client, key, {}))
      return lmdb::to_error(rc, "audit_by_client put");
  }
  head = audit_head{sealed.seq, sealed.hash};
  record = std::move(sealed);
  return {};
}

std::error_code load_head(const lmdb::txn& t, const tables& tb, audit_head& head) {
  head = audit_head{0, genesis_hash()};
  if (auto stored = t.get(tb.meta, head_key)) {
    auto decoded = decode_head(*stored);
    if (!decoded) return errc::corrupt_record;
    head = std::move(*decoded);
  }
  std::error_code ec;
  lmdb::cursor c{t, tb.audit, ec};
  if (ec) return ec;
  if (!c.last()) return {};
  auto last_seq = keys::read_be64(c.key());
  if (!last_seq || *last_seq <= head.seq) return {};
  audit_record last;
  if (parse_audit_json(c.value(), last) || last.seq != *last_seq) return errc::corrupt_record;
  head = audit_head{last.seq, last.hash};
  return {};
}

std::error_code store_head(lmdb::txn& t, const tables& tb, const audit_head& head) {
  return lmdb::to_error(t.put(tb.meta, head_key, encode_head(head)), "meta audit_head put");
}

std::optional<audit_record> read(const lmdb::txn& t, const tables& tb, uint64_t seq) {
  auto bytes = t.get(tb.audit, keys::audit(seq));
  if (!bytes) return std::nullopt;
  audit_record rec;
  if (parse_audit_json(*bytes, rec)) {
    spdlog::warn("audit record {} is undecodable; skipped", seq);
    return std::nullopt;
  }
  return rec;
}

audit_page query(const lmdb::txn& t, const tables& tb, const audit_filter& filter) {
  audit_page page;
  page.next_since_seq = filter.since_seq;
  if (filter.since_seq == std::numeric_limits<uint64_t>::max()) return page;
  size_t limit =
      filter.limit == 0 ? default_page_records : std::min(filter.limit, max_page_records);
  if (!filter.event_token.empty()) {
    scan_index(t, tb, tb.audit_by_token, keys::by_token_prefix(filter.event_token),
               filter.since_seq, limit, filter, page.records);
  } else if (!filter.client_id.empty() && !filter.tenant.empty()) {
    scan_index(t, tb, tb.audit_by_client, keys::by_client_prefix(filter.tenant, filter.client_id),
               filter.since_seq, limit, filter, page.records);
  } else if (!filter.client_id.empty()) {
    scan_client_all_tenants(t, tb, filter.since_seq, limit, filter, page.records);
  } else {
    scan_log(t, tb, filter.since_seq, limit, filter, page.records);
  }
  if (!page.records.empty()) page.next_since_seq = page.records.back().seq;
  return page;
}

std::vector<audit_record> history(const lmdb::txn& t, const tables& tb, std::string_view token) {
  std::vector<audit_record> out;
  if (token.empty()) return out;
  audit_filter f;
  f.event_token = std::string{token};
  scan_index(t, tb, tb.audit_by_token, keys::by_token_prefix(token), 0, max_history_records, f,
             out);
  return out;
}

chain_verdict verify(const lmdb::txn& t, const tables& tb) {
  chain_verdict v;
  v.head_hash = genesis_hash();
  auto fail = [&v](uint64_t seq) {
    if (v.ok) {
      v.ok = false;
      v.first_bad_seq = seq;
    }
  };
  std::error_code ec;
  lmdb::cursor c{t, tb.audit, ec};
  if (ec) {
    fail(1);
    return v;
  }
  uint64_t expected = 1;
  std::string prev = genesis_hash();
  for (bool ok = c.first(); ok; ok = c.next(), ++expected) {
    ++v.records;
    auto seq = keys::read_be64(c.key());
    audit_record rec;
    auto fault = check_stored(c.value(), rec);
    // After the first fault keep counting, and track the stored head for the report.
    v.head_hash = fault == record_fault::undecodable ? std::string{} : rec.hash;
    if (!v.ok) continue;
    if (c.key().size() != 8 || !seq || *seq != expected) {
      fail(expected); // a deleted record shows as the first missing seq
      continue;
    }
    if (fault != record_fault::none || rec.seq != *seq || rec.prev_hash != prev) {
      fail(*seq);
      continue;
    }
    prev = rec.hash;
  }
  // The head in meta is committed with the records: a shorter chain means a deleted tail.
  audit_head claimed{0, genesis_hash()};
  if (auto stored = t.get(tb.meta, head_key)) {
    if (auto decoded = decode_head(*stored)) claimed = std::move(*decoded);
  }
  if (v.ok) {
    if (claimed.seq != v.records)
      fail(std::min(claimed.seq, v.records) + 1);
    else if (claimed.hash != prev)
      fail(v.records);
  }
  return v;
}

} // namespace crm::store::audit_log
