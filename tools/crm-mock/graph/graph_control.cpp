// The Graph module's knobs under /mock/graph/: faults, sends, status, latency, config.

#include "control_json.hpp"
#include "graph/graph_module.hpp"
#include "graph/graph_replies.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <limits>

namespace crm::mock::graph {

namespace {

/// An optional integer field within [min, max]; false on a bad value.
bool read_int(const boost::json::object& body, std::string_view key, int64_t min, int64_t max,
              std::optional<int64_t>& out) {
  auto* v = body.if_contains(key);
  if (v == nullptr) return true;
  if (v->is_int64())
    out = v->get_int64();
  else if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(max))
    out = static_cast<int64_t>(v->get_uint64());
  else
    return false;
  return *out >= min && *out <= max;
}

/// An optional string field (null reads as empty); false on another type.
bool read_string(const boost::json::object& body, std::string_view key,
                 std::optional<std::string>& out) {
  auto* v = body.if_contains(key);
  if (v == nullptr) return true;
  if (v->is_null())
    out = std::string{};
  else if (v->is_string())
    out = std::string{v->get_string()};
  else
    return false;
  return true;
}

constexpr int64_t max_u32 = std::numeric_limits<uint32_t>::max();

} // namespace

bool graph_module::control(net::http_request& request, net::responder& reply) {
  const auto& path = request.path;
  if (path == "/mock/graph/faults") {
    reply(control_faults(request));
  } else if (path == "/mock/graph/sends") {
    if (request.method == "DELETE") sends_.clear();
    if (request.method == "GET" || request.method == "DELETE")
      reply(json_ok(request.method == "GET"
                        ? sends_.to_json()
                        : boost::json::object{{"sends", boost::json::array{}}}));
    else
      reply(method_not_allowed());
  } else if (path == "/mock/graph/status") {
    control_status(request, reply);
  } else if (path == "/mock/graph/latency") {
    reply(control_latency(request));
  } else if (path == "/mock/graph/config") {
    reply(control_config(request));
  } else {
    return false;
  }
  return true;
}

net::http_response graph_module::control_faults(const net::http_request& request) {
  if (request.method == "DELETE") {
    faults_.clear();
  } else if (request.method == "POST") {
    net::http_response error;
    auto body = object_body(request, error);
    if (!body) return error;
    auto* mode_value = body->if_contains("mode");
    auto mode = mode_value != nullptr && mode_value->is_string()
                    ? parse_fault_mode(mode_value->get_string())
                    : std::nullopt;
    if (!mode)
      return bad_field("mode", "'mode' must be one of: " + std::string{fault_mode_names()});
    std::optional<int64_t> count, retry_after, code, subcode;
    if (!read_int(*body, "count", 1, 1'000'000'000, count))
      return bad_field("count", "'count' must be a positive integer");
    if (!read_int(*body, "retry_after_s", 0, 86'400, retry_after))
      return bad_field("retry_after_s", "'retry_after_s' must be an integer in 0..86400");
    if (!read_int(*body, "code", 0, max_u32, code) || (*mode == fault_mode::meta_error && !code))
      return bad_field("code", "meta_error needs 'code', Meta's error code (e.g. 131047)");
    if (!read_int(*body, "error_subcode", 0, max_u32, subcode))
      return bad_field("error_subcode", "'error_subcode' must be a non-negative integer");
    graph_fault f{*mode, code.value_or(0), subcode, static_cast<uint32_t>(retry_after.value_or(1))};
    if (!faults_.push({encode_fault(f), f.retry_after_s}, static_cast<uint64_t>(count.value_or(1))))
      return net::json_error(409, "fault_queue_full", "too many queued fault entries");
  } else if (request.method != "GET") {
    return method_not_allowed();
  }
  return json_ok({{"queued", faults_.to_json()}});
}

net::http_response graph_module::control_latency(const net::http_request& request) {
  if (request.method == "PUT") {
    net::http_response error;
    auto body = object_body(request, error);
    if (!body) return error;
    std::optional<int64_t> ms, jitter;
    if (!read_int(*body, "ms", 0, max_u32, ms) || !ms)
      return bad_field("ms", "'ms' must be a non-negative integer");
    if (!read_int(*body, "jitter_ms", 0, max_u32, jitter))
      return bad_field("jitter_ms", "'jitter_ms' must be a non-negative integer");
    latency_.set(static_cast<uint32_t>(*ms), static_cast<uint32_t>(jitter.value_or(0)));
  } else if (request.method != "GET") {
    return method_not_allowed();
  }
  return json_ok({{"ms", latency_.ms()}, {"jitter_ms", latency_.jitter_ms()}});
}

boost::json::object graph_module::config_json() const {
  auto nullable = [](const std::string& s) {
    return s.empty() ? boost::json::value{} : boost::json::value(s);
  };
  std::lock_guard guard{mutex_};
  boost::json::array auto_status;
  for (const auto& s : current_.auto_status)
    auto_status.push_back(boost::json::string_view{s});
  return {
      {"token", nullable(current_.token)},           {"latency_ms", latency_.ms()},
      {"jitter_ms", latency_.jitter_ms()},           {"hang_timeout_ms", hang_timeout_ms_.load()},
      {"status_url", nullable(current_.status_url)}, {"app_secret", nullable(current_.app_secret)},
      {"auto_status", std::move(auto_status)}};
}

net::http_response graph_module::control_config(const net::http_request& request) {
  if (request.method == "GET") return json_ok(config_json());
  if (request.method != "PUT" && request.method != "PATCH") return method_not_allowed();
  net::http_response error;
  auto body = object_body(request, error);
  if (!body) return error;
  // Validate everything first: a rejected update changes nothing.
  std::optional<int64_t> ms, jitter, hang;
  std::optional<std::string> token, url, secret;
  std::optional<std::vector<std::string>> auto_status;
  for (const auto& [key, value] : *body) {
    bool ok = true;
    if (key == "latency_ms")
      ok = read_int(*body, key, 0, max_u32, ms);
    else if (key == "jitter_ms")
      ok = read_int(*body, key, 0, max_u32, jitter);
    else if (key == "hang_timeout_ms")
      ok = read_int(*body, key, 0, max_u32, hang);
    else if (key == "token")
      ok = read_string(*body, key, token);
    else if (key == "status_url")
      ok = read_string(*body, key, url);
    else if (key == "app_secret")
      ok = read_string(*body, key, secret);
    else if (key == "auto_status") {
      ok = value.is_array();
      auto_status.emplace();
      for (const auto& s : ok ? value.get_array() : boost::json::array{}) {
        if (!s.is_string() || !is_status_name(s.get_string()))
          ok = false;
        else
          auto_status->emplace_back(s.get_string());
      }
    } else {
      return bad_field(key, "unknown setting");
    }
    if (!ok) return bad_field(key, "bad value for '" + std::string{key} + "'");
  }

  if (ms || jitter)
    latency_.set(static_cast<uint32_t>(ms.value_or(latency_.ms())),
                 static_cast<uint32_t>(jitter.value_or(latency_.jitter_ms())));
  if (hang) hang_timeout_ms_.store(*hang);
  {
    std::lock_guard guard{mutex_};
    if (token) current_.token = *token;
    if (url) current_.status_url = *url;
    if (secret) current_.app_secret = *secret;
    if (auto_status) current_.auto_status = std::move(*auto_status);
  }
  return json_ok(config_json());
}

void graph_module::control_status(const net::http_request& request, net::responder& reply) {
  if (request.method == "GET") {
    boost::json::array deliveries;
    {
      std::lock_guard guard{mutex_};
      for (const auto& d : deliveries_)
        deliveries.push_back(d);
    }
    return reply(json_ok({{"deliveries", std::move(deliveries)}}));
  }
  if (request.method != "POST") return reply(method_not_allowed());
  net::http_response error;
  auto body = object_body(request, error);
  if (!body) return reply(std::move(error));

  std::optional<std::string> url, secret, wamid, status, recipient, phone_id, display, waba;
  std::optional<int64_t> error_code, timestamp;
  for (auto [key, out] : {std::pair{"url", &url},
                          {"app_secret", &secret},
                          {"wamid", &wamid},
                          {"status", &status},
                          {"recipient_id", &recipient},
                          {"phone_number_id", &phone_id},
                          {"display_phone_number", &display},
                          {"waba_id", &waba}})
    if (!read_string(*body, key, *out))
      return reply(bad_field(key, "'" + std::string{key} + "' must be a string"));
  if (!read_int(*body, "error_code", 0, max_u32, error_code))
    return reply(bad_field("error_code", "'error_code' must be Meta's integer error code"));
  if (!read_int(*body, "timestamp", 0, std::numeric_limits<int64_t>::max(), timestamp))
    return reply(bad_field("timestamp", "'timestamp' must be Unix seconds"));
  if (!wamid || wamid->empty()) return reply(bad_field("wamid", "'wamid' is required"));
  if (!status || !is_status_name(*status))
    return reply(bad_field("status", "'status' must be sent, delivered, read or failed"));

  // Unset fields default from the send that answered this wamid, then from the config.
  auto sent = sends_.find(*wamid);
  status_update update;
  update.wamid = *wamid;
  update.status = *status;
  update.recipient_id = recipient ? *recipient : sent ? sent->to : std::string{};
  update.recipient_id.erase(
      std::remove(update.recipient_id.begin(), update.recipient_id.end(), '+'),
      update.recipient_id.end());
  update.phone_number_id = phone_id ? *phone_id : sent ? sent->phone_number_id : "mock-phone-id";
  if (display) update.display_phone_number = *display;
  if (waba) update.waba_id = *waba;
  update.error_code = error_code;
  // Fixed here so the body posted and the `sent` echoed in the answer are the same.
  update.timestamp = timestamp.value_or(std::chrono::duration_cast<std::chrono::seconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  {
    std::lock_guard guard{mutex_};
    if (!url || url->empty()) url = current_.status_url;
    if (!secret) secret = current_.app_secret;
  }
  if (url->empty())
    return reply(bad_field("url", "'url' is required (no --graph-status-url configured)"));

  auto payload = status_webhook_body(update);
  bool queued = send_status(*url, *secret, update, [reply, payload](const delivery_result& result) {
    if (result.ec)
      return reply(net::json_error(502, "webhook_failed",
                                   "posting the status failed: " + result.ec.message()));
    reply(json_ok(
        {{"status", result.status}, {"body", result.body}, {"sent", boost::json::parse(payload)}}));
  });
  if (!queued)
    reply(net::json_error(503, "webhook_queue_full", "too many status webhooks waiting"));
}

} // namespace crm::mock::graph
