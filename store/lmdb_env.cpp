#include "store/lmdb_env.hpp"

#include "store/errc.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>

namespace crm::store::lmdb {

namespace {

MDB_val to_val(std::string_view s) {
  // LMDB never writes through the key/data pointers we pass in; an empty view may carry a null
  // pointer, which memcpy must not see even for zero bytes.
  static const char empty[1] = {0};
  return MDB_val{s.size(), const_cast<char*>(s.data() != nullptr ? s.data() : empty)};
}

std::string_view to_view(const MDB_val& v) {
  return {static_cast<const char*>(v.mv_data), v.mv_size};
}

} // namespace

std::error_code to_error(int rc, std::string_view what) {
  switch (rc) {
  case MDB_SUCCESS:
    return {};
  case MDB_NOTFOUND:
    return errc::not_found;
  case MDB_MAP_FULL:
    spdlog::error("lmdb {}: map full (raise the map size)", what);
    return errc::map_full;
  case MDB_CORRUPTED:
  case MDB_PAGE_NOTFOUND:
  case MDB_INVALID:
  case MDB_VERSION_MISMATCH:
    spdlog::error("lmdb {}: {} ({})", what, mdb_strerror(rc), rc);
    return errc::corrupt_record;
  case EACCES:
    spdlog::error("lmdb {}: {} ({})", what, mdb_strerror(rc), rc);
    return errc::read_only;
  default:
    spdlog::error("lmdb {}: {} ({})", what, mdb_strerror(rc), rc);
    return errc::io_error;
  }
}

// -- env ----------------------------------------------------------------------

std::optional<env> env::open(const std::string& dir, size_t map_size, bool read_only,
                             unsigned max_dbs, std::error_code& ec) {
  MDB_env* raw = nullptr;
  if (int rc = mdb_env_create(&raw); rc != MDB_SUCCESS) {
    ec = to_error(rc, "env_create");
    return std::nullopt;
  }
  env result{raw, read_only};
  if (int rc = mdb_env_set_maxdbs(raw, max_dbs); rc != MDB_SUCCESS) {
    ec = to_error(rc, "env_set_maxdbs");
    return std::nullopt;
  }
  if (map_size > 0) {
    if (int rc = mdb_env_set_mapsize(raw, map_size); rc != MDB_SUCCESS) {
      ec = to_error(rc, "env_set_mapsize");
      return std::nullopt;
    }
  }
  // MDB_NOTLS: read transactions are not tied to threads (actors hop between threads).
  // No MDB_NOSYNC/MDB_NOMETASYNC: every commit is durable, the inbox's promise relies on it.
  unsigned flags = MDB_NOTLS | (read_only ? MDB_RDONLY : 0u);
  if (int rc = mdb_env_open(raw, dir.c_str(), flags, 0600); rc != MDB_SUCCESS) {
    ec = rc == ENOENT ? std::error_code{errc::not_found} : to_error(rc, "env_open");
    return std::nullopt;
  }
  // Reader slots of processes killed with -9 would pin old pages forever; clear them.
  int dead = 0;
  mdb_reader_check(raw, &dead);
  ec.clear();
  return result;
}

env& env::operator=(env&& other) noexcept {
  if (this != &other) {
    if (ptr_ != nullptr) mdb_env_close(ptr_);
    ptr_ = other.ptr_;
    read_only_ = other.read_only_;
    other.ptr_ = nullptr;
  }
  return *this;
}

env::~env() {
  if (ptr_ != nullptr) mdb_env_close(ptr_);
}

// -- txn ----------------------------------------------------------------------

std::optional<txn> txn::begin(const env& e, bool write, std::error_code& ec) {
  MDB_txn* raw = nullptr;
  unsigned flags = write ? 0u : MDB_RDONLY;
  if (int rc = mdb_txn_begin(e.get(), nullptr, flags, &raw); rc != MDB_SUCCESS) {
    ec = to_error(rc, "txn_begin");
    return std::nullopt;
  }
  ec.clear();
  return txn{raw, write};
}

txn& txn::operator=(txn&& other) noexcept {
  if (this != &other) {
    abort();
    ptr_ = other.ptr_;
    write_ = other.write_;
    other.ptr_ = nullptr;
  }
  return *this;
}

std::error_code txn::commit() {
  if (ptr_ == nullptr) return errc::io_error;
  // mdb_txn_commit frees the transaction whether or not it succeeds.
  int rc = mdb_txn_commit(ptr_);
  ptr_ = nullptr;
  return to_error(rc, "txn_commit");
}

void txn::abort() noexcept {
  if (ptr_ != nullptr) {
    mdb_txn_abort(ptr_);
    ptr_ = nullptr;
  }
}

std::error_code txn::open_dbi(const char* name, bool create, MDB_dbi& dbi) {
  int rc = mdb_dbi_open(ptr_, name, create ? MDB_CREATE : 0u, &dbi);
  if (rc == MDB_NOTFOUND) return errc::not_found;
  return to_error(rc, name);
}

std::optional<std::string_view> txn::get(MDB_dbi dbi, std::string_view key,
                                         std::error_code& ec) const {
  MDB_val k = to_val(key);
  MDB_val v{0, nullptr};
  int rc = mdb_get(ptr_, dbi, &k, &v);
  if (rc == MDB_SUCCESS) {
    ec.clear();
    return to_view(v);
  }
  ec = rc == MDB_NOTFOUND ? std::error_code{} : to_error(rc, "get");
  return std::nullopt;
}

int txn::put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags,
             std::string_view* existing) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  int rc = mdb_put(ptr_, dbi, &k, &v, flags);
  // With MDB_NOOVERWRITE, LMDB returns the stored value through `v`.
  if (rc == MDB_KEYEXIST && existing != nullptr) *existing = to_view(v);
  return rc;
}

int txn::del(MDB_dbi dbi, std::string_view key) {
  MDB_val k = to_val(key);
  return mdb_del(ptr_, dbi, &k, nullptr);
}

size_t txn::entries(MDB_dbi dbi) const {
  MDB_stat st{};
  if (mdb_stat(ptr_, dbi, &st) != MDB_SUCCESS) return 0;
  return st.ms_entries;
}

// -- cursor -------------------------------------------------------------------

cursor::cursor(const txn& t, MDB_dbi dbi, std::error_code& ec) {
  if (int rc = mdb_cursor_open(t.get(), dbi, &ptr_); rc != MDB_SUCCESS) {
    ptr_ = nullptr;
    ec = to_error(rc, "cursor_open");
    return;
  }
  ec.clear();
}

cursor::~cursor() {
  if (ptr_ != nullptr) mdb_cursor_close(ptr_);
}

bool cursor::seek(std::string_view key) {
  if (ptr_ == nullptr) return false;
  key_ = to_val(key);
  return mdb_cursor_get(ptr_, &key_, &value_, MDB_SET_RANGE) == MDB_SUCCESS;
}

bool cursor::move(MDB_cursor_op op) {
  if (ptr_ == nullptr) return false;
  return mdb_cursor_get(ptr_, &key_, &value_, op) == MDB_SUCCESS;
}

std::string_view cursor::key() const noexcept {
  return to_view(key_);
}

std::string_view cursor::value() const noexcept {
  return to_view(value_);
}

} // namespace crm::store::lmdb
