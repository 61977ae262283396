#include "actors/api/conversation_actions.hpp"

#include "actors/api/json_io.hpp"
#include "actors/api/store_writes.hpp"
#include "actors/guardrail_worker.hpp"
#include "actors/tokens.hpp"
#include "store/audit_json.hpp"

#include <boost/json.hpp>
#include <caf/all.hpp>

namespace crm::api {

namespace {

conversation_outcome failure(const net::http_response& error) {
  return {error.status, boost::json::parse(error.body).as_object()};
}

/// Max characters of an operator's own message (as for inbound texts).
constexpr size_t max_text_chars = 4096;

} // namespace

void take_over(api_context& context, const std::string& tenant, const std::string& customer_id,
               const std::string& operator_id, conversation_done respond) {
  store::takeover_row row;
  row.tenant = tenant;
  row.customer_id = customer_id;
  row.operator_id = operator_id;
  row.since_ms = now_ms();
  auto ingress = context.ingress;
  write(
      context, [row](store::write_batch& batch) { return batch.put_takeover(row); },
      [row, ingress, respond](std::error_code ec) {
        if (ec) return respond(failure(store_error(ec)));
        caf::anon_send(ingress, takeover_atom_v, row.tenant, row.customer_id, row.operator_id);
        respond({200,
                 {{"customer_id", row.customer_id},
                  {"taken_over_by", row.operator_id},
                  {"since", store::iso8601_utc(row.since_ms)}}});
      });
}

void hand_back(api_context& context, const std::string& tenant, const std::string& customer,
               conversation_done respond) {
  auto ingress = context.ingress;
  write(
      context,
      [tenant, customer](store::write_batch& batch) {
        return batch.remove_takeover(tenant, customer);
      },
      [tenant, customer, ingress, respond](std::error_code ec) {
        if (ec) return respond(failure(store_error(ec)));
        caf::anon_send(ingress, takeover_atom_v, tenant, customer, std::string{});
        respond({200, {{"customer_id", customer}, {"taken_over_by", nullptr}}});
      });
}

void send_own_text(api_context& context, const std::string& tenant_id, const std::string& customer,
                   const std::string& operator_id, const boost::json::object& body,
                   conversation_done respond) {
  if (!context.store->find_takeover(tenant_id, customer))
    return respond(failure(net::json_error(
        409, "not_taken_over", "Take the conversation over before sending to the customer.")));
  net::http_response error;
  auto text = required_string(body, "text", error);
  if (!text) return respond(failure(std::move(error)));
  if (utf8_length(*text) > max_text_chars)
    return respond(failure(
        net::json_error(400, "text_too_long", "text has more than 4096 characters.", "text")));
  bool force = false;
  if (const auto* f = body.if_contains("force"); f && f->is_bool()) force = f->get_bool();
  auto tenant = context.tenants->find(tenant_id);
  if (!tenant) return respond(failure(net::json_error(404, "unknown_tenant", "No such tenant.")));
  auto verdict = screen_here(*context.guardrails, *tenant, *text);
  if (verdict.flagged() && !force) {
    boost::json::array categories;
    for (auto& c : verdict.categories)
      categories.emplace_back(c);
    auto out = failure(net::json_error(400, "text_flagged",
                                       "The text trips a guardrail; change it, or send it with "
                                       "\"force\": true."));
    out.body["categories"] = std::move(categories);
    return respond(std::move(out));
  }
  auto now = now_ms();
  store::audit_record record;
  record.at_ms = now;
  record.tenant = tenant_id;
  record.client_id = customer;
  record.event_token = new_event_token();
  record.state = "operator_message";
  record.channel = tenant->config.whatsapp.phone_number_id.empty() ? "api" : "whatsapp";
  record.output_message = *text;
  record.classification = verdict.classification;
  record.triggered_keywords = verdict.triggered_keywords;
  record.config_version = tenant->version;
  record.reason = verdict.flagged() ? "forced" : "";
  record.actor = operator_id;
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
        if (ec) return respond(failure(store_error(ec)));
        respond({202, {{"event_token", token}, {"state", "queued"}}});
      });
}

} // namespace crm::api
