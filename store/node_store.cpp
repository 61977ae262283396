#include "store/node_store.hpp"

#include "store/audit_log.hpp"
#include "store/credentials.hpp"
#include "store/dedupe.hpp"
#include "store/inbox.hpp"
#include "store/lmdb_env.hpp"
#include "store/master_key.hpp"
#include "store/outbox.hpp"
#include "store/reviews.hpp"
#include "store/secret_box.hpp"
#include "store/secrets.hpp"
#include "store/tables.hpp"
#include "store/takeovers.hpp"
#include "store/tenants.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>

namespace crm::store {

namespace {

constexpr std::string_view schema_key = "schema_version";
constexpr std::string_view schema_version = "1";
/// meta row holding a value sealed under the master key, so a wrong key is caught at open
/// instead of when the first secret is needed (or, worse, after secrets under two keys exist).
constexpr std::string_view key_check_key = "key_check";
constexpr std::string_view key_check_plain = "crmd master key check";

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

/// Errors after which the write transaction is unusable (LMDB failed mid-write).
bool poisons(const std::error_code& ec) {
  return ec == errc::io_error || ec == errc::map_full || ec == errc::read_only ||
         ec == errc::corrupt_record;
}

} // namespace

/// What node_store and its write batches share.
struct store_state {
  explicit store_state(lmdb::env e) : env(std::move(e)) {}

  lmdb::env env;
  tables tb;
  secret_box box; ///< Keyless when a read-only open found no usable key.
  bool read_only = false;
  mutable std::mutex head_mutex;
  audit_head head;                     ///< Committed chain head; guarded by head_mutex.
  std::atomic<bool> batch_open{false}; ///< One write batch at a time (see begin_write).

  std::optional<lmdb::txn> read_txn() const {
    std::error_code ec;
    return lmdb::txn::begin(env, false, ec);
  }
};

struct node_store::impl {
  std::unique_ptr<store_state> state;
};

// -- write_batch --------------------------------------------------------------

struct write_batch::impl {
  impl(store_state& s, lmdb::txn t) : state(s), txn(std::move(t)) {
    std::lock_guard<std::mutex> guard{state.head_mutex};
    head = state.head;
    start_seq = head.seq;
  }

  ~impl() { finish(); }

  /// Ends the batch: aborts an uncommitted transaction and lets the next batch begin.
  void finish() {
    if (txn.active()) txn.abort();
    if (open) {
      open = false;
      state.batch_open.store(false);
    }
  }

  bool usable() {
    if (!txn.active() && !error) error = errc::io_error; // used after commit
    return !error;
  }

  std::error_code check(std::error_code ec) {
    if (ec && poisons(ec) && !error) error = ec;
    return ec;
  }

  store_state& state;
  lmdb::txn txn;
  audit_head head;        ///< This batch's head; published only by a successful commit.
  uint64_t start_seq = 0; ///< The head when the batch began.
  std::error_code error;  ///< First poisoning error; commit() returns it.
  bool open = true;
};

write_batch::write_batch(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
write_batch::write_batch(write_batch&&) noexcept = default;
write_batch& write_batch::operator=(write_batch&&) noexcept = default;
write_batch::~write_batch() = default;

ingest_outcome write_batch::ingest(const inbound_message& message, audit_record& received) {
  ingest_outcome outcome{message.event_token, false};
  if (!impl_ || !impl_->usable()) return outcome;
  if (message.event_token.empty() || message.tenant.empty() || message.message_id.empty()) {
    // LMDB refuses empty keys; callers validate first, so this is a bug upstream.
    impl_->error = std::make_error_code(std::errc::invalid_argument);
    return outcome;
  }
  auto& st = impl_->state;
  std::optional<std::string> original;
  if (impl_->check(dedupe::claim(impl_->txn, st.tb, message.tenant, message.message_id,
                                 message.event_token, message.received_at_ms, original)))
    return outcome;
  if (original) return ingest_outcome{std::move(*original), true};
  if (impl_->check(inbox::put(impl_->txn, st.tb, message))) return outcome;
  auto fill = [](std::string& field, const std::string& value) {
    if (field.empty()) field = value;
  };
  fill(received.event_token, message.event_token);
  fill(received.tenant, message.tenant);
  fill(received.client_id, message.customer_id);
  fill(received.channel, message.channel);
  fill(received.message_id, message.message_id);
  fill(received.state, "received");
  if (received.at_ms == 0) received.at_ms = message.received_at_ms;
  append(received);
  return outcome;
}

void write_batch::append(audit_record& record) {
  if (!impl_ || !impl_->usable()) return;
  impl_->check(audit_log::append(impl_->txn, impl_->state.tb, impl_->head, record));
}

std::error_code write_batch::put_tenant(const std::string& id, const std::string& config_json,
                                        std::optional<uint64_t> expected_version,
                                        uint64_t& new_version) {
  if (!impl_ || !impl_->usable()) return impl_ ? impl_->error : errc::io_error;
  return impl_->check(
      tenants::put(impl_->txn, impl_->state.tb, id, config_json, expected_version, new_version));
}

std::error_code write_batch::put_secret(const std::string& tenant, const std::string& name,
                                        std::string_view value) {
  if (!impl_ || !impl_->usable()) return impl_ ? impl_->error : errc::io_error;
  auto& st = impl_->state;
  return impl_->check(secrets::put(impl_->txn, st.tb, st.box, tenant, name, value, now_ms()));
}

std::error_code write_batch::put_credential(const credential_row& row,
                                            const std::string& secret_sha256) {
  if (!impl_ || !impl_->usable()) return impl_ ? impl_->error : errc::io_error;
  return impl_->check(credentials::put(impl_->txn, impl_->state.tb, row, secret_sha256));
}

std::error_code write_batch::revoke_credential(const std::string& id) {
  if (!impl_ || !impl_->usable()) return impl_ ? impl_->error : errc::io_error;
  return impl_->check(credentials::revoke(impl_->txn, impl_->state.tb, id));
}

void write_batch::settle(settlement& s) {
  if (!impl_ || !impl_->usable()) return;
  for (auto& record : s.records)
    append(record);
  for (auto& review : s.reviews)
    if (put_review(review)) return;
  for (auto& send : s.sends)
    if (put_outbox(send)) return;
  impl_->check(inbox::remove(impl_->txn, impl_->state.tb, s.event_token));
}

std::error_code write_batch::put_review(const review_row& row) {
  if (!impl_ || !impl_->usable()) return impl_ ? impl_->error : errc::io_error;
  return impl_->check(reviews::put(impl_->txn, impl_->state.tb, row));
}

std::error_code write_batch::put_outbox(const outbox_row& row) {
  if (!impl_ || !impl_->usable()) return impl_ ? impl_->error : errc::io_error;
  return impl_->check(outbox::put(impl_->txn, impl_->state.tb, row));
}

std::error_code write_batch::put_takeover(const takeover_row& row) {
  if (!impl_ || !impl_->usable()) return impl_ ? impl_->error : errc::io_error;
  return impl_->check(takeovers::put(impl_->txn, impl_->state.tb, row));
}

std::error_code write_batch::remove_takeover(const std::string& tenant,
                                             const std::string& customer_id) {
  if (!impl_ || !impl_->usable()) return impl_ ? impl_->error : errc::io_error;
  return impl_->check(takeovers::remove(impl_->txn, impl_->state.tb, tenant, customer_id));
}

size_t write_batch::expire_dedupe(int64_t cutoff_ms, size_t max_rows) {
  if (!impl_ || !impl_->usable()) return 0;
  std::error_code ec;
  size_t n = dedupe::expire(impl_->txn, impl_->state.tb, cutoff_ms, max_rows, ec);
  return impl_->check(ec) ? 0 : n;
}

std::error_code write_batch::commit() {
  if (!impl_) return errc::io_error;
  auto& b = *impl_;
  if (!b.txn.active()) return b.error ? b.error : std::error_code{errc::io_error};
  std::error_code ec = b.error;
  if (!ec && b.head.seq != b.start_seq) ec = audit_log::store_head(b.txn, b.state.tb, b.head);
  if (!ec) ec = b.txn.commit();
  if (!ec) {
    std::lock_guard<std::mutex> guard{b.state.head_mutex};
    b.state.head = b.head;
  } else if (!b.error) {
    b.error = ec;
  }
  b.finish();
  return ec;
}

std::error_code write_batch::error() const {
  return impl_ ? impl_->error : std::error_code{errc::io_error};
}

// -- node_store: opening ------------------------------------------------------

namespace {

/// Loads the master key and checks it against meta's key_check (writing one when missing).
std::error_code setup_master_key(const store_options& options, lmdb::txn& t, store_state& st) {
  std::string key;
  auto ec = load_master_key(options.master_key, options.data_dir, !st.read_only, key);
  if (!ec) ec = secret_box::make(key, st.box);
  if (ec) return ec;
  constexpr std::string_view aad{"meta\0key_check", 14}; // same layout as secrets' AAD
  std::string plain;
  if (auto stored = t.get(st.tb.meta, key_check_key)) {
    if (st.box.open(*stored, aad, plain) || plain != key_check_plain) return errc::crypto_error;
    return {};
  }
  if (st.read_only) return {};
  std::string sealed;
  if (auto seal_ec = st.box.seal(key_check_plain, aad, sealed)) return seal_ec;
  return lmdb::to_error(t.put(st.tb.meta, key_check_key, sealed), "meta key_check put");
}

std::error_code check_schema(lmdb::txn& t, const tables& tb) {
  if (auto stored = t.get(tb.meta, schema_key)) {
    if (*stored != schema_version) {
      spdlog::error("data dir has schema version {}, this build reads {}", *stored, schema_version);
      return errc::corrupt_record;
    }
    return {};
  }
  if (!t.writable()) return {};
  return lmdb::to_error(t.put(tb.meta, schema_key, schema_version), "meta schema put");
}

} // namespace

node_store::node_store() : impl_(std::make_unique<impl>()) {}
node_store::~node_store() = default;

std::unique_ptr<node_store> node_store::open(const store_options& options, std::error_code& ec) {
  namespace fs = std::filesystem;
  ec.clear();
  if (options.data_dir.empty()) {
    ec = std::make_error_code(std::errc::invalid_argument);
    return nullptr;
  }
  std::error_code fs_ec;
  if (options.read_only) {
    if (!fs::is_directory(options.data_dir, fs_ec)) {
      ec = errc::not_found;
      return nullptr;
    }
  } else if (fs::create_directories(options.data_dir, fs_ec); fs_ec) {
    spdlog::error("cannot create data dir {}: {}", options.data_dir, fs_ec.message());
    ec = errc::io_error;
    return nullptr;
  }
  auto env =
      lmdb::env::open(options.data_dir, options.map_size_bytes, options.read_only, max_tables, ec);
  if (!env) return nullptr;
  auto st = std::make_unique<store_state>(std::move(*env));
  st->read_only = options.read_only;
  auto t = lmdb::txn::begin(st->env, !options.read_only, ec);
  if (!t) return nullptr;
  if ((ec = open_tables(*t, st->tb)) || (ec = check_schema(*t, st->tb)) ||
      (ec = audit_log::load_head(*t, st->tb, st->head)))
    return nullptr;
  if (auto key_ec = setup_master_key(options, *t, *st)) {
    if (!options.read_only) {
      spdlog::error("master key unusable: {}", key_ec.message());
      ec = key_ec;
      return nullptr;
    }
    // crm-audit reads the audit log; it needs no secrets, so a missing key is no failure.
    st->box = secret_box{};
  }
  // Committing also publishes the table handles to later transactions (read-only too).
  if ((ec = t->commit())) return nullptr;
  std::unique_ptr<node_store> store{new node_store()};
  store->impl_->state = std::move(st);
  return store;
}

write_batch node_store::begin_write(std::error_code& ec) {
  auto& st = *impl_->state;
  if (st.read_only) {
    ec = errc::read_only;
    return write_batch{nullptr};
  }
  // A second write transaction on the writer thread would deadlock inside LMDB.
  if (st.batch_open.exchange(true)) {
    ec = std::make_error_code(std::errc::device_or_resource_busy);
    return write_batch{nullptr};
  }
  auto t = lmdb::txn::begin(st.env, true, ec);
  if (!t) {
    st.batch_open.store(false);
    return write_batch{nullptr};
  }
  return write_batch{std::make_unique<write_batch::impl>(st, std::move(*t))};
}

// -- node_store: reading ------------------------------------------------------

std::optional<inbound_message> node_store::find_message(const std::string& event_token) const {
  auto t = impl_->state->read_txn();
  if (!t || event_token.empty()) return std::nullopt;
  if (auto unsettled = inbox::find(*t, impl_->state->tb, event_token)) return unsettled;
  // Settled messages live on in their `received` audit record.
  auto records = audit_log::history(*t, impl_->state->tb, event_token);
  if (records.empty() || records.front().state != "received") return std::nullopt;
  const auto& received = records.front();
  inbound_message m;
  m.event_token = received.event_token;
  m.tenant = received.tenant;
  m.channel = received.channel;
  m.message_id = received.message_id;
  m.customer_id = received.client_id;
  constexpr std::string_view type_prefix = "type:";
  m.type = received.reason.rfind(type_prefix, 0) == 0 ? received.reason.substr(type_prefix.size())
                                                      : "text";
  m.text = received.input_message;
  m.received_at_ms = received.at_ms;
  return m;
}

std::optional<std::string> node_store::find_duplicate(const std::string& tenant,
                                                      const std::string& message_id) const {
  auto t = impl_->state->read_txn();
  if (!t) return std::nullopt;
  return dedupe::find(*t, impl_->state->tb, tenant, message_id);
}

std::vector<audit_record> node_store::history(const std::string& event_token) const {
  auto t = impl_->state->read_txn();
  if (!t) return {};
  return audit_log::history(*t, impl_->state->tb, event_token);
}

audit_page node_store::query(const audit_filter& filter) const {
  auto t = impl_->state->read_txn();
  if (!t) return audit_page{{}, filter.since_seq};
  return audit_log::query(*t, impl_->state->tb, filter);
}

chain_verdict node_store::verify() const {
  auto t = impl_->state->read_txn();
  if (!t) return chain_verdict{false, 0, {}, 1};
  return audit_log::verify(*t, impl_->state->tb);
}

uint64_t node_store::audit_head_seq() const {
  auto& st = *impl_->state;
  if (st.read_only) {
    // Another process writes; the snapshot's head is the truth, not the one seen at open.
    auto t = st.read_txn();
    audit_head head;
    if (!t || audit_log::load_head(*t, st.tb, head)) return 0;
    return head.seq;
  }
  std::lock_guard<std::mutex> guard{st.head_mutex};
  return st.head.seq;
}

size_t node_store::inbox_depth() const {
  auto t = impl_->state->read_txn();
  if (!t) return 0;
  return inbox::depth(*t, impl_->state->tb);
}

std::vector<inbound_message> node_store::unsettled(size_t limit) const {
  auto t = impl_->state->read_txn();
  if (!t) return {};
  return inbox::list(*t, impl_->state->tb, limit);
}

std::optional<review_row> node_store::find_review(const std::string& event_token) const {
  auto t = impl_->state->read_txn();
  if (!t || event_token.empty()) return std::nullopt;
  return reviews::find(*t, impl_->state->tb, event_token);
}

std::vector<review_row> node_store::reviews(const std::string& tenant, const std::string& state,
                                            size_t limit) const {
  auto t = impl_->state->read_txn();
  if (!t) return {};
  return reviews::list(*t, impl_->state->tb, tenant, state, limit);
}

std::optional<outbox_row> node_store::find_outbox(const std::string& event_token) const {
  auto t = impl_->state->read_txn();
  if (!t || event_token.empty()) return std::nullopt;
  return outbox::find(*t, impl_->state->tb, event_token);
}

std::vector<outbox_row> node_store::outbox_rows(const std::string& state, size_t limit) const {
  auto t = impl_->state->read_txn();
  if (!t) return {};
  return outbox::list(*t, impl_->state->tb, state, limit);
}

size_t node_store::outbox_depth() const {
  auto t = impl_->state->read_txn();
  if (!t) return 0;
  return outbox::depth(*t, impl_->state->tb);
}

std::optional<takeover_row> node_store::find_takeover(const std::string& tenant,
                                                      const std::string& customer_id) const {
  auto t = impl_->state->read_txn();
  if (!t) return std::nullopt;
  return takeovers::find(*t, impl_->state->tb, tenant, customer_id);
}

std::optional<tenant_row> node_store::find_tenant(const std::string& id) const {
  auto t = impl_->state->read_txn();
  if (!t || id.empty()) return std::nullopt;
  return tenants::find(*t, impl_->state->tb, id);
}

std::vector<tenant_row> node_store::tenants() const {
  auto t = impl_->state->read_txn();
  if (!t) return {};
  return tenants::list(*t, impl_->state->tb);
}

std::optional<std::string> node_store::read_secret(const std::string& tenant,
                                                   const std::string& name) const {
  std::string value;
  if (read_secret(tenant, name, value)) return std::nullopt;
  return value;
}

std::error_code node_store::read_secret(const std::string& tenant, const std::string& name,
                                        std::string& value) const {
  auto& st = *impl_->state;
  if (!st.box.has_key()) return errc::crypto_error;
  if (tenant.empty() || name.empty()) return errc::not_found;
  std::error_code ec;
  auto t = lmdb::txn::begin(st.env, false, ec);
  if (!t) return ec;
  return secrets::read(*t, st.tb, st.box, tenant, name, value);
}

std::vector<secret_info> node_store::secrets(const std::string& tenant) const {
  auto t = impl_->state->read_txn();
  if (!t) return {};
  return secrets::list(*t, impl_->state->tb, tenant);
}

std::optional<credential_row> node_store::find_credential(const std::string& secret_sha256) const {
  auto t = impl_->state->read_txn();
  if (!t || secret_sha256.empty()) return std::nullopt;
  return credentials::find(*t, impl_->state->tb, secret_sha256);
}

} // namespace crm::store
