#include "store/audit_codec.hpp"

#include "store/audit_json.hpp"
#include "store/digest.hpp"
#include "store/keys.hpp"

namespace crm::store {

namespace {

constexpr size_t hash_hex_size = 64;

} // namespace

const std::string& genesis_hash() {
  static const std::string zeros(hash_hex_size, '0');
  return zeros;
}

std::string chain_hash(const audit_record& record) {
  return sha256_hex(record.prev_hash, to_json_without_hash(record));
}

std::string seal(audit_record& record, const audit_head& head) {
  record.seq = head.seq + 1;
  record.prev_hash = head.hash.empty() ? genesis_hash() : head.hash;
  record.hash = chain_hash(record);
  return to_json(record);
}

record_fault check_stored(std::string_view bytes, audit_record& out) {
  if (parse_audit_json(bytes, out)) return record_fault::undecodable;
  // Byte equality with the re-rendering catches edits the parser would shrug off
  // (extra members, reordering, whitespace) as well as changed values.
  if (to_json(out) != bytes) return record_fault::not_canonical;
  if (chain_hash(out) != out.hash) return record_fault::bad_hash;
  return record_fault::none;
}

std::string encode_head(const audit_head& head) {
  std::string out = keys::be64(head.seq);
  out.append(head.hash);
  return out;
}

std::optional<audit_head> decode_head(std::string_view bytes) {
  auto seq = keys::read_be64(bytes);
  if (!seq || bytes.size() != 8 + hash_hex_size) return std::nullopt;
  return audit_head{*seq, std::string{bytes.substr(8)}};
}

} // namespace crm::store
