#include "config/tenant_config.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace crm::config;
namespace json = boost::json;

/// Parses `text` and returns the error's field path, or "<ok>" when it parsed.
std::string error_field(const std::string& text) {
  field_error error;
  if (parse_tenant_config(text, error)) return "<ok>";
  EXPECT_FALSE(error.detail.empty()) << text;
  return error.field;
}

/// `{"<key>": <value>}` with a nested key spelled `a.b` turned into `{"a": {"b": <value>}}`.
std::string with(const std::string& key, const std::string& value) {
  auto dot = key.find('.');
  if (dot == std::string::npos) return "{\"" + key + "\":" + value + "}";
  return "{\"" + key.substr(0, dot) + "\":" + with(key.substr(dot + 1), value) + "}";
}

std::string quoted(const std::string& s) {
  return json::serialize(json::value(s));
}

std::string list_of(size_t n, const std::string& item) {
  std::string out = "[";
  for (size_t i = 0; i < n; ++i) {
    out += i ? "," : "";
    out += quoted(item);
  }
  return out + "]";
}

std::string repeat(size_t n, const std::string& s) {
  std::string out;
  for (size_t i = 0; i < n; ++i)
    out += s;
  return out;
}

tenant_config every_field_changed() {
  tenant_config c;
  c.name = "ACME \"Shoes\"";
  c.language = "pt-BR";
  c.tone = "warm";
  c.neutral_response = "Não posso ajudar com isso.";
  c.out_of_scope_response = "Only shoes here.\nSorry.";
  c.allow_phrases = {"court shoes", "bill of lading"};
  c.restricted = {false, true, false, true};
  c.forbidden_topics = {"crypto", "weather"};
  c.intent_rules = {{"a_1", {"x", "y z"}, "r1"}, {"b", {"q"}, "r2"}};
  c.auto_send_threshold = 0;
  c.latency_budget_ms = 600'000;
  c.review_ttl_s = 10;
  c.llm = {"https://llm.example/v1", "m", "llm_key", 100, 1'024};
  c.whatsapp = {"123", "http://127.0.0.1:9999", "a", "b", "c"};
  c.outbound_webhook = "https://hooks.example/out";
  return c;
}

// -- defaults -------------------------------------------------------------------------------------

TEST(tenant_config, empty_object_takes_every_default) {
  field_error error;
  auto config = parse_tenant_config("{}", error);
  ASSERT_TRUE(config) << error.field << ": " << error.detail;
  EXPECT_EQ(*config, tenant_config{});
}

TEST(tenant_config, default_tenant_matches_the_fresh_install_contract) {
  auto c = default_tenant_config();
  EXPECT_EQ(c.neutral_response, "I can only help with questions about our products and services.");
  EXPECT_EQ(c.auto_send_threshold, 80u);
  EXPECT_TRUE(c.restricted.political && c.restricted.legal && c.restricted.medical &&
              c.restricted.injection);
  EXPECT_TRUE(c.llm.base_url.empty()) << "the built-in responder answers";
  std::vector<std::string> intents;
  for (const auto& rule : c.intent_rules) {
    intents.push_back(rule.intent);
    EXPECT_FALSE(rule.keywords.empty()) << rule.intent;
    EXPECT_FALSE(rule.reply.empty()) << rule.intent;
  }
  EXPECT_EQ(intents, (std::vector<std::string>{"greeting", "order_status", "returns",
                                               "opening_hours", "pricing"}));
}

TEST(tenant_config, default_tenant_passes_its_own_validation) {
  field_error error;
  auto parsed = parse_tenant_config(to_json(default_tenant_config()), error);
  ASSERT_TRUE(parsed) << error.field << ": " << error.detail;
  EXPECT_EQ(*parsed, default_tenant_config());
}

// -- JSON form ------------------------------------------------------------------------------------

TEST(tenant_config, round_trip_preserves_every_field) {
  auto original = every_field_changed();
  field_error error;
  auto parsed = parse_tenant_config(to_json(original), error);
  ASSERT_TRUE(parsed) << error.field << ": " << error.detail;
  EXPECT_EQ(*parsed, original);
  EXPECT_EQ(to_json(*parsed), to_json(original));
}

TEST(tenant_config, to_json_writes_every_key_in_a_fixed_order) {
  auto object = json::parse(to_json(tenant_config{})).as_object();
  std::vector<std::string> keys;
  for (const auto& member : object)
    keys.emplace_back(member.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "name", "language", "tone", "neutral_response", "out_of_scope_response",
                      "allow_phrases", "restricted", "forbidden_topics", "intent_rules",
                      "auto_send_threshold", "latency_budget_ms", "review_ttl_s", "llm", "whatsapp",
                      "outbound_webhook"}));
  EXPECT_EQ(object.at("llm").as_object().size(), 5u);
  EXPECT_EQ(object.at("whatsapp").as_object().size(), 5u);
  EXPECT_EQ(object.at("restricted").as_object().size(), 4u);
  // Key order in the input does not matter: the output is canonical.
  field_error error;
  auto reordered = parse_tenant_config(R"({"tone":"x","name":"y"})", error);
  ASSERT_TRUE(reordered);
  EXPECT_LT(to_json(*reordered).find("\"name\""), to_json(*reordered).find("\"tone\""));
}

TEST(tenant_config, malformed_json_is_an_error_without_a_field) {
  field_error error;
  EXPECT_FALSE(parse_tenant_config(R"({"name": "x",})", error));
  EXPECT_EQ(error.field, "");
  EXPECT_NE(error.detail.find("Malformed JSON"), std::string::npos) << error.detail;
  EXPECT_EQ(error_field(""), "");
  EXPECT_EQ(error_field("{} {}"), "");
  EXPECT_EQ(error_field("[]"), "") << "the config must be an object";
  EXPECT_EQ(error_field("\"name\""), "");
}

// -- errors name the field ------------------------------------------------------------------------

TEST(tenant_config, unknown_keys_are_named_by_their_path) {
  EXPECT_EQ(error_field(R"({"bogus": 1})"), "bogus");
  EXPECT_EQ(error_field(R"({"llm": {"base_ul": "http://x"}})"), "llm.base_ul");
  EXPECT_EQ(error_field(R"({"restricted": {"religion": true}})"), "restricted.religion");
  EXPECT_EQ(error_field(R"({"whatsapp": {"token": "x"}})"), "whatsapp.token");
  EXPECT_EQ(error_field(R"({"intent_rules": [{"intent":"a","keywords":["k"],"reply":"r","x":1}]})"),
            "intent_rules[0].x");
}

TEST(tenant_config, wrong_types_are_named_by_their_path) {
  EXPECT_EQ(error_field(R"({"name": 5})"), "name");
  EXPECT_EQ(error_field(R"({"restricted": true})"), "restricted");
  EXPECT_EQ(error_field(R"({"restricted": {"legal": "yes"}})"), "restricted.legal");
  EXPECT_EQ(error_field(R"({"auto_send_threshold": "80"})"), "auto_send_threshold");
  EXPECT_EQ(error_field(R"({"auto_send_threshold": 80.0})"), "auto_send_threshold");
  EXPECT_EQ(error_field(R"({"auto_send_threshold": null})"), "auto_send_threshold");
  EXPECT_EQ(error_field(R"({"forbidden_topics": "crypto"})"), "forbidden_topics");
  EXPECT_EQ(error_field(R"({"forbidden_topics": ["ok", 1]})"), "forbidden_topics[1]");
  EXPECT_EQ(error_field(R"({"intent_rules": {}})"), "intent_rules");
  EXPECT_EQ(error_field(R"({"intent_rules": ["greeting"]})"), "intent_rules[0]");
  EXPECT_EQ(error_field(R"({"llm": []})"), "llm");
  EXPECT_EQ(error_field(R"({"llm": {"timeout_ms": true}})"), "llm.timeout_ms");
}

TEST(tenant_config, numbers_are_checked_against_their_ranges) {
  struct probe {
    std::string key;
    std::string value;
    bool ok;
  };
  for (const auto& p : std::vector<probe>{
           {"auto_send_threshold", "-1", false},
           {"auto_send_threshold", "0", true},
           {"auto_send_threshold", "100", true},
           {"auto_send_threshold", "101", false},
           {"latency_budget_ms", "0", false},
           {"latency_budget_ms", "1", true},
           {"latency_budget_ms", "600000", true},
           {"latency_budget_ms", "600001", false},
           {"review_ttl_s", "9", false},
           {"review_ttl_s", "10", true},
           {"review_ttl_s", "2592000", true},
           {"review_ttl_s", "2592001", false},
           {"llm.timeout_ms", "99", false},
           {"llm.timeout_ms", "100", true},
           {"llm.timeout_ms", "600000", true},
           {"llm.timeout_ms", "600001", false},
           {"llm.max_in_flight", "0", false},
           {"llm.max_in_flight", "1", true},
           {"llm.max_in_flight", "1024", true},
           {"llm.max_in_flight", "1025", false},
           {"review_ttl_s", "18446744073709551615", false},
       }) {
    auto text = with(p.key, p.value);
    EXPECT_EQ(error_field(text), p.ok ? "<ok>" : p.key) << text;
  }
}

TEST(tenant_config, responses_must_be_non_empty_and_at_most_1000_chars) {
  EXPECT_EQ(error_field(with("neutral_response", R"("")")), "neutral_response");
  EXPECT_EQ(error_field(with("neutral_response", R"("   ")")), "neutral_response");
  EXPECT_EQ(error_field(with("neutral_response", quoted(repeat(1000, "a")))), "<ok>");
  EXPECT_EQ(error_field(with("neutral_response", quoted(repeat(1001, "a")))), "neutral_response");
  // Characters, not bytes: 1000 two-byte characters fit.
  EXPECT_EQ(error_field(with("neutral_response", quoted(repeat(1000, "é")))), "<ok>");
  EXPECT_EQ(error_field(with("out_of_scope_response", R"("")")), "out_of_scope_response");
}

TEST(tenant_config, phrase_lists_bound_entries_and_their_length) {
  for (std::string key : {"forbidden_topics", "allow_phrases"}) {
    EXPECT_EQ(error_field(with(key, "[]")), "<ok>");
    EXPECT_EQ(error_field(with(key, list_of(1, repeat(200, "x")))), "<ok>");
    EXPECT_EQ(error_field(with(key, list_of(1, repeat(201, "x")))), key + "[0]");
    EXPECT_EQ(error_field(with(key, R"(["a", ""])")), key + "[1]");
    EXPECT_EQ(error_field(with(key, R"(["a", "b", " "])")), key + "[2]");
    EXPECT_EQ(error_field(with(key, list_of(10'000, "x"))), "<ok>");
    EXPECT_EQ(error_field(with(key, list_of(10'001, "x"))), key);
  }
}

TEST(tenant_config, intent_rules_are_validated_field_by_field) {
  auto rules = [](const std::string& third) {
    return std::string{R"({"intent_rules": [)"} +
           R"({"intent":"a","keywords":["k"],"reply":"r"},)" +
           R"({"intent":"b","keywords":["k"],"reply":"r"},)" + third + "]}";
  };
  EXPECT_EQ(error_field(rules(R"({"intent":"c_1","keywords":["k"],"reply":"r"})")), "<ok>");
  EXPECT_EQ(error_field(rules(R"({"intent":"c","keywords":["k"],"reply":""})")),
            "intent_rules[2].reply");
  EXPECT_EQ(error_field(rules(R"({"intent":"c","keywords":["k"]})")), "intent_rules[2].reply");
  EXPECT_EQ(error_field(rules(R"({"keywords":["k"],"reply":"r"})")), "intent_rules[2].intent");
  EXPECT_EQ(error_field(rules(R"({"intent":"","keywords":["k"],"reply":"r"})")),
            "intent_rules[2].intent");
  EXPECT_EQ(error_field(rules(R"({"intent":"Order-Status","keywords":["k"],"reply":"r"})")),
            "intent_rules[2].intent");
  EXPECT_EQ(error_field(rules(R"({"intent":"c","keywords":[],"reply":"r"})")),
            "intent_rules[2].keywords");
  EXPECT_EQ(error_field(rules(R"({"intent":"c","reply":"r"})")), "intent_rules[2].keywords");
  EXPECT_EQ(error_field(rules(R"({"intent":"c","keywords":["k",""],"reply":"r"})")),
            "intent_rules[2].keywords[1]");
  EXPECT_EQ(error_field(rules(R"({"intent":"c","keywords":["k"],"reply":)" +
                              quoted(repeat(4097, "r")) + "}")),
            "intent_rules[2].reply");
}

TEST(tenant_config, urls_must_be_http_or_https) {
  EXPECT_EQ(error_field(with("llm.base_url", R"("")")), "<ok>");
  EXPECT_EQ(error_field(with("llm.base_url", R"("http://127.0.0.1:1234/v1")")), "<ok>");
  EXPECT_EQ(error_field(with("llm.base_url", R"("https://api.openai.com/v1")")), "<ok>");
  for (auto bad : {R"("ftp://x")", R"("https://")", R"("http://a b")", R"("127.0.0.1:1234")",
                   R"("http:///path")"})
    EXPECT_EQ(error_field(with("llm.base_url", bad)), "llm.base_url") << bad;
  EXPECT_EQ(error_field(with("whatsapp.graph_base_url", R"("")")), "whatsapp.graph_base_url");
  EXPECT_EQ(error_field(with("whatsapp.graph_base_url", R"("graph.facebook.com")")),
            "whatsapp.graph_base_url");
  EXPECT_EQ(error_field(with("outbound_webhook", R"("")")), "<ok>");
  EXPECT_EQ(error_field(with("outbound_webhook", R"("http://hooks.local/x")")), "<ok>");
  EXPECT_EQ(error_field(with("outbound_webhook", R"("hooks.local/x")")), "outbound_webhook");
}

TEST(tenant_config, secret_names_are_names) {
  EXPECT_EQ(error_field(with("llm.api_key_secret", R"("")")), "<ok>");
  EXPECT_EQ(error_field(with("llm.api_key_secret", R"("openai key")")), "llm.api_key_secret");
  EXPECT_EQ(error_field(with("whatsapp.app_secret_secret", R"("")")), "whatsapp.app_secret_secret");
}

TEST(tenant_config, first_error_in_document_order_is_reported) {
  EXPECT_EQ(error_field(R"({"tone": "ok", "review_ttl_s": 1, "bogus": 2})"), "review_ttl_s");
}

// -- ids and docs ---------------------------------------------------------------------------------

TEST(tenant_config, tenant_ids_are_short_lower_case_words) {
  for (auto id : {"default", "acme", "a", "shop-2_eu"})
    EXPECT_TRUE(valid_tenant_id(id)) << id;
  EXPECT_TRUE(valid_tenant_id(std::string(64, 'x')));
  for (auto id : {"", "ACME", "a b", "a/b", "a.b", "é"})
    EXPECT_FALSE(valid_tenant_id(id)) << id;
  EXPECT_FALSE(valid_tenant_id(std::string(65, 'x')));
}

TEST(tenant_config, markdown_documents_every_field) {
  auto doc = render_tenant_markdown();
  for (auto path : {"name",
                    "language",
                    "tone",
                    "neutral_response",
                    "out_of_scope_response",
                    "allow_phrases",
                    "restricted",
                    "restricted.political",
                    "restricted.injection",
                    "forbidden_topics",
                    "intent_rules",
                    "intent_rules[].intent",
                    "intent_rules[].keywords",
                    "intent_rules[].reply",
                    "auto_send_threshold",
                    "latency_budget_ms",
                    "review_ttl_s",
                    "llm",
                    "llm.base_url",
                    "llm.model",
                    "llm.api_key_secret",
                    "llm.timeout_ms",
                    "llm.max_in_flight",
                    "whatsapp",
                    "whatsapp.phone_number_id",
                    "whatsapp.graph_base_url",
                    "whatsapp.app_secret_secret",
                    "whatsapp.access_token_secret",
                    "whatsapp.verify_token_secret",
                    "outbound_webhook"})
    EXPECT_NE(doc.find(std::string{"| `"} + path + "` |"), std::string::npos) << path;
  EXPECT_NE(doc.find("| `auto_send_threshold` | integer 0-100 | `80` |"), std::string::npos);
}

} // namespace
