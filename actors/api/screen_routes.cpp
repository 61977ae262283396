// `POST /v1/screen`: the guardrails as a dry run. No side effects: no audit record, no metric
// of flagged traffic, no queueing behind the message pipeline (it scans on the io thread with
// a thread-local scanner; a scan takes about a microsecond).

#include "actors/api/auth.hpp"
#include "actors/api/json_io.hpp"
#include "actors/api/router.hpp"
#include "actors/guardrail_worker.hpp"

namespace crm::api {

namespace {

constexpr size_t max_text_chars = 4096;

void screen(api_context& context, net::http_request& request, const path_params&,
            net::responder respond) {
  bool admin = is_admin(context, request);
  auto credential = admin ? std::nullopt : find_credential(context, request, "ingest");
  if (!admin && !credential)
    return respond(unauthorized("An ingest key or the admin token is required."));
  net::http_response error;
  auto body = parse_object(request.body, error);
  if (!body) return respond(std::move(error));
  auto tenant_id = required_string(*body, "tenant", error);
  if (!tenant_id) return respond(std::move(error));
  auto text = required_string(*body, "text", error);
  if (!text) return respond(std::move(error));
  if (credential && credential->tenant != *tenant_id)
    return respond(net::json_error(403, "forbidden", "This ingest key belongs to another tenant."));
  if (utf8_length(*text) > max_text_chars)
    return respond(
        net::json_error(400, "text_too_long", "text is at most 4096 characters.", "text"));
  auto tenant = context.tenants->find(*tenant_id);
  if (!tenant) return respond(net::json_error(404, "unknown_tenant", "No such tenant."));

  auto verdict = screen_here(*context.guardrails, *tenant, *text);
  boost::json::array categories, keywords;
  for (auto& c : verdict.categories)
    categories.emplace_back(c);
  for (auto& k : verdict.triggered_keywords)
    keywords.emplace_back(k);
  boost::json::value response = nullptr;
  if (auto* answer = canned_answer(verdict, tenant->config)) response = *answer;
  respond(json_response(200, {{"classification", verdict.classification},
                              {"categories", std::move(categories)},
                              {"triggered_keywords", std::move(keywords)},
                              {"response", std::move(response)},
                              {"config_version", verdict.config_version}}));
}

} // namespace

void add_screen_routes(std::vector<route>& routes) {
  routes.push_back({"POST", "/v1/screen", screen});
}

} // namespace crm::api
