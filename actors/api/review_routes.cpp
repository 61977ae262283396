// `/v1/reviews/...`: the REST twins of the operator WebSocket's actions (same semantics, same
// ack), for integrations that poll; and the pending list they poll. Operator tokens only; every
// action is scoped to the token's tenant.

#include "actors/api/auth.hpp"
#include "actors/api/json_io.hpp"
#include "actors/api/router.hpp"
#include "actors/review_frames.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <charconv>

namespace crm::api {

namespace {

int status_of(const std::string& result) {
  if (result == "ok" || result == "duplicate") return 200;
  if (result == "conflict") return 409;
  if (result == "not_found") return 404;
  return 400;
}

net::http_response ack_response(const review_ack& ack) {
  auto body = ack_json(ack);
  body.erase("type");
  auto status = status_of(ack.result);
  if (status != 200) {
    body["error"] = ack.result;
    if (!body.contains("detail")) body["detail"] = "The action was not applied.";
  }
  return json_response(status, body);
}

void post_action(api_context& context, net::http_request& request, const path_params& params,
                 net::responder respond) {
  auto credential = find_credential(context, request, "operator");
  if (!credential) return respond(unauthorized("An operator token is required."));
  const auto& type = params.find("action")->second;
  if (!is_action_type(type))
    return respond(
        net::json_error(404, "not_found", "Actions are approve, edit, reject, claim and release."));
  net::http_response error;
  auto body = parse_object(request.body.empty() ? "{}" : request.body, error);
  if (!body) return respond(std::move(error));
  (*body)["type"] = type;
  (*body)["event_token"] = params.find("event_token")->second;
  review_action action;
  std::string detail;
  if (!parse_action(*body, action, detail))
    return respond(net::json_error(400, "invalid_action", detail));
  action.tenant = credential->tenant;
  action.operator_id = credential->id;
  caf::anon_send(context.reviews, review_request{std::move(action), [respond](review_ack ack) {
                                                   respond(ack_response(ack));
                                                 }});
}

void list_reviews(api_context& context, net::http_request& request, const path_params&,
                  net::responder respond) {
  auto credential = find_credential(context, request, "operator");
  if (!credential) return respond(unauthorized("An operator token is required."));
  std::string state{request.query_param("state")};
  if (state.empty()) state = "pending";
  static constexpr std::string_view states[] = {"pending", "approved", "edited", "rejected",
                                                "expired"};
  if (std::find(std::begin(states), std::end(states), state) == std::end(states))
    return respond(net::json_error(400, "invalid_field",
                                   "state must be pending, approved, edited, rejected or expired.",
                                   "state"));
  size_t limit = 100;
  if (auto text = request.query_param("limit"); !text.empty()) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc{} || end != text.data() + text.size() || limit == 0 || limit > 1000)
      return respond(net::json_error(400, "invalid_field", "limit must be 1 to 1000.", "limit"));
  }
  boost::json::array reviews;
  for (auto& row : context.store->reviews(credential->tenant, state, limit))
    reviews.push_back(review_json(row, {}));
  respond(json_response(200, {{"reviews", std::move(reviews)}}));
}

} // namespace

void add_review_routes(std::vector<route>& routes) {
  routes.push_back({"GET", "/v1/reviews", list_reviews});
  routes.push_back({"POST", "/v1/reviews/{event_token}/{action}", post_action});
}

} // namespace crm::api
