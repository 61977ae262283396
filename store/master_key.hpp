#pragma once

// Where the node's 32-byte master key (for secret_box) comes from, in order:
// 1. the configured value (store_options::master_key): 32 raw bytes or 64 hex characters;
// 2. the environment variable CRMD_MASTER_KEY (64 hex characters);
// 3. the file <data_dir>/master.key (32 raw bytes), created mode 0600 from OpenSSL RAND_bytes
//    when missing and `create` is set.
// The key itself is never logged.

#include <string>
#include <system_error>

namespace crm::store {

inline constexpr const char* master_key_env = "CRMD_MASTER_KEY";
inline constexpr const char* master_key_file = "master.key";

/// Fills `key` with 32 raw bytes. errc::crypto_error for a malformed key, errc::not_found when
/// there is none and `create` is false, errc::io_error when the file cannot be written or read.
std::error_code load_master_key(const std::string& configured, const std::string& data_dir,
                                bool create, std::string& key);

} // namespace crm::store
