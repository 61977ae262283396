#include "config/tenant_config.hpp"

#include <boost/json.hpp>

#include <functional>
#include <string_view>
#include <utility>

// The schema is one table per object type (`tenant_fields()`, `llm_fields()`, ...): each field
// knows its name, documentation, how to read and validate itself from JSON and how to write
// itself back. Parsing, `to_json` and the docs all walk the same tables, so they cannot drift.

namespace crm::config {

namespace {

namespace json = boost::json;

// -- limits ---------------------------------------------------------------------------------------

/// Phrase lists feed the guardrail's pattern database; the cap bounds its compile time and memory.
constexpr size_t max_phrases = 10'000;
constexpr size_t max_phrase_chars = 200;
/// Neutral and out-of-scope answers are sent verbatim; short and cold by design.
constexpr size_t max_response_chars = 1'000;
/// WhatsApp's text message body limit.
constexpr size_t max_reply_chars = 4'096;
constexpr size_t max_intent_rules = 1'000;
constexpr size_t max_keywords = 1'000;
constexpr size_t max_label_chars = 200;
constexpr size_t max_intent_chars = 64;
constexpr size_t max_secret_name_chars = 64;
constexpr size_t max_url_chars = 2'048;
constexpr size_t max_phone_number_id_chars = 64;
constexpr uint32_t max_review_ttl_s = 30 * 24 * 3600;

// -- text checks ----------------------------------------------------------------------------------

/// A check on a string's content: a detail sentence, or empty when the text is fine.
using text_check = std::string (*)(std::string_view);

/// Limits count characters (code points), not bytes, so non-Latin replies get the same room.
/// Boost.JSON has already rejected invalid UTF-8.
size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string check_http_url(std::string_view s) {
  std::string_view rest;
  if (s.starts_with("http://"))
    rest = s.substr(7);
  else if (s.starts_with("https://"))
    rest = s.substr(8);
  else
    return "Expected an http:// or https:// URL.";
  if (rest.empty() || rest.front() == '/' || rest.front() == ':')
    return "Expected a host name after the URL scheme.";
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f) return "A URL must not contain spaces or control characters.";
  return {};
}

std::string check_optional_http_url(std::string_view s) {
  return s.empty() ? std::string{} : check_http_url(s);
}

std::string check_intent_name(std::string_view s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return "Expected lower-case letters, digits and underscores only.";
  return {};
}

std::string check_secret_name(std::string_view s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-' || c == '.'))
      return "Expected a secret name of letters, digits, '_', '-' and '.'.";
  return {};
}

std::string check_no_whitespace(std::string_view s) {
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f) return "Must not contain spaces or control characters.";
  return {};
}

// -- schema ---------------------------------------------------------------------------------------

/// One line of the docs table.
struct doc_row {
  std::string path;
  std::string type;
  std::string fallback; ///< The default as a markdown cell: `JSON`, `required` or empty.
  std::string description;
};

template <class T>
struct field {
  std::string_view name;
  std::string type; ///< For the docs: kind and limits.
  std::string_view description;
  /// Inside list elements a missing key has no sensible default (an intent rule without a reply).
  bool required = false;
  /// Reads and validates `value` into `out`; on failure fills `error` and returns false.
  std::function<bool(const json::value& value, T& out, const std::string& path, field_error& error)>
      read;
  std::function<json::value(const T&)> write;
  /// Nested objects list their own fields in the docs under `path`.
  std::function<void(const std::string& path, std::vector<doc_row>& rows)> document_children;
};

template <class T>
using fields = std::vector<field<T>>;

template <class T>
field<T> make_field(std::string_view name, std::string type, std::string_view description) {
  field<T> f;
  f.name = name;
  f.type = std::move(type);
  f.description = description;
  return f;
}

bool fail(field_error& error, std::string path, std::string detail) {
  error = field_error{std::move(path), std::move(detail)};
  return false;
}

std::string join(const std::string& path, std::string_view name) {
  return path.empty() ? std::string{name} : path + "." + std::string{name};
}

std::string chars_range(size_t min, size_t max) {
  if (min == 0) return "up to " + std::to_string(max) + " chars";
  return std::to_string(min) + "-" + std::to_string(max) + " chars";
}

bool read_text(const json::value& v, size_t min, size_t max, text_check check,
               const std::string& path, field_error& error, std::string& out) {
  if (!v.is_string()) return fail(error, path, "Expected a string.");
  std::string_view s = v.get_string();
  auto length = utf8_length(s);
  if (min > 0 && is_blank(s)) return fail(error, path, "Must not be empty.");
  if (length < min)
    return fail(error, path, "Expected at least " + std::to_string(min) + " characters.");
  if (length > max)
    return fail(error, path,
                "Expected at most " + std::to_string(max) + " characters, got " +
                    std::to_string(length) + ".");
  if (check)
    if (auto detail = check(s); !detail.empty()) return fail(error, path, std::move(detail));
  out.assign(s.data(), s.size());
  return true;
}

template <class T>
bool read_object(const json::value& v, T& out, const fields<T>& schema, const std::string& path,
                 field_error& error) {
  if (!v.is_object())
    return fail(error, path,
                path.empty() ? "The config must be a JSON object." : "Expected an object.");
  const auto& object = v.get_object();
  for (const auto& member : object) {
    std::string_view key = member.key();
    auto sub = join(path, key);
    const field<T>* spec = nullptr;
    for (const auto& f : schema)
      if (f.name == key) spec = &f;
    if (!spec) return fail(error, std::move(sub), "Unknown field.");
    if (!spec->read(member.value(), out, sub, error)) return false;
  }
  for (const auto& f : schema)
    if (f.required && !object.contains(f.name))
      return fail(error, join(path, f.name), "Missing required field.");
  return true;
}

template <class T>
json::object write_object(const T& in, const fields<T>& schema) {
  json::object object;
  for (const auto& f : schema)
    object.emplace(f.name, f.write(in));
  return object;
}

std::string escape_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

template <class T>
void document_object(const fields<T>& schema, const std::string& prefix, const T& defaults,
                     std::vector<doc_row>& rows) {
  for (const auto& f : schema) {
    auto path = join(prefix, f.name);
    // An object's defaults are listed field by field below it; required fields have none.
    std::string fallback;
    if (f.required)
      fallback = "required";
    else if (f.type != "object")
      fallback = "`" + escape_cell(json::serialize(f.write(defaults))) + "`";
    rows.push_back({path, f.type, std::move(fallback), std::string{f.description}});
    if (f.document_children) f.document_children(path, rows);
  }
}

// -- field makers ---------------------------------------------------------------------------------

template <class T>
field<T> text(std::string T::*member, std::string_view name, size_t min, size_t max,
              std::string_view description, text_check check = nullptr) {
  auto f = make_field<T>(name, "string, " + chars_range(min, max), description);
  f.read = [=](const json::value& v, T& out, const std::string& path, field_error& error) {
    return read_text(v, min, max, check, path, error, out.*member);
  };
  f.write = [=](const T& in) { return json::value(in.*member); };
  return f;
}

template <class T>
field<T> url(std::string T::*member, std::string_view name, bool optional,
             std::string_view description) {
  auto f = text(member, name, optional ? 0 : 1, max_url_chars, description,
                optional ? check_optional_http_url : check_http_url);
  f.type = optional ? "http(s) URL or empty" : "http(s) URL";
  return f;
}

template <class T>
field<T> number(uint32_t T::*member, std::string_view name, uint32_t min, uint32_t max,
                std::string_view description) {
  auto f = make_field<T>(name, "integer " + std::to_string(min) + "-" + std::to_string(max),
                         description);
  f.read = [=](const json::value& v, T& out, const std::string& path, field_error& error) {
    auto range = "Expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
    // Doubles are refused even when integral: `80.0` in a config is a typo worth reporting.
    if (!v.is_int64() && !v.is_uint64()) return fail(error, path, range + ".");
    bool in_range = v.is_int64() ? v.get_int64() >= int64_t{min} && v.get_int64() <= int64_t{max}
                                 : v.get_uint64() >= min && v.get_uint64() <= max;
    if (!in_range) return fail(error, path, range + ", got " + json::serialize(v) + ".");
    out.*member =
        static_cast<uint32_t>(v.is_int64() ? static_cast<uint64_t>(v.get_int64()) : v.get_uint64());
    return true;
  };
  f.write = [=](const T& in) { return json::value(static_cast<uint64_t>(in.*member)); };
  return f;
}

template <class T>
field<T> boolean(bool T::*member, std::string_view name, std::string_view description) {
  auto f = make_field<T>(name, "boolean", description);
  f.read = [=](const json::value& v, T& out, const std::string& path, field_error& error) {
    if (!v.is_bool()) return fail(error, path, "Expected true or false.");
    out.*member = v.get_bool();
    return true;
  };
  f.write = [=](const T& in) { return json::value(in.*member); };
  return f;
}

template <class T>
field<T> text_list(std::vector<std::string> T::*member, std::string_view name, size_t max_items,
                   size_t item_max, bool non_empty, std::string_view description) {
  auto f = make_field<T>(name,
                         "list of strings (" + std::string{non_empty ? "1" : "0"} + "-" +
                             std::to_string(max_items) + " entries of 1-" +
                             std::to_string(item_max) + " chars)",
                         description);
  f.read = [=](const json::value& v, T& out, const std::string& path, field_error& error) {
    if (!v.is_array()) return fail(error, path, "Expected a list of strings.");
    const auto& array = v.get_array();
    if (non_empty && array.empty()) return fail(error, path, "Expected at least one entry.");
    if (array.size() > max_items)
      return fail(error, path,
                  "Expected at most " + std::to_string(max_items) + " entries, got " +
                      std::to_string(array.size()) + ".");
    std::vector<std::string> items(array.size());
    for (size_t i = 0; i < array.size(); ++i)
      if (!read_text(array[i], 1, item_max, nullptr, path + "[" + std::to_string(i) + "]", error,
                     items[i]))
        return false;
    out.*member = std::move(items);
    return true;
  };
  f.write = [=](const T& in) {
    json::array array;
    for (const auto& item : in.*member)
      array.emplace_back(item);
    return json::value(std::move(array));
  };
  return f;
}

template <class T, class U>
field<T> object(U T::*member, std::string_view name, const fields<U>& schema,
                std::string_view description) {
  auto f = make_field<T>(name, "object", description);
  f.read = [member, &schema](const json::value& v, T& out, const std::string& path,
                             field_error& error) {
    return read_object(v, out.*member, schema, path, error);
  };
  f.write = [member, &schema](const T& in) {
    return json::value(write_object(in.*member, schema));
  };
  f.document_children = [&schema](const std::string& path, std::vector<doc_row>& rows) {
    document_object(schema, path, U{}, rows);
  };
  return f;
}

template <class T, class U>
field<T> object_list(std::vector<U> T::*member, std::string_view name, size_t max_items,
                     const fields<U>& schema, std::string_view description) {
  auto f =
      make_field<T>(name, "list of objects (up to " + std::to_string(max_items) + ")", description);
  f.read = [member, max_items, &schema](const json::value& v, T& out, const std::string& path,
                                        field_error& error) {
    if (!v.is_array()) return fail(error, path, "Expected a list of objects.");
    const auto& array = v.get_array();
    if (array.size() > max_items)
      return fail(error, path,
                  "Expected at most " + std::to_string(max_items) + " entries, got " +
                      std::to_string(array.size()) + ".");
    std::vector<U> items(array.size());
    for (size_t i = 0; i < array.size(); ++i)
      if (!read_object(array[i], items[i], schema, path + "[" + std::to_string(i) + "]", error))
        return false;
    out.*member = std::move(items);
    return true;
  };
  f.write = [member, &schema](const T& in) {
    json::array array;
    for (const auto& item : in.*member)
      array.emplace_back(write_object(item, schema));
    return json::value(std::move(array));
  };
  f.document_children = [&schema](const std::string& path, std::vector<doc_row>& rows) {
    document_object(schema, path + "[]", U{}, rows);
  };
  return f;
}

template <class T>
field<T> required(field<T> f) {
  f.required = true;
  return f;
}

// -- the tables -----------------------------------------------------------------------------------

const fields<intent_rule>& intent_rule_fields() {
  static const fields<intent_rule> schema{
      required(text(&intent_rule::intent, "intent", 1, max_intent_chars,
                    "Intent name ([a-z0-9_]); also offered to the LLM as a label.",
                    check_intent_name)),
      required(text_list(&intent_rule::keywords, "keywords", max_keywords, max_label_chars, true,
                         "Words or phrases that select this rule in the built-in responder.")),
      required(text(&intent_rule::reply, "reply", 1, max_reply_chars,
                    "The built-in responder's canned reply.")),
  };
  return schema;
}

const fields<restricted_domains>& restricted_fields() {
  static const fields<restricted_domains> schema{
      boolean(&restricted_domains::political, "political", "Block political topics."),
      boolean(&restricted_domains::legal, "legal", "Block requests for legal advice."),
      boolean(&restricted_domains::medical, "medical", "Block requests for medical advice."),
      boolean(&restricted_domains::injection, "injection",
              "Block prompt injection and system-prompt extraction attempts."),
  };
  return schema;
}

const fields<llm_settings>& llm_fields() {
  static const fields<llm_settings> schema{
      url(&llm_settings::base_url, "base_url", true,
          "OpenAI-compatible API base (`POST {base_url}/chat/completions`); empty: the built-in "
          "responder answers."),
      text(&llm_settings::model, "model", 0, max_label_chars, "Model name sent to the server."),
      text(&llm_settings::api_key_secret, "api_key_secret", 0, max_secret_name_chars,
           "Name of the tenant secret holding the API key; empty: no key.", check_secret_name),
      number(&llm_settings::timeout_ms, "timeout_ms", 100, 600'000,
             "Timeout of one LLM request, in milliseconds."),
      number(&llm_settings::max_in_flight, "max_in_flight", 1, 1'024,
             "LLM requests in flight at once for this tenant."),
  };
  return schema;
}

const fields<whatsapp_settings>& whatsapp_fields() {
  static const fields<whatsapp_settings> schema{
      text(&whatsapp_settings::phone_number_id, "phone_number_id", 0, max_phone_number_id_chars,
           "The WhatsApp Business phone number id that sends replies.", check_no_whitespace),
      url(&whatsapp_settings::graph_base_url, "graph_base_url", false,
          "Graph API base URL (point it at `crm-mock` in tests)."),
      text(&whatsapp_settings::app_secret_secret, "app_secret_secret", 1, max_secret_name_chars,
           "Name of the tenant secret holding the app secret (webhook signatures).",
           check_secret_name),
      text(&whatsapp_settings::access_token_secret, "access_token_secret", 1, max_secret_name_chars,
           "Name of the tenant secret holding the Graph API access token.", check_secret_name),
      text(&whatsapp_settings::verify_token_secret, "verify_token_secret", 1, max_secret_name_chars,
           "Name of the tenant secret holding the webhook verify token (Meta's handshake).",
           check_secret_name),
  };
  return schema;
}

const fields<tenant_config>& tenant_fields() {
  static const fields<tenant_config> schema{
      text(&tenant_config::name, "name", 1, max_label_chars, "Display name."),
      text(&tenant_config::language, "language", 1, 35,
           "Language of replies (a BCP 47 tag such as `en` or `pt-BR`), told to the LLM.",
           check_no_whitespace),
      text(&tenant_config::tone, "tone", 0, max_label_chars, "Tone of replies, told to the LLM."),
      text(&tenant_config::neutral_response, "neutral_response", 1, max_response_chars,
           "Cold answer to a security violation; never quotes the message."),
      text(&tenant_config::out_of_scope_response, "out_of_scope_response", 1, max_response_chars,
           "Answer to an out-of-scope message."),
      text_list(&tenant_config::allow_phrases, "allow_phrases", max_phrases, max_phrase_chars,
                false, "Phrases that never trip a rule (e.g. `court shoes`)."),
      object(&tenant_config::restricted, "restricted", restricted_fields(),
             "Built-in restricted domains, each on or off."),
      text_list(&tenant_config::forbidden_topics, "forbidden_topics", max_phrases, max_phrase_chars,
                false, "Words or phrases that make a message out of scope."),
      object_list(&tenant_config::intent_rules, "intent_rules", max_intent_rules,
                  intent_rule_fields(),
                  "The built-in responder's rules and the LLM's intent list. The `default` tenant "
                  "of a fresh data dir starts with greeting, order_status, returns, "
                  "opening_hours and pricing."),
      number(&tenant_config::auto_send_threshold, "auto_send_threshold", 0, 100,
             "Drafts whose confidence (0-100) is at least this are sent without human review."),
      number(&tenant_config::latency_budget_ms, "latency_budget_ms", 1, 600'000,
             "Latency budget of one message, from receipt to draft; slower ones are audited as "
             "`Latency_Violation`."),
      number(&tenant_config::review_ttl_s, "review_ttl_s", 10, max_review_ttl_s,
             "Pending reviews older than this expire."),
      object(&tenant_config::llm, "llm", llm_fields(), "The LLM that drafts replies."),
      object(&tenant_config::whatsapp, "whatsapp", whatsapp_fields(),
             "WhatsApp Cloud API channel."),
      url(&tenant_config::outbound_webhook, "outbound_webhook", true,
          "For `/v1` tenants: URL that receives outgoing messages, signed."),
  };
  return schema;
}

} // namespace

tenant_config default_tenant_config() {
  tenant_config config;
  config.intent_rules = {
      {"greeting",
       {"hello", "hi", "hey", "good morning", "good afternoon", "good evening"},
       "Hello! How can I help you today?"},
      {"order_status",
       {"order status", "where is my order", "track my order", "tracking", "delivery", "shipped"},
       "I can check that for you. Please send your order number and we will look up its "
       "status."},
      {"returns",
       {"return", "refund", "exchange", "send back"},
       "We are happy to help with a return. Please send your order number and the item you "
       "would like to return, and we will guide you through the next steps."},
      {"opening_hours",
       {"opening hours", "open", "closed", "hours", "when are you"},
       "Our team answers messages Monday to Friday, 9:00 to 17:00. Messages sent outside those "
       "hours are answered on the next working day."},
      {"pricing",
       {"price", "pricing", "cost", "how much", "quote"},
       "Prices are listed on each product page. Tell me which product you are interested in and "
       "I will help with the details."},
  };
  return config;
}

std::optional<tenant_config> parse_tenant_config(const std::string& json_text, field_error& error) {
  json::parser parser;
  boost::system::error_code ec;
  auto consumed = parser.write(json_text, ec);
  if (ec) {
    fail(error, "",
         "Malformed JSON at offset " + std::to_string(consumed) + ": " + ec.message() + ".");
    return std::nullopt;
  }
  auto value = parser.release();
  tenant_config config;
  if (!read_object(value, config, tenant_fields(), "", error)) return std::nullopt;
  return config;
}

std::string to_json(const tenant_config& config) {
  return json::serialize(write_object(config, tenant_fields()));
}

bool valid_tenant_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

std::string render_tenant_markdown() {
  std::vector<doc_row> rows;
  document_object(tenant_fields(), "", tenant_config{}, rows);
  std::string out =
      "## Tenant config\n\n"
      "A tenant's config is one JSON object: `PUT /admin/tenants/{id}` takes it whole and "
      "`GET /admin/tenants/{id}` returns it with every field. In the node's TOML file a "
      "`[tenants.ID]` table holds the same fields. Missing fields take the defaults below; "
      "unknown fields, wrong types and out-of-range values are refused with `invalid_config` "
      "and the field's path (e.g. `intent_rules[2].reply`). Fields under `intent_rules[]` are "
      "required in each rule.\n\n"
      "| field | type | default | description |\n"
      "|---|---|---|---|\n";
  for (const auto& row : rows)
    out += "| `" + row.path + "` | " + escape_cell(row.type) + " | " + row.fallback + " | " +
           escape_cell(row.description) + " |\n";
  return out;
}

} // namespace crm::config
