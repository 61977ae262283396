#include "actors/tokens.hpp"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <openssl/rand.h>

#include <chrono>
#include <stdexcept>

namespace crm {

namespace {

std::string random_hex(size_t bytes) {
  unsigned char buf[64];
  if (bytes > sizeof(buf) || RAND_bytes(buf, static_cast<int>(bytes)) != 1)
    throw std::runtime_error("RAND_bytes failed"); // no entropy: refusing to mint guessable tokens
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (size_t i = 0; i < bytes; ++i) {
    out.push_back(digits[buf[i] >> 4]);
    out.push_back(digits[buf[i] & 0xf]);
  }
  return out;
}

} // namespace

std::string new_event_token() {
  // One generator per thread: boost's random_generator is not thread-safe.
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());
}

std::string new_secret_token(const std::string& prefix) {
  return prefix + random_hex(32);
}

std::string new_short_id(const std::string& prefix) {
  return prefix + random_hex(8);
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace crm
