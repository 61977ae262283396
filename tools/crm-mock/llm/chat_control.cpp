// The LLM module's knobs under /mock/: script, latency, faults, config.

#include "control_json.hpp"
#include "llm/chat_module.hpp"
#include "llm/chat_replies.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <limits>

namespace crm::mock::llm {

namespace {

/// Reads an optional non-negative integer field (at most uint32 max); false on a bad value.
bool read_count(const boost::json::object& body, std::string_view key, uint64_t max,
                std::optional<uint64_t>& out) {
  auto* v = body.if_contains(key);
  if (v == nullptr) return true;
  if (v->is_uint64())
    out = v->get_uint64();
  else if (v->is_int64() && v->get_int64() >= 0)
    out = static_cast<uint64_t>(v->get_int64());
  else
    return false;
  return *out <= max;
}

constexpr uint64_t max_u32 = std::numeric_limits<uint32_t>::max();

} // namespace

bool chat_module::control(net::http_request& request, net::responder& reply) {
  const auto& path = request.path;
  if (path == "/mock/script")
    reply(control_script(request));
  else if (path == "/mock/latency")
    reply(control_latency(request));
  else if (path == "/mock/faults")
    reply(control_faults(request));
  else if (path == "/mock/config")
    reply(control_config(request));
  else
    return false;
  return true;
}

net::http_response chat_module::control_script(const net::http_request& request) {
  if (request.method == "GET") return json_ok(script()->to_json());
  if (request.method != "PUT") return method_not_allowed();
  boost::system::error_code ec;
  auto value = boost::json::parse(request.body, ec);
  if (ec) return net::json_error(400, "invalid_json", "the body is not JSON");
  std::string error;
  auto parsed = answer_script::parse(value, error);
  if (!parsed) return net::json_error(400, "invalid_script", error);
  auto fresh = std::make_shared<const answer_script>(std::move(*parsed));
  auto rules = fresh->rule_count();
  {
    std::lock_guard guard{mutex_};
    script_ = std::move(fresh);
  }
  return json_ok({{"rules", rules}});
}

net::http_response chat_module::control_latency(const net::http_request& request) {
  if (request.method == "PUT") {
    net::http_response error;
    auto body = object_body(request, error);
    if (!body) return error;
    std::optional<uint64_t> ms, jitter;
    if (!read_count(*body, "ms", max_u32, ms) || !ms)
      return bad_field("ms", "'ms' must be a non-negative integer");
    if (!read_count(*body, "jitter_ms", max_u32, jitter))
      return bad_field("jitter_ms", "'jitter_ms' must be a non-negative integer");
    latency_.set(static_cast<uint32_t>(*ms), static_cast<uint32_t>(jitter.value_or(0)));
  } else if (request.method != "GET") {
    return method_not_allowed();
  }
  return json_ok({{"ms", latency_.ms()}, {"jitter_ms", latency_.jitter_ms()}});
}

net::http_response chat_module::control_faults(const net::http_request& request) {
  if (request.method == "DELETE") {
    faults_.clear();
  } else if (request.method == "POST") {
    net::http_response error;
    auto body = object_body(request, error);
    if (!body) return error;
    auto* mode = body->if_contains("mode");
    if (mode == nullptr || !mode->is_string() || !parse_fault_mode(mode->get_string()))
      return bad_field("mode", "'mode' must be one of: " + std::string{fault_mode_names()});
    std::optional<uint64_t> count, retry_after;
    if (!read_count(*body, "count", 1'000'000'000, count) || count == 0u)
      return bad_field("count", "'count' must be a positive integer");
    if (!read_count(*body, "retry_after_s", 86'400, retry_after))
      return bad_field("retry_after_s", "'retry_after_s' must be an integer in 0..86400");
    fault what{std::string{mode->get_string()}, static_cast<uint32_t>(retry_after.value_or(1))};
    if (!faults_.push(std::move(what), count.value_or(1)))
      return net::json_error(409, "fault_queue_full", "too many queued fault entries");
  } else if (request.method != "GET") {
    return method_not_allowed();
  }
  return json_ok({{"queued", faults_.to_json()}});
}

boost::json::object chat_module::config_json() const {
  auto key = api_key();
  return {{"latency_ms", latency_.ms()},
          {"jitter_ms", latency_.jitter_ms()},
          {"require_api_key", key.empty() ? boost::json::value{} : boost::json::value(key)},
          {"hang_timeout_ms", hang_timeout_ms_.load()},
          {"rules", script()->rule_count()}};
}

net::http_response chat_module::control_config(const net::http_request& request) {
  if (request.method == "GET") return json_ok(config_json());
  if (request.method != "PUT" && request.method != "PATCH") return method_not_allowed();
  net::http_response error;
  auto body = object_body(request, error);
  if (!body) return error;
  // Validate everything first: a rejected update changes nothing.
  std::optional<uint64_t> ms, jitter, hang;
  if (!read_count(*body, "latency_ms", max_u32, ms))
    return bad_field("latency_ms", "'latency_ms' must be a non-negative integer");
  if (!read_count(*body, "jitter_ms", max_u32, jitter))
    return bad_field("jitter_ms", "'jitter_ms' must be a non-negative integer");
  if (!read_count(*body, "hang_timeout_ms", max_u32, hang))
    return bad_field("hang_timeout_ms", "'hang_timeout_ms' must be a non-negative integer");
  auto* key = body->if_contains("require_api_key");
  if (key != nullptr && !key->is_string() && !key->is_null())
    return bad_field("require_api_key", "'require_api_key' must be a string or null");
  for (const auto& [name, value] : *body)
    if (name != "latency_ms" && name != "jitter_ms" && name != "hang_timeout_ms" &&
        name != "require_api_key")
      return bad_field(name, "unknown setting");

  if (ms || jitter)
    latency_.set(static_cast<uint32_t>(ms.value_or(latency_.ms())),
                 static_cast<uint32_t>(jitter.value_or(latency_.jitter_ms())));
  if (hang) hang_timeout_ms_.store(static_cast<int64_t>(*hang));
  if (key != nullptr) {
    std::lock_guard guard{mutex_};
    api_key_ = key->is_string() ? std::string{key->get_string()} : std::string{};
  }
  return json_ok(config_json());
}

} // namespace crm::mock::llm
