#pragma once

#include <string>
#include <system_error>

namespace crm::store {

/// Store errors as values (std::error_code), mapped to HTTP in one place in the API layer.
enum class errc {
  ok = 0,
  io_error = 1, ///< LMDB or file system failure (see the log for the mdb code).
  map_full,     ///< The environment's map size is exhausted.
  not_found,
  version_conflict, ///< Compare-and-set lost: someone else wrote first.
  corrupt_record,   ///< A stored value could not be decoded.
  crypto_error,     ///< Encryption or decryption failed (wrong master key?).
  read_only,
};

const std::error_category& error_category() noexcept;
inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}

} // namespace crm::store

template <>
struct std::is_error_code_enum<crm::store::errc> : std::true_type {};
