#include "net/whatsapp_webhook.hpp"

#include <simdjson.h>

#include <charconv>
#include <string_view>

namespace crm::net {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view expected_object = "whatsapp_business_account";

/// Carries the first structure error out of the nested walk.
struct walk_error {
  webhook_parse_error code = webhook_parse_error::none;
  std::string detail;
};

std::string index_path(std::string_view base, std::string_view name, size_t index) {
  std::string path{base};
  if (!path.empty()) path += '.';
  path += name;
  path += '[';
  path += std::to_string(index);
  path += ']';
  return path;
}

std::string field_path(std::string_view base, std::string_view name) {
  std::string path{base};
  if (!path.empty()) path += '.';
  path += name;
  return path;
}

/// A string member, or empty when absent or not a string.
std::string_view optional_string(const element& parent, std::string_view key) {
  std::string_view out;
  if (parent[key].get_string().get(out) != simdjson::SUCCESS) return {};
  return out;
}

/// A required, non-empty string member; records `missing_field` naming the path otherwise.
bool required_string(const element& parent, std::string_view key, std::string_view base,
                     std::string& out, walk_error& error) {
  std::string_view value;
  if (parent[key].get_string().get(value) != simdjson::SUCCESS || value.empty()) {
    error.code = webhook_parse_error::missing_field;
    error.detail = field_path(base, key);
    return false;
  }
  out.assign(value);
  return true;
}

/// Meta sends unix seconds as a string; a number is accepted too. Anything else reads as 0:
/// a timestamp is informative, not a reason to refuse a customer's message.
int64_t unix_seconds(const element& parent) {
  element value;
  if (parent["timestamp"].get(value) != simdjson::SUCCESS) return 0;
  int64_t number = 0;
  if (value.get_int64().get(number) == simdjson::SUCCESS) return number;
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || end != text.data() + text.size()) return 0;
  return number;
}

/// The human-readable part of a message: the text body, a media caption, the title of a
/// tapped button or list row, a quick-reply button's text, a reaction's emoji.
std::string message_text(const element& message, std::string_view type) {
  element part;
  if (message[type].get(part) != simdjson::SUCCESS) return {};
  if (type == "text") return std::string{optional_string(part, "body")};
  if (type == "image" || type == "video" || type == "document" || type == "sticker")
    return std::string{optional_string(part, "caption")};
  if (type == "button") return std::string{optional_string(part, "text")};
  if (type == "reaction") return std::string{optional_string(part, "emoji")};
  if (type == "interactive") {
    auto kind = optional_string(part, "type");
    element reply;
    if (!kind.empty() && part[kind].get(reply) == simdjson::SUCCESS)
      return std::string{optional_string(reply, "title")};
  }
  return {};
}

bool parse_messages(const element& value, std::string_view base, const std::string& phone_number_id,
                    webhook_batch& batch, walk_error& error) {
  array messages;
  if (value["messages"].get_array().get(messages) != simdjson::SUCCESS) return true;
  size_t index = 0;
  for (element message : messages) {
    auto path = index_path(base, "messages", index++);
    webhook_message out;
    out.phone_number_id = phone_number_id;
    if (!required_string(message, "id", path, out.id, error) ||
        !required_string(message, "from", path, out.from, error) ||
        !required_string(message, "type", path, out.type, error))
      return false;
    out.timestamp = unix_seconds(message);
    out.text = message_text(message, out.type);
    batch.messages.push_back(std::move(out));
  }
  return true;
}

bool parse_statuses(const element& value, std::string_view base, const std::string& phone_number_id,
                    webhook_batch& batch, walk_error& error) {
  array statuses;
  if (value["statuses"].get_array().get(statuses) != simdjson::SUCCESS) return true;
  size_t index = 0;
  for (element status : statuses) {
    auto path = index_path(base, "statuses", index++);
    webhook_status out;
    out.phone_number_id = phone_number_id;
    if (!required_string(status, "id", path, out.id, error) ||
        !required_string(status, "status", path, out.status, error))
      return false;
    out.recipient_id = optional_string(status, "recipient_id");
    out.timestamp = unix_seconds(status);
    array errors;
    element first;
    if (status["errors"].get_array().get(errors) == simdjson::SUCCESS &&
        errors.at(0).get(first) == simdjson::SUCCESS) {
      int64_t code = 0;
      std::string_view code_text;
      if (first["code"].get_int64().get(code) == simdjson::SUCCESS)
        out.error_code = std::to_string(code);
      else if (first["code"].get_string().get(code_text) == simdjson::SUCCESS)
        out.error_code = code_text;
      out.error_title = optional_string(first, "title");
    }
    batch.statuses.push_back(std::move(out));
  }
  return true;
}

bool parse_change(const element& change, std::string_view base, webhook_batch& batch,
                  walk_error& error) {
  // Other subscribed fields (account_update, templates, ...) carry no messages: skip them.
  std::string_view field;
  if (change["field"].get_string().get(field) == simdjson::SUCCESS && field != "messages")
    return true;
  element value;
  if (change["value"].get(value) != simdjson::SUCCESS || !value.is_object()) {
    error.code = webhook_parse_error::missing_field;
    error.detail = field_path(base, "value");
    return false;
  }
  auto value_path = field_path(base, "value");
  array messages;
  array statuses;
  bool has_messages =
      value["messages"].get_array().get(messages) == simdjson::SUCCESS && messages.size() > 0;
  bool has_statuses =
      value["statuses"].get_array().get(statuses) == simdjson::SUCCESS && statuses.size() > 0;
  if (!has_messages && !has_statuses) return true;
  // The phone number routes every event to its tenant: without it nothing here is usable.
  element metadata;
  std::string phone_number_id;
  if (value["metadata"].get(metadata) != simdjson::SUCCESS) {
    error.code = webhook_parse_error::missing_field;
    error.detail = field_path(value_path, "metadata.phone_number_id");
    return false;
  }
  if (!required_string(metadata, "phone_number_id", field_path(value_path, "metadata"),
                       phone_number_id, error))
    return false;
  return parse_messages(value, value_path, phone_number_id, batch, error) &&
         parse_statuses(value, value_path, phone_number_id, batch, error);
}

} // namespace

webhook_parse_result parse_whatsapp_webhook(const std::string& body) {
  webhook_parse_result result;
  // One parser per thread: its buffers grow to the largest body seen and are then reused.
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded{body};
  element root;
  if (auto err = parser.parse(padded).get(root); err != simdjson::SUCCESS) {
    result.error = webhook_parse_error::malformed_json;
    result.detail = simdjson::error_message(err);
    return result;
  }
  std::string_view object_name;
  if (!root.is_object() || root["object"].get_string().get(object_name) != simdjson::SUCCESS ||
      object_name != expected_object) {
    result.error = webhook_parse_error::not_whatsapp;
    result.detail = "object is not \"whatsapp_business_account\"";
    return result;
  }
  array entries;
  if (root["entry"].get_array().get(entries) != simdjson::SUCCESS) {
    result.error = webhook_parse_error::missing_field;
    result.detail = "entry";
    return result;
  }
  walk_error error;
  size_t entry_index = 0;
  for (element entry : entries) {
    auto entry_path = index_path("", "entry", entry_index++);
    array changes;
    if (entry["changes"].get_array().get(changes) != simdjson::SUCCESS) {
      result.batch = {};
      result.error = webhook_parse_error::missing_field;
      result.detail = field_path(entry_path, "changes");
      return result;
    }
    size_t change_index = 0;
    for (element change : changes) {
      if (!parse_change(change, index_path(entry_path, "changes", change_index++), result.batch,
                        error)) {
        result.batch = {};
        result.error = error.code;
        result.detail = std::move(error.detail);
        return result;
      }
    }
  }
  return result;
}

} // namespace crm::net
