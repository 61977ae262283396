#pragma once

// The node's one LMDB environment and every table in it, behind one facade.
//
// Operation: `open` creates the data dir and the named databases (audit, audit_by_client,
// audit_by_token, inbox, dedupe, dedupe_by_time, reviews, outbox, tenants, secrets, credentials,
// keys, meta; layouts in docs/storage.md).
// Concurrency: exactly one thread writes (the audit_writer actor), through `write_batch`;
// any thread reads (MDB_NOTLS read transactions). Every commit is durable (fsync; never
// MDB_NOSYNC), so batching many records in one `write_batch` is how throughput is bought.
// Limitations: the map size is fixed at open (default 64 GiB of address space, sparse file).

#include "store/errc.hpp"
#include "store/records.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace crm::store {

struct store_options {
  std::string data_dir;
  size_t map_size_bytes = size_t{64} << 30;
  bool read_only = false; ///< For crm-audit on a stopped (or running) node's data dir.
  /// 32-byte master key for secrets (AES-256-GCM). Empty: read from `CRMD_MASTER_KEY` (hex) or
  /// the file `<data_dir>/master.key` (created 0600 with fresh random bytes when missing).
  std::string master_key;
};

class node_store;

/// One write transaction; commit() makes everything in it durable at once.
/// Not thread-safe; only the single writer thread uses it. Destroying it without commit aborts.
class write_batch {
public:
  write_batch(write_batch&&) noexcept;
  write_batch& operator=(write_batch&&) noexcept;
  ~write_batch();

  /// Dedupes (tenant, message_id) atomically within and across batches. When new: writes the
  /// inbox row and the dedupe row, then appends `received` (seq/prev_hash/hash filled in).
  /// When a duplicate: writes nothing and returns the original event token.
  /// Empty identity fields of `received` (event_token, tenant, client_id, channel, message_id,
  /// state `received`, at_ms) are filled from the message; content fields are left as given.
  ingest_outcome ingest(const inbound_message& message, audit_record& received);

  /// Appends one audit record to the chain (fills seq, prev_hash, hash) and its indexes.
  void append(audit_record& record);

  /// Stores a tenant's config with a new version; `expected_version` (if set) must match
  /// the stored one or errc::version_conflict is returned and nothing is written.
  std::error_code put_tenant(const std::string& id, const std::string& config_json,
                             std::optional<uint64_t> expected_version, uint64_t& new_version);

  /// Encrypts and stores a tenant secret.
  std::error_code put_secret(const std::string& tenant, const std::string& name,
                             std::string_view value);

  /// Stores a credential row keyed by the SHA-256 (hex) of its secret part.
  std::error_code put_credential(const credential_row& row, const std::string& secret_sha256);
  /// Marks a credential revoked; errc::not_found when unknown.
  std::error_code revoke_credential(const std::string& id);

  /// Finishes a message's stay in its conversation, atomically with the rest of the batch:
  /// appends its records, stores its review or send, and removes its inbox row (so a restart
  /// resumes exactly the messages that were not settled).
  void settle(settlement& s);

  /// Stores (or replaces) a review row.
  std::error_code put_review(const review_row& row);
  /// Records a send; an existing row for the same event token is kept (never answered twice).
  std::error_code put_outbox(const outbox_row& row);

  /// A human takes a conversation over / hands it back.
  std::error_code put_takeover(const takeover_row& row);
  std::error_code remove_takeover(const std::string& tenant, const std::string& customer_id);

  /// Deletes dedupe rows older than `cutoff_ms`; returns how many.
  size_t expire_dedupe(int64_t cutoff_ms, size_t max_rows);

  /// Makes the batch durable. After an error nothing of the batch is stored.
  std::error_code commit();

  /// The first storage error of this batch (commit() will return it), or none yet.
  std::error_code error() const;

private:
  friend class node_store;
  struct impl;
  explicit write_batch(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

class node_store {
public:
  static std::unique_ptr<node_store> open(const store_options& options, std::error_code& ec);
  ~node_store();

  // -- writing (one thread) --
  write_batch begin_write(std::error_code& ec);

  // -- reading (any thread) --
  std::optional<inbound_message> find_message(const std::string& event_token) const;
  std::optional<std::string> find_duplicate(const std::string& tenant,
                                            const std::string& message_id) const;
  /// Every audit record of one message, oldest first.
  std::vector<audit_record> history(const std::string& event_token) const;
  audit_page query(const audit_filter& filter) const;
  chain_verdict verify() const;
  uint64_t audit_head_seq() const;
  size_t inbox_depth() const;
  /// Unsettled messages (accepted, not yet decided), at most `limit`: what a restart resumes.
  std::vector<inbound_message> unsettled(size_t limit) const;

  std::optional<review_row> find_review(const std::string& event_token) const;
  /// Reviews of one tenant (empty: all) in one state (empty: all), at most `limit`.
  std::vector<review_row> reviews(const std::string& tenant, const std::string& state,
                                  size_t limit) const;
  std::optional<outbox_row> find_outbox(const std::string& event_token) const;
  std::vector<outbox_row> outbox_rows(const std::string& state, size_t limit) const;
  size_t outbox_depth() const;
  std::optional<takeover_row> find_takeover(const std::string& tenant,
                                            const std::string& customer_id) const;

  std::optional<tenant_row> find_tenant(const std::string& id) const;
  std::vector<tenant_row> tenants() const;
  std::optional<std::string> read_secret(const std::string& tenant, const std::string& name) const;
  /// As above with the reason: errc::not_found, or errc::crypto_error (wrong or no master key).
  std::error_code read_secret(const std::string& tenant, const std::string& name,
                              std::string& value) const;
  std::vector<secret_info> secrets(const std::string& tenant) const;
  /// Looks a credential up by the SHA-256 (hex) of its secret part; revoked ones are returned too.
  std::optional<credential_row> find_credential(const std::string& secret_sha256) const;

private:
  node_store();
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace crm::store
