#pragma once

// Parses a WhatsApp Cloud API webhook body (simdjson) into every message and status it holds:
// all entries, all changes, all messages, all statuses, not just the first.

#include <cstdint>
#include <string>
#include <vector>

namespace crm::net {

struct webhook_message {
  std::string phone_number_id; ///< metadata.phone_number_id of the change.
  std::string id;              ///< wamid: the idempotency key.
  std::string from;            ///< Customer's WhatsApp id.
  std::string type;            ///< text, image, audio, interactive, ...
  std::string text;            ///< text.body (or a caption / interactive title when present).
  int64_t timestamp = 0;       ///< Unix seconds, as Meta sends it.
};

struct webhook_status {
  std::string phone_number_id;
  std::string id;     ///< wamid of our outbound message.
  std::string status; ///< sent, delivered, read, failed.
  std::string recipient_id;
  int64_t timestamp = 0;
  std::string error_code; ///< errors[0].code as text, when present.
  std::string error_title;
};

struct webhook_batch {
  std::vector<webhook_message> messages;
  std::vector<webhook_status> statuses;
};

enum class webhook_parse_error { none = 0, malformed_json, missing_field, not_whatsapp };

struct webhook_parse_result {
  webhook_batch batch;
  webhook_parse_error error = webhook_parse_error::none;
  std::string detail; ///< Names the missing or malformed field (JSON pointer style).
};

/// Structure errors (`object` missing or not `whatsapp_business_account`, `entry` not an array,
/// a message without `id`/`from`/`type`) fail the whole body; unknown fields are ignored.
webhook_parse_result parse_whatsapp_webhook(const std::string& body);

} // namespace crm::net
