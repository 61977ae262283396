// `/v1/conversations/{customer_id}/...`: a human takes a conversation over, answers in their own
// words, and hands it back (conversation_actions.hpp). Operator tokens only, scoped to the
// token's tenant.

#include "actors/api/auth.hpp"
#include "actors/api/conversation_actions.hpp"
#include "actors/api/json_io.hpp"
#include "actors/api/router.hpp"

#include <caf/all.hpp>

namespace crm::api {

namespace {

/// The operator a request's bearer token belongs to, or answers 401.
std::optional<store::credential_row> operator_of(api_context& context, net::http_request& request,
                                                 net::responder& respond) {
  auto credential = find_credential(context, request, "operator");
  if (!credential) respond(unauthorized("An operator token is required."));
  return credential;
}

void answer(const net::responder& respond, conversation_outcome outcome) {
  respond(json_response(outcome.status, outcome.body));
}

void takeover(api_context& context, net::http_request& request, const path_params& params,
              net::responder respond) {
  auto op = operator_of(context, request, respond);
  if (!op) return;
  take_over(context, op->tenant, params.find("customer_id")->second, op->id,
            [respond](conversation_outcome o) { answer(respond, std::move(o)); });
}

void release(api_context& context, net::http_request& request, const path_params& params,
             net::responder respond) {
  auto op = operator_of(context, request, respond);
  if (!op) return;
  hand_back(context, op->tenant, params.find("customer_id")->second,
            [respond](conversation_outcome o) { answer(respond, std::move(o)); });
}

void send(api_context& context, net::http_request& request, const path_params& params,
          net::responder respond) {
  auto op = operator_of(context, request, respond);
  if (!op) return;
  net::http_response error;
  auto body = parse_object(request.body, error);
  if (!body) return respond(std::move(error));
  send_own_text(context, op->tenant, params.find("customer_id")->second, op->id, *body,
                [respond](conversation_outcome o) { answer(respond, std::move(o)); });
}

} // namespace

void add_conversation_routes(std::vector<route>& routes) {
  routes.push_back({"POST", "/v1/conversations/{customer_id}/takeover", takeover});
  routes.push_back({"POST", "/v1/conversations/{customer_id}/release", release});
  routes.push_back({"POST", "/v1/conversations/{customer_id}/send", send});
}

} // namespace crm::api
