// The plain ingest API for any system: `POST /v1/messages` and `GET /v1/messages/{event_token}`.

#include "actors/api/auth.hpp"
#include "actors/api/ingest_bridge.hpp"
#include "actors/api/json_io.hpp"
#include "actors/api/router.hpp"
#include "actors/tokens.hpp"
#include "net/metrics.hpp"
#include "store/audit_json.hpp"

namespace crm::api {

namespace {

constexpr size_t max_text_chars = 4096;
constexpr size_t max_id_bytes = 256;

net::http_response duplicate_response(const std::string& event_token) {
  return json_response(200, {{"event_token", event_token}, {"duplicate", true}});
}

void post_message(api_context& context, net::http_request& request, const path_params&,
                  net::responder respond) {
  auto credential = find_credential(context, request, "ingest");
  if (!credential)
    return respond(unauthorized("A valid ingest key is required (Authorization: Bearer <key>)."));
  net::http_response error;
  auto body = parse_object(request.body, error);
  if (!body) return respond(std::move(error));
  auto tenant = required_string(*body, "tenant", error);
  if (!tenant) return respond(std::move(error));
  auto customer_id = required_string(*body, "customer_id", error);
  if (!customer_id) return respond(std::move(error));
  auto message_id = required_string(*body, "message_id", error);
  if (!message_id) return respond(std::move(error));
  auto text = required_string(*body, "text", error);
  if (!text) return respond(std::move(error));
  if (*tenant != credential->tenant)
    return respond(net::json_error(403, "forbidden", "This ingest key belongs to another tenant."));
  if (customer_id->size() > max_id_bytes || message_id->size() > max_id_bytes)
    return respond(
        net::json_error(400, "invalid_field", "customer_id and message_id are at most 256 bytes.",
                        customer_id->size() > max_id_bytes ? "customer_id" : "message_id"));
  if (utf8_length(*text) > max_text_chars)
    return respond(
        net::json_error(400, "text_too_long", "text is at most 4096 characters.", "text"));
  if (!context.tenants->find(*tenant))
    return respond(net::json_error(404, "unknown_tenant", "No such tenant."));
  // A known duplicate is answered without credits, even under overload; the writer still
  // dedupes atomically for copies that race each other.
  if (auto original = context.store->find_duplicate(*tenant, *message_id)) {
    count_outcomes({{*original, true}});
    return respond(duplicate_response(*original));
  }
  store::inbound_message message;
  message.event_token = new_event_token();
  message.tenant = std::move(*tenant);
  message.channel = "api";
  message.message_id = std::move(*message_id);
  message.customer_id = std::move(*customer_id);
  message.type = "text";
  message.text = std::move(*text);
  message.received_at_ms = now_ms();
  auto done = [respond](std::vector<store::ingest_outcome> outcomes, std::error_code ec) {
    if (ec) return respond(store_error(ec));
    count_outcomes(outcomes);
    const auto& outcome = outcomes.front();
    if (outcome.duplicate) return respond(duplicate_response(outcome.event_token));
    respond(json_response(202, {{"event_token", outcome.event_token}, {"state", "received"}}));
  };
  std::vector<store::inbound_message> messages;
  messages.push_back(std::move(message));
  if (submit_ingest(context, std::move(messages), {}, std::move(done)) ==
      submit_result::overloaded) {
    static auto& rejections = net::default_registry().get_counter(
        "crmd_admission_rejections_total", "Requests refused for lack of admission credits",
        {{"route", "ingest"}});
    rejections.inc();
    auto response = net::json_error(429, "overloaded", "The node is at capacity; retry later.");
    response.headers.emplace_back("Retry-After", "1");
    respond(std::move(response));
  }
}

void get_message(api_context& context, net::http_request& request, const path_params& params,
                 net::responder respond) {
  const auto& token = params.find("event_token")->second;
  bool admin = is_admin(context, request);
  auto credential = admin ? std::nullopt : find_credential(context, request, "ingest");
  if (!admin && !credential)
    return respond(unauthorized("An ingest key or the admin token is required."));
  auto message = context.store->find_message(token);
  // Another tenant's message is reported as absent: its existence is not ours to reveal.
  if (!message || (credential && credential->tenant != message->tenant))
    return respond(net::json_error(404, "not_found", "No message with this event token."));
  boost::json::object out;
  out["event_token"] = message->event_token;
  out["tenant"] = message->tenant;
  out["customer_id"] = message->customer_id;
  out["channel"] = message->channel;
  out["message_id"] = message->message_id;
  out["type"] = message->type;
  out["received_at"] = store::iso8601_utc(message->received_at_ms);
  std::string state, classification, draft, reply;
  boost::json::array history;
  for (auto& record : context.store->history(token)) {
    state = record.state;
    if (!record.classification.empty()) classification = record.classification;
    if (record.state == "drafted") draft = record.output_message;
    if (record.state == "sent") reply = record.output_message;
    history.push_back({{"state", record.state}, {"at", store::iso8601_utc(record.at_ms)}});
  }
  auto or_null = [](const std::string& s) -> boost::json::value {
    if (s.empty()) return nullptr;
    return boost::json::value(s);
  };
  out["state"] = state;
  out["classification"] = or_null(classification);
  out["draft"] = or_null(draft);
  out["reply"] = or_null(reply);
  out["history"] = std::move(history);
  respond(json_response(200, out));
}

} // namespace

void add_message_routes(std::vector<route>& routes) {
  routes.push_back({"POST", "/v1/messages", post_message});
  routes.push_back({"GET", "/v1/messages/{event_token}", get_message});
}

} // namespace crm::api
