#pragma once

// A tenant's configuration (API.md "Tenant config"): schema, defaults and validation, and the
// JSON form the admin API and the store use. Errors name the field path.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm::config {

struct intent_rule {
  std::string intent;
  std::vector<std::string> keywords;
  std::string reply;

  friend bool operator==(const intent_rule&, const intent_rule&) = default;
};

struct restricted_domains {
  bool political = true;
  bool legal = true;
  bool medical = true;
  bool injection = true;

  friend bool operator==(const restricted_domains&, const restricted_domains&) = default;
};

struct llm_settings {
  std::string base_url; ///< Empty: the built-in responder answers.
  std::string model;
  std::string api_key_secret; ///< Name of a tenant secret.
  uint32_t timeout_ms = 30'000;
  uint32_t max_in_flight = 8;

  friend bool operator==(const llm_settings&, const llm_settings&) = default;
};

struct whatsapp_settings {
  std::string phone_number_id;
  std::string graph_base_url = "https://graph.facebook.com";
  std::string app_secret_secret = "whatsapp_app_secret";
  std::string access_token_secret = "whatsapp_access_token";
  std::string verify_token_secret = "whatsapp_verify_token";

  friend bool operator==(const whatsapp_settings&, const whatsapp_settings&) = default;
};

struct tenant_config {
  std::string name = "Default";
  std::string language = "en";
  std::string tone = "friendly, concise";
  std::string neutral_response = "I can only help with questions about our products and services.";
  std::string out_of_scope_response =
      "Sorry, that is outside what we can help with here. Is there anything about our products "
      "or services I can do for you?";
  std::vector<std::string> allow_phrases;
  restricted_domains restricted;
  std::vector<std::string> forbidden_topics;
  std::vector<intent_rule> intent_rules;
  uint32_t auto_send_threshold = 80; ///< 0-100.
  uint32_t latency_budget_ms = 5'000;
  uint32_t review_ttl_s = 3'600;
  llm_settings llm;
  whatsapp_settings whatsapp;
  std::string outbound_webhook; ///< URL for /v1 tenants, or empty.

  friend bool operator==(const tenant_config&, const tenant_config&) = default;
};

struct field_error {
  std::string field;  ///< Path, e.g. `intent_rules[2].reply`, `llm.timeout_ms`.
  std::string detail; ///< Human sentence.
};

/// The built-in `default` tenant of a fresh data dir: the struct's defaults plus a few intent
/// rules (greeting, order_status, returns, opening_hours, pricing) with canned replies, so the
/// built-in responder answers end to end before anyone configures anything.
tenant_config default_tenant_config();

/// Parses and validates a whole config object (JSON text). Missing keys take the defaults of
/// `tenant_config{}` (no intent rules); unknown keys, wrong types and out-of-range values are
/// errors naming the field. Malformed JSON is an error with an empty `field`.
std::optional<tenant_config> parse_tenant_config(const std::string& json_text, field_error& error);

/// Canonical JSON (every key, fixed order), as stored and as `GET /admin/tenants/{id}` returns.
std::string to_json(const tenant_config& config);

/// Tenant ids: 1-64 chars of [a-z0-9_-].
bool valid_tenant_id(const std::string& id);

/// The "Tenant config" section of docs/config.md: every field with its type, limits, default and
/// description, rendered from the same schema that parses and validates.
std::string render_tenant_markdown();

} // namespace crm::config
