#pragma once

// Shared helpers for the store tests: a fresh temporary data dir per test, a small map size,
// record factories, and raw LMDB access for tampering with a closed store.

#include "store/node_store.hpp"

#include <gtest/gtest.h>
#include <lmdb.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace crm::store::testing {

/// A directory under $TMPDIR removed with everything in it when the object dies.
class temp_dir {
public:
  temp_dir() {
    auto pattern = (std::filesystem::temp_directory_path() / "crm-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::string& path() const { return path_; }
  /// A not yet existing subdirectory (the store creates it).
  std::string sub(const std::string& name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

/// 32 raw bytes: tests pass the key so the environment's CRMD_MASTER_KEY never matters.
inline std::string test_key(char fill = 'k') {
  return std::string(32, fill);
}

inline store_options options_for(const std::string& dir, bool read_only = false) {
  store_options o;
  o.data_dir = dir;
  o.map_size_bytes = size_t{64} << 20; // small and quick to map
  o.read_only = read_only;
  o.master_key = test_key();
  return o;
}

inline std::unique_ptr<node_store> open_store(const std::string& dir, bool read_only = false) {
  std::error_code ec;
  auto store = node_store::open(options_for(dir, read_only), ec);
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_NE(store, nullptr);
  return store;
}

/// `prefix` followed by `n` (built by appending: GCC 12 warns falsely on "lit" + to_string()).
inline std::string numbered(const std::string& prefix, long long n) {
  std::string out = prefix;
  out += std::to_string(n);
  return out;
}

inline audit_record make_record(const std::string& token, const std::string& state,
                                const std::string& client = "c1",
                                const std::string& tenant = "default") {
  audit_record r;
  r.at_ms = 1'714'555'800'000;
  r.tenant = tenant;
  r.client_id = client;
  r.event_token = token;
  r.state = state;
  r.input_message = "where is my order?";
  r.classification = "in_scope";
  r.status = "Passed";
  r.confidence = 91;
  r.triggered_keywords = {"order"};
  r.channel = "api";
  r.actor = "system";
  return r;
}

inline inbound_message make_message(const std::string& token, const std::string& message_id,
                                    int64_t received_at_ms = 1'714'555'800'000,
                                    const std::string& tenant = "default") {
  inbound_message m;
  m.event_token = token;
  m.tenant = tenant;
  m.channel = "api";
  m.message_id = message_id;
  m.customer_id = "c1";
  m.type = "text";
  m.text = "hello";
  m.received_at_ms = received_at_ms;
  return m;
}

/// Appends `n` records (tokens t1..tn, clients alternating c1/c2) in one committed batch.
inline void append_records(node_store& store, int n, int first = 1) {
  std::error_code ec;
  auto batch = store.begin_write(ec);
  ASSERT_FALSE(ec);
  for (int i = first; i < first + n; ++i) {
    auto r = make_record(numbered("t", i), "received", i % 2 ? "c1" : "c2");
    batch.append(r);
  }
  ASSERT_FALSE(batch.commit());
}

/// Direct LMDB access to a data dir whose node_store is closed (LMDB forbids opening one
/// environment twice in a process), for tests that play the attacker.
class raw_env {
public:
  explicit raw_env(const std::string& dir) {
    EXPECT_EQ(mdb_env_create(&env_), 0);
    mdb_env_set_maxdbs(env_, 32);
    EXPECT_EQ(mdb_env_open(env_, dir.c_str(), 0, 0600), 0);
  }
  ~raw_env() { mdb_env_close(env_); }
  raw_env(const raw_env&) = delete;
  raw_env& operator=(const raw_env&) = delete;

  void put(const char* db, const std::string& key, const std::string& value) {
    write(db, [&](MDB_txn* t, MDB_dbi dbi) {
      MDB_val k{key.size(), const_cast<char*>(key.data())};
      MDB_val v{value.size(), const_cast<char*>(value.data())};
      return mdb_put(t, dbi, &k, &v, 0);
    });
  }
  void del(const char* db, const std::string& key) {
    write(db, [&](MDB_txn* t, MDB_dbi dbi) {
      MDB_val k{key.size(), const_cast<char*>(key.data())};
      return mdb_del(t, dbi, &k, nullptr);
    });
  }
  std::optional<std::string> get(const char* db, const std::string& key) {
    MDB_txn* t = nullptr;
    MDB_dbi dbi = 0;
    std::optional<std::string> out;
    if (mdb_txn_begin(env_, nullptr, MDB_RDONLY, &t) != 0) return out;
    if (mdb_dbi_open(t, db, 0, &dbi) == 0) {
      MDB_val k{key.size(), const_cast<char*>(key.data())};
      MDB_val v{0, nullptr};
      if (mdb_get(t, dbi, &k, &v) == 0) out.emplace(static_cast<const char*>(v.mv_data), v.mv_size);
    }
    mdb_txn_abort(t);
    return out;
  }

private:
  template <class F>
  void write(const char* db, F f) {
    MDB_txn* t = nullptr;
    MDB_dbi dbi = 0;
    ASSERT_EQ(mdb_txn_begin(env_, nullptr, 0, &t), 0);
    ASSERT_EQ(mdb_dbi_open(t, db, 0, &dbi), 0);
    ASSERT_EQ(f(t, dbi), 0);
    ASSERT_EQ(mdb_txn_commit(t), 0);
  }

  MDB_env* env_ = nullptr;
};

/// be64 key of an audit seq.
inline std::string seq_key(uint64_t seq) {
  std::string k(8, '\0');
  for (int i = 7; i >= 0; --i, seq >>= 8)
    k[static_cast<size_t>(i)] = static_cast<char>(seq & 0xff);
  return k;
}

} // namespace crm::store::testing
