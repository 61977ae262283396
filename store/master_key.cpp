#include "store/master_key.hpp"

#include "store/digest.hpp"
#include "store/errc.hpp"
#include "store/secret_box.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace crm::store {

namespace {

std::error_code decode_key(std::string_view text, std::string& key) {
  if (text.size() == secret_box::key_size) {
    key.assign(text);
    return {};
  }
  if (text.size() == 2 * secret_box::key_size && from_hex(text, key)) return {};
  return errc::crypto_error;
}

/// Reads a file of at most `limit` bytes; false on any failure.
bool read_small_file(const std::string& path, size_t limit, std::string& out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0)
    spdlog::warn("{} is readable by group or others; it should be mode 0600", path);
  std::string data(limit + 1, '\0');
  size_t got = 0;
  while (got < data.size()) {
    ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  data.resize(got);
  out = std::move(data);
  return true;
}

bool write_all(int fd, const unsigned char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

/// Creates the key file exclusively; EEXIST (another process won the race) is reported as such.
std::error_code create_key_file(const std::string& dir, const std::string& path) {
  unsigned char fresh[secret_box::key_size];
  if (RAND_bytes(fresh, sizeof(fresh)) != 1) return errc::crypto_error;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    OPENSSL_cleanse(fresh, sizeof(fresh));
    return std::error_code{errno, std::generic_category()};
  }
  bool ok = write_all(fd, fresh, sizeof(fresh)) && ::fsync(fd) == 0;
  ::close(fd);
  OPENSSL_cleanse(fresh, sizeof(fresh));
  if (!ok) {
    ::unlink(path.c_str());
    return errc::io_error;
  }
  // The directory entry must be durable too, or a crash could lose the key of stored secrets.
  if (int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  spdlog::info("created a new master key in {}", path);
  return {};
}

} // namespace

std::error_code load_master_key(const std::string& configured, const std::string& data_dir,
                                bool create, std::string& key) {
  if (!configured.empty()) return decode_key(configured, key);
  if (const char* env = std::getenv(master_key_env); env != nullptr && *env != '\0')
    return decode_key(env, key);
  const std::string path = data_dir + "/" + master_key_file;
  std::string contents;
  if (!read_small_file(path, secret_box::key_size, contents)) {
    if (errno != ENOENT) return errc::io_error;
    if (!create) return errc::not_found;
    if (auto ec = create_key_file(data_dir, path); ec && ec != std::errc::file_exists) return ec;
    if (!read_small_file(path, secret_box::key_size, contents)) return errc::io_error;
  }
  std::error_code ec = contents.size() == secret_box::key_size
                           ? std::error_code{}
                           : std::error_code{errc::crypto_error};
  if (!ec) key = contents;
  OPENSSL_cleanse(contents.data(), contents.size());
  return ec;
}

} // namespace crm::store
