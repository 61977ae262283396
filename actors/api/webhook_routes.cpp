// WhatsApp Cloud API webhooks: Meta's verification handshake and signed event deliveries.

#include "actors/api/ingest_bridge.hpp"
#include "actors/api/json_io.hpp"
#include "actors/api/router.hpp"
#include "actors/tokens.hpp"
#include "net/metrics.hpp"
#include "net/signature.hpp"
#include "net/whatsapp_webhook.hpp"

#include <openssl/crypto.h>

namespace crm::api {

namespace {

net::http_response overloaded_webhook() {
  // Meta retries a failed delivery, so shedding here loses nothing.
  auto response = net::json_error(503, "overloaded", "The node is at capacity; retry later.");
  response.headers.emplace_back("Retry-After", "1");
  return response;
}

void handshake(api_context& context, net::http_request& request, const path_params& params,
               net::responder respond) {
  auto tenant = context.tenants->find(params.find("tenant")->second);
  if (!tenant) return respond(net::json_error(404, "unknown_tenant", "No such tenant."));
  auto mode = request.query_param("hub.mode");
  auto token = request.query_param("hub.verify_token");
  auto challenge = request.query_param("hub.challenge");
  const auto& expected = tenant->verify_token;
  bool token_ok = !expected.empty() && token.size() == expected.size() &&
                  CRYPTO_memcmp(token.data(), expected.data(), expected.size()) == 0;
  if (mode != "subscribe" || !token_ok)
    return respond(net::json_error(403, "forbidden", "Verification token or mode is wrong."));
  net::http_response response;
  response.content_type = "text/plain";
  response.body = std::string{challenge};
  respond(std::move(response));
}

store::inbound_message to_inbound(const std::string& tenant, net::webhook_message& m, int64_t now) {
  store::inbound_message message;
  message.event_token = new_event_token();
  message.tenant = tenant;
  message.channel = "whatsapp";
  message.message_id = std::move(m.id);
  message.customer_id = std::move(m.from);
  message.type = std::move(m.type);
  message.text = std::move(m.text);
  message.received_at_ms = now;
  return message;
}

store::audit_record to_status_record(const std::string& tenant, net::webhook_status& s,
                                     int64_t now) {
  store::audit_record record;
  record.at_ms = now;
  record.tenant = tenant;
  record.client_id = std::move(s.recipient_id);
  record.state = "delivery_status";
  record.channel = "whatsapp";
  record.message_id = std::move(s.id);
  record.reason = s.error_code.empty() ? s.status : s.status + ":" + s.error_code;
  record.actor = "whatsapp";
  return record;
}

void deliver(api_context& context, net::http_request& request, const path_params& params,
             net::responder respond) {
  const auto& tenant_id = params.find("tenant")->second;
  auto tenant = context.tenants->find(tenant_id);
  if (!tenant) return respond(net::json_error(404, "unknown_tenant", "No such tenant."));
  if (tenant->app_secret.empty())
    return respond(net::json_error(401, "bad_signature",
                                   "This tenant has no WhatsApp app secret configured; webhooks "
                                   "are refused until it is set."));
  if (!net::verify_hub_signature(tenant->app_secret, request.body,
                                 request.header("x-hub-signature-256")))
    return respond(net::json_error(401, "bad_signature",
                                   "X-Hub-Signature-256 is missing or does not match the body."));
  auto parsed = net::parse_whatsapp_webhook(request.body);
  switch (parsed.error) {
  case net::webhook_parse_error::none:
    break;
  case net::webhook_parse_error::malformed_json:
    return respond(net::json_error(400, "malformed_json", parsed.detail));
  case net::webhook_parse_error::missing_field:
    return respond(net::json_error(400, "missing_field", parsed.detail));
  case net::webhook_parse_error::not_whatsapp:
    return respond(net::json_error(400, "unsupported_object", parsed.detail));
  }
  auto now = now_ms();
  std::vector<store::inbound_message> messages;
  messages.reserve(parsed.batch.messages.size());
  for (auto& m : parsed.batch.messages)
    messages.push_back(to_inbound(tenant_id, m, now));
  std::vector<store::audit_record> statuses;
  statuses.reserve(parsed.batch.statuses.size());
  for (auto& s : parsed.batch.statuses)
    statuses.push_back(to_status_record(tenant_id, s, now));
  if (messages.empty() && statuses.empty())
    return respond(json_response(
        200, {{"status", "ok"}, {"messages", 0}, {"duplicates", 0}, {"statuses", 0}}));
  auto status_count = statuses.size();
  auto done = [respond, status_count](std::vector<store::ingest_outcome> outcomes,
                                      std::error_code ec) {
    if (ec) return respond(store_error(ec));
    count_outcomes(outcomes);
    size_t duplicates = 0;
    for (auto& o : outcomes)
      duplicates += o.duplicate ? 1 : 0;
    respond(json_response(200, {{"status", "ok"},
                                {"messages", outcomes.size() - duplicates},
                                {"duplicates", duplicates},
                                {"statuses", status_count}}));
  };
  if (submit_ingest(context, std::move(messages), std::move(statuses), std::move(done)) ==
      submit_result::overloaded) {
    static auto& rejections = net::default_registry().get_counter(
        "crmd_admission_rejections_total", "Requests refused for lack of admission credits",
        {{"route", "webhook"}});
    rejections.inc();
    respond(overloaded_webhook());
  }
}

} // namespace

void add_webhook_routes(std::vector<route>& routes) {
  routes.push_back({"GET", "/webhook/whatsapp/{tenant}", handshake});
  routes.push_back({"POST", "/webhook/whatsapp/{tenant}", deliver});
}

} // namespace crm::api
