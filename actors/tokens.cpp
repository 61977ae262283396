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
  // UUIDv7 (RFC 9562): 48-bit unix ms, then 12 bits of sub-millisecond time (method 3), then
  // 62 random bits. Tokens key the inbox and audit_by_token, so time order turns B-tree inserts
  // into appends at the right edge: a group commit dirties a few pages instead of one per token.
  // One generator per thread: boost's random_generator is not thread-safe.
  thread_local boost::uuids::random_generator generator;
  boost::uuids::uuid id = generator();
  using namespace std::chrono;
  auto ns = duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
  auto ms = static_cast<uint64_t>(ns / 1'000'000);
  // 12-bit fraction of the current millisecond: (ns % 1e6) * 4096 / 1e6.
  auto frac = static_cast<uint32_t>((static_cast<uint64_t>(ns % 1'000'000) << 12) / 1'000'000);
  for (int i = 0; i < 6; ++i)
    id.data[i] = static_cast<uint8_t>(ms >> (40 - 8 * i));
  id.data[6] = static_cast<uint8_t>(0x70 | (frac >> 8)); // version 7
  id.data[7] = static_cast<uint8_t>(frac & 0xff);
  id.data[8] = static_cast<uint8_t>(0x80 | (id.data[8] & 0x3f)); // variant 10
  return boost::uuids::to_string(id);
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
