#include "store/keys.hpp"

namespace crm::store::keys {

void append_be64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

std::string be64(uint64_t v) {
  std::string out;
  out.reserve(8);
  append_be64(out, v);
  return out;
}

std::optional<uint64_t> read_be64(std::string_view bytes, size_t pos) {
  if (bytes.size() < pos + 8) return std::nullopt;
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i)
    v = (v << 8) | static_cast<unsigned char>(bytes[pos + i]);
  return v;
}

std::string by_client_prefix(std::string_view tenant, std::string_view client) {
  std::string out;
  out.reserve(tenant.size() + client.size() + 10);
  out.append(tenant).push_back('\0');
  out.append(client).push_back('\0');
  return out;
}

std::string by_client(std::string_view tenant, std::string_view client, uint64_t seq) {
  std::string out = by_client_prefix(tenant, client);
  append_be64(out, seq);
  return out;
}

std::string by_token_prefix(std::string_view token) {
  std::string out;
  out.reserve(token.size() + 9);
  out.append(token).push_back('\0');
  return out;
}

std::string by_token(std::string_view token, uint64_t seq) {
  std::string out = by_token_prefix(token);
  append_be64(out, seq);
  return out;
}

std::optional<uint64_t> index_seq(std::string_view key) {
  if (key.size() < 9) return std::nullopt;
  return read_be64(key, key.size() - 8);
}

std::string dedupe(std::string_view tenant, std::string_view message_id) {
  std::string out;
  out.reserve(tenant.size() + message_id.size() + 1);
  out.append(tenant).push_back('\0');
  out.append(message_id);
  return out;
}

std::string dedupe_by_time(int64_t received_at_ms, std::string_view dedupe_key) {
  std::string out;
  out.reserve(8 + dedupe_key.size());
  append_be64(out, ordered_time(received_at_ms));
  out.append(dedupe_key);
  return out;
}

std::string secret_prefix(std::string_view tenant) {
  std::string out;
  out.reserve(tenant.size() + 1);
  out.append(tenant).push_back('\0');
  return out;
}

std::string secret(std::string_view tenant, std::string_view name) {
  std::string out = secret_prefix(tenant);
  out.append(name);
  return out;
}

} // namespace crm::store::keys
