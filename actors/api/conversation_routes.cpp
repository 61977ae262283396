// `/v1/conversations/{customer_id}/...`: a human takes a conversation over, answers in their own
// words, and hands it back. Operator tokens only, scoped to the token's tenant. The takeover is
// stored (it outlives passivation and restarts) before the conversation is told.

#include "actors/api/auth.hpp"
#include "actors/api/json_io.hpp"
#include "actors/api/router.hpp"
#include "actors/api/store_writes.hpp"
#include "actors/audit_writer.hpp"
#include "actors/guardrail_worker.hpp"
#include "actors/tokens.hpp"
#include "store/audit_json.hpp"

#include <caf/all.hpp>

namespace crm::api {

namespace {

/// Max characters of an operator's own message (as for inbound texts).
constexpr size_t max_text_chars = 4096;

void takeover(api_context& context, net::http_request& request, const path_params& params,
              net::responder respond) {
  auto credential = find_credential(context, request, "operator");
  if (!credential) return respond(unauthorized("An operator token is required."));
  store::takeover_row row;
  row.tenant = credential->tenant;
  row.customer_id = params.find("customer_id")->second;
  row.operator_id = credential->id;
  row.since_ms = now_ms();
  auto ingress = context.ingress;
  write(
      context, [row](store::write_batch& batch) { return batch.put_takeover(row); },
      [row, ingress, respond](std::error_code ec) {
        if (ec) return respond(store_error(ec));
        caf::anon_send(ingress, takeover_atom_v, row.tenant, row.customer_id, row.operator_id);
        respond(json_response(200, {{"customer_id", row.customer_id},
                                    {"taken_over_by", row.operator_id},
                                    {"since", store::iso8601_utc(row.since_ms)}}));
      });
}

void release(api_context& context, net::http_request& request, const path_params& params,
             net::responder respond) {
  auto credential = find_credential(context, request, "operator");
  if (!credential) return respond(unauthorized("An operator token is required."));
  auto tenant = credential->tenant;
  auto customer = params.find("customer_id")->second;
  auto ingress = context.ingress;
  write(
      context,
      [tenant, customer](store::write_batch& batch) {
        return batch.remove_takeover(tenant, customer);
      },
      [tenant, customer, ingress, respond](std::error_code ec) {
        if (ec) return respond(store_error(ec));
        caf::anon_send(ingress, takeover_atom_v, tenant, customer, std::string{});
        respond(json_response(200, {{"customer_id", customer}, {"taken_over_by", nullptr}}));
      });
}

/// An operator's own words to the customer: screened like a draft, audited, queued for delivery.
void send(api_context& context, net::http_request& request, const path_params& params,
          net::responder respond) {
  auto credential = find_credential(context, request, "operator");
  if (!credential) return respond(unauthorized("An operator token is required."));
  const auto& customer = params.find("customer_id")->second;
  auto held = context.store->find_takeover(credential->tenant, customer);
  if (!held)
    return respond(net::json_error(409, "not_taken_over",
                                   "Take the conversation over before sending to the customer."));
  net::http_response error;
  auto body = parse_object(request.body, error);
  if (!body) return respond(std::move(error));
  auto text = required_string(*body, "text", error);
  if (!text) return respond(std::move(error));
  if (utf8_length(*text) > max_text_chars)
    return respond(
        net::json_error(400, "text_too_long", "text has more than 4096 characters.", "text"));
  bool force = false;
  if (const auto* f = body->if_contains("force"); f && f->is_bool()) force = f->get_bool();
  auto tenant = context.tenants->find(credential->tenant);
  if (!tenant) return respond(net::json_error(404, "unknown_tenant", "No such tenant."));
  auto verdict = screen_here(*context.guardrails, *tenant, *text);
  if (verdict.flagged() && !force) {
    boost::json::array categories;
    for (auto& c : verdict.categories)
      categories.emplace_back(c);
    auto response = net::json_error(400, "text_flagged",
                                    "The text trips a guardrail; change it, or send it with "
                                    "\"force\": true.");
    auto out = boost::json::parse(response.body).as_object();
    out["categories"] = std::move(categories);
    return respond(json_response(400, out));
  }
  auto now = now_ms();
  store::audit_record record;
  record.at_ms = now;
  record.tenant = credential->tenant;
  record.client_id = customer;
  record.event_token = new_event_token();
  record.state = "operator_message";
  record.channel = tenant->config.whatsapp.phone_number_id.empty() ? "api" : "whatsapp";
  record.output_message = *text;
  record.classification = verdict.classification;
  record.triggered_keywords = verdict.triggered_keywords;
  record.config_version = tenant->version;
  record.reason = verdict.flagged() ? "forced" : "";
  record.actor = credential->id;
  store::outbox_row send;
  send.event_token = record.event_token;
  send.tenant = record.tenant;
  send.customer_id = customer;
  send.channel = record.channel;
  send.text = *text;
  send.kind = "operator";
  send.created_at_ms = now;
  write(
      context,
      [record, send](store::write_batch& batch) mutable {
        batch.append(record);
        return batch.put_outbox(send);
      },
      [token = record.event_token, respond](std::error_code ec) {
        if (ec) return respond(store_error(ec));
        respond(json_response(202, {{"event_token", token}, {"state", "queued"}}));
      });
}

} // namespace

void add_conversation_routes(std::vector<route>& routes) {
  routes.push_back({"POST", "/v1/conversations/{customer_id}/takeover", takeover});
  routes.push_back({"POST", "/v1/conversations/{customer_id}/release", release});
  routes.push_back({"POST", "/v1/conversations/{customer_id}/send", send});
}

} // namespace crm::api
