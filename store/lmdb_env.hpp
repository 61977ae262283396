#pragma once

// Thin RAII wrappers over the LMDB C API: environment, transaction, cursor, and the one place
// where LMDB return codes become `store::errc` values.
//
// Concurrency: the environment is opened with MDB_NOTLS, so a read transaction belongs to no
// thread and may be created on any. Write transactions are serialised by LMDB itself; the store
// allows only one open at a time (a second begin on the same thread would deadlock).
// Lifetime: values returned as string_view point into the memory map and stay valid only until
// the transaction that produced them ends (or, for writes, until the next put/del).

#include <lmdb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace crm::store::lmdb {

/// Maps an LMDB/errno return code to a store error; logs the raw code once (never values).
std::error_code to_error(int rc, std::string_view what);

/// One LMDB environment (one data directory).
class env {
public:
  /// Opens `dir` (which must exist). `map_size` 0 keeps the size recorded in the file.
  static std::optional<env> open(const std::string& dir, size_t map_size, bool read_only,
                                 unsigned max_dbs, std::error_code& ec);

  env(env&& other) noexcept : ptr_(other.ptr_) { other.ptr_ = nullptr; }
  env& operator=(env&& other) noexcept;
  env(const env&) = delete;
  env& operator=(const env&) = delete;
  ~env();

  MDB_env* get() const noexcept { return ptr_; }
  bool read_only() const noexcept { return read_only_; }

private:
  env(MDB_env* ptr, bool read_only) : ptr_(ptr), read_only_(read_only) {}
  MDB_env* ptr_ = nullptr;
  bool read_only_ = false;
};

/// One transaction. Destroying it without commit aborts it.
class txn {
public:
  static std::optional<txn> begin(const env& e, bool write, std::error_code& ec);

  txn(txn&& other) noexcept : ptr_(other.ptr_), write_(other.write_) { other.ptr_ = nullptr; }
  txn& operator=(txn&& other) noexcept;
  txn(const txn&) = delete;
  txn& operator=(const txn&) = delete;
  ~txn() { abort(); }

  /// Commits; the transaction is finished afterwards whatever the outcome.
  std::error_code commit();
  void abort() noexcept;

  MDB_txn* get() const noexcept { return ptr_; }
  bool active() const noexcept { return ptr_ != nullptr; }
  bool writable() const noexcept { return write_; }

  /// Opens (or, when `create`, creates) a named database inside this transaction.
  std::error_code open_dbi(const char* name, bool create, MDB_dbi& dbi);

  /// The value under `key`, or nullopt when absent (other failures are logged, ec set).
  std::optional<std::string_view> get(MDB_dbi dbi, std::string_view key, std::error_code& ec) const;
  std::optional<std::string_view> get(MDB_dbi dbi, std::string_view key) const {
    std::error_code ignored;
    return get(dbi, key, ignored);
  }

  /// Raw mdb_put; returns the LMDB code (MDB_KEYEXIST is a normal answer with NOOVERWRITE,
  /// and then `existing` holds the stored value).
  int put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags = 0,
          std::string_view* existing = nullptr);

  /// Deletes `key`; MDB_NOTFOUND is returned as is.
  int del(MDB_dbi dbi, std::string_view key);

  /// Number of entries in a database.
  size_t entries(MDB_dbi dbi) const;

private:
  txn(MDB_txn* ptr, bool write) : ptr_(ptr), write_(write) {}
  MDB_txn* ptr_ = nullptr;
  bool write_ = false;
};

/// A cursor over one database of one transaction; positions are (key, value) pairs.
class cursor {
public:
  cursor(const txn& t, MDB_dbi dbi, std::error_code& ec);
  cursor(cursor&& other) noexcept : ptr_(other.ptr_) { other.ptr_ = nullptr; }
  cursor(const cursor&) = delete;
  cursor& operator=(const cursor&) = delete;
  cursor& operator=(cursor&&) = delete;
  ~cursor();

  bool first() { return move(MDB_FIRST); }
  bool last() { return move(MDB_LAST); }
  bool next() { return move(MDB_NEXT); }
  bool prev() { return move(MDB_PREV); }
  /// Positions at the first key >= `key`.
  bool seek(std::string_view key);

  std::string_view key() const noexcept;
  std::string_view value() const noexcept;
  bool valid() const noexcept { return ptr_ != nullptr; }

private:
  bool move(MDB_cursor_op op);
  MDB_cursor* ptr_ = nullptr;
  MDB_val key_{0, nullptr};
  MDB_val value_{0, nullptr};
};

} // namespace crm::store::lmdb
