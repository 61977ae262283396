// `/admin/...`: tenants, secrets, ingest keys, operators and the audit log. Every route needs the
// admin token; every write goes through the single writer and answers after its commit.

#include "actors/api/auth.hpp"
#include "actors/api/json_io.hpp"
#include "actors/api/router.hpp"
#include "actors/api/store_writes.hpp"
#include "actors/calibration.hpp"
#include "actors/guardrails/guard_db.hpp"
#include "actors/review_hub.hpp"
#include "actors/tokens.hpp"
#include "config/tenant_config.hpp"
#include "net/signature.hpp"
#include "store/audit_json.hpp"
#include "store/errc.hpp"

#include <caf/all.hpp>

#include <charconv>

namespace crm::api {

namespace {

bool valid_secret_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::optional<uint64_t> parse_u64(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

net::http_response tenant_response(int status, const std::string& id, uint64_t version,
                                   const std::string& config_json) {
  boost::json::object out;
  out["id"] = id;
  out["version"] = version;
  out["config"] = boost::json::parse(config_json);
  auto response = json_response(status, out);
  response.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return response;
}

/// Wraps a handler so it only runs for the admin token.
route_handler admin_only(route_handler inner) {
  return [inner = std::move(inner)](api_context& context, net::http_request& request,
                                    const path_params& params, net::responder respond) {
    if (context.config->admin_token.empty())
      return respond(unauthorized("Admin endpoints are disabled: the node has no admin token."));
    if (!is_admin(context, request)) return respond(unauthorized("The admin token is required."));
    inner(context, request, params, std::move(respond));
  };
}

void list_tenants(api_context& context, net::http_request&, const path_params&,
                  net::responder respond) {
  boost::json::array tenants;
  for (auto& row : context.store->tenants())
    tenants.push_back({{"id", row.id}, {"version", row.version}});
  respond(json_response(200, {{"tenants", std::move(tenants)}}));
}

void get_tenant(api_context& context, net::http_request&, const path_params& params,
                net::responder respond) {
  auto row = context.store->find_tenant(params.find("id")->second);
  if (!row) return respond(net::json_error(404, "unknown_tenant", "No such tenant."));
  respond(tenant_response(200, row->id, row->version, row->config_json));
}

void put_tenant(api_context& context, net::http_request& request, const path_params& params,
                net::responder respond) {
  const auto& id = params.find("id")->second;
  if (!config::valid_tenant_id(id))
    return respond(net::json_error(400, "invalid_tenant_id",
                                   "Tenant ids are 1-64 characters of a-z, 0-9, '_' and '-'."));
  std::optional<uint64_t> expected;
  if (auto if_match = request.header("if-match"); !if_match.empty()) {
    if (if_match.size() >= 2 && if_match.front() == '"' && if_match.back() == '"')
      if_match = if_match.substr(1, if_match.size() - 2);
    expected = parse_u64(if_match);
    if (!expected)
      return respond(net::json_error(400, "invalid_header", "If-Match must be a tenant version."));
  }
  config::field_error error;
  auto parsed = config::parse_tenant_config(request.body, error);
  if (!parsed) return respond(net::json_error(400, "invalid_config", error.detail, error.field));
  // A config whose phrases do not compile is refused; the tenant's current database stays.
  auto compiled = guardrails::compile_guard_db(*parsed);
  if (compiled.error)
    return respond(
        net::json_error(400, "invalid_config", compiled.error->detail, compiled.error->field));
  auto json = config::to_json(*parsed);
  auto version = std::make_shared<uint64_t>(0);
  write(
      context,
      [id, json, expected, version](store::write_batch& batch) {
        return batch.put_tenant(id, json, expected, *version);
      },
      [&context, id, json, version, db = compiled.db, respond](std::error_code ec) {
        if (ec) return respond(store_error(ec));
        context.guardrails->install(id, db);
        context.tenants->reload(*context.store, id);
        respond(tenant_response(200, id, *version, json));
      });
}

void put_secret(api_context& context, net::http_request& request, const path_params& params,
                net::responder respond) {
  const auto& id = params.find("id")->second;
  const auto& name = params.find("name")->second;
  if (!context.store->find_tenant(id))
    return respond(net::json_error(404, "unknown_tenant", "No such tenant."));
  if (!valid_secret_name(name))
    return respond(net::json_error(
        400, "invalid_field", "Secret names are 1-64 characters of a-z, 0-9 and '_'.", "name"));
  net::http_response error;
  auto body = parse_object(request.body, error);
  if (!body) return respond(std::move(error));
  auto value = required_string(*body, "value", error);
  if (!value) return respond(std::move(error));
  write(
      context,
      [id, name, value = std::move(*value)](store::write_batch& batch) {
        return batch.put_secret(id, name, value);
      },
      [&context, id, respond](std::error_code ec) {
        if (ec) return respond(store_error(ec));
        context.tenants->reload(*context.store, id); // the front door caches webhook secrets
        net::http_response response;
        response.status = 204;
        respond(std::move(response));
      });
}

void list_secrets(api_context& context, net::http_request&, const path_params& params,
                  net::responder respond) {
  const auto& id = params.find("id")->second;
  if (!context.store->find_tenant(id))
    return respond(net::json_error(404, "unknown_tenant", "No such tenant."));
  boost::json::array secrets;
  for (auto& info : context.store->secrets(id))
    secrets.push_back(
        {{"name", info.name}, {"updated_at", store::iso8601_utc(info.updated_at_ms)}});
  respond(json_response(200, {{"secrets", std::move(secrets)}}));
}

/// A new tenant credential (ingest key or operator token): only its SHA-256 is stored, the
/// secret is answered once.
void create_credential(api_context& context, net::http_request& request, const path_params& params,
                       net::responder respond, const std::string& kind, const char* id_field,
                       const char* secret_field) {
  const auto& id = params.find("id")->second;
  if (!context.store->find_tenant(id))
    return respond(net::json_error(404, "unknown_tenant", "No such tenant."));
  net::http_response error;
  auto body = parse_object(request.body, error);
  if (!body) return respond(std::move(error));
  auto name = required_string(*body, "name", error);
  if (!name) return respond(std::move(error));
  bool is_operator = kind == "operator";
  store::credential_row row;
  row.id = new_short_id(is_operator ? "op_" : "key_");
  row.tenant = id;
  row.kind = kind;
  row.name = std::move(*name);
  row.created_at_ms = now_ms();
  auto secret = new_secret_token(is_operator ? "crm_op_" : "crm_ik_");
  auto hash = net::sha256_hex(secret);
  write(
      context, [row, hash](store::write_batch& batch) { return batch.put_credential(row, hash); },
      [row_id = row.id, secret, id_field, secret_field, respond](std::error_code ec) {
        if (ec) return respond(store_error(ec));
        respond(json_response(201, {{id_field, row_id}, {secret_field, secret}})); // shown once
      });
}

void create_ingest_key(api_context& context, net::http_request& request, const path_params& params,
                       net::responder respond) {
  create_credential(context, request, params, std::move(respond), "ingest", "key_id", "key");
}

void create_operator(api_context& context, net::http_request& request, const path_params& params,
                     net::responder respond) {
  create_credential(context, request, params, std::move(respond), "operator", "operator_id",
                    "token");
}

void revoke_operator(api_context& context, net::http_request&, const path_params& params,
                     net::responder respond) {
  auto id = params.find("operator_id")->second;
  auto reviews = context.reviews;
  write(
      context, [id](store::write_batch& batch) { return batch.revoke_credential(id); },
      [id, reviews, respond](std::error_code ec) {
        if (ec == store::errc::not_found)
          return respond(net::json_error(404, "not_found", "No operator with this id."));
        if (ec) return respond(store_error(ec));
        caf::anon_send(reviews, revoke_atom_v, id); // live sessions close now
        net::http_response done;
        done.status = 204;
        respond(std::move(done));
      });
}

/// How reviewers treated drafts by confidence, and the auto-send threshold the evidence supports
/// (`target`: tolerated edit/reject rate of what would be auto-sent; `min_samples`).
void get_calibration(api_context& context, net::http_request& request, const path_params& params,
                     net::responder respond) {
  const auto& id = params.find("id")->second;
  auto tenant = context.tenants->find(id);
  if (!tenant) return respond(net::json_error(404, "unknown_tenant", "No such tenant."));
  double target = 0.1;
  if (auto text = request.query_param("target"); !text.empty()) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), target);
    if (ec != std::errc{} || end != text.data() + text.size() || target < 0 || target > 1)
      return respond(net::json_error(400, "invalid_field", "target must be 0 to 1.", "target"));
  }
  uint64_t min_samples = 20;
  if (auto text = request.query_param("min_samples"); !text.empty()) {
    auto parsed = parse_u64(text);
    if (!parsed || *parsed == 0)
      return respond(
          net::json_error(400, "invalid_field", "min_samples must be 1 or more.", "min_samples"));
    min_samples = *parsed;
  }
  constexpr size_t max_reviews = 1'000'000;
  auto report = calibrate(context.store->reviews(id, "", max_reviews), target, min_samples);
  boost::json::array buckets;
  for (auto& b : report.buckets)
    buckets.push_back({{"bucket", confidence_bucket(b.low)},
                       {"approved_unchanged", b.approved_unchanged},
                       {"edited", b.edited},
                       {"rejected", b.rejected},
                       {"total", b.total()}});
  boost::json::value recommended = nullptr;
  if (report.recommended_threshold) recommended = *report.recommended_threshold;
  respond(json_response(200, {{"tenant", id},
                              {"auto_send_threshold", tenant->config.auto_send_threshold},
                              {"target_rate", target},
                              {"min_samples", min_samples},
                              {"decided", report.decided},
                              {"buckets", std::move(buckets)},
                              {"recommended_threshold", recommended}}));
}

void query_audit(api_context& context, net::http_request& request, const path_params&,
                 net::responder respond) {
  store::audit_filter filter;
  filter.tenant = request.query_param("tenant");
  filter.client_id = request.query_param("client_id");
  filter.event_token = request.query_param("event_token");
  filter.classification = request.query_param("classification");
  filter.status = request.query_param("status");
  filter.state = request.query_param("state");
  if (auto since = request.query_param("since_seq"); !since.empty()) {
    auto value = parse_u64(since);
    if (!value)
      return respond(
          net::json_error(400, "invalid_field", "since_seq must be a number.", "since_seq"));
    filter.since_seq = *value;
  }
  if (auto limit = request.query_param("limit"); !limit.empty()) {
    auto value = parse_u64(limit);
    if (!value || *value == 0 || *value > 1000)
      return respond(net::json_error(400, "invalid_field", "limit must be 1-1000.", "limit"));
    filter.limit = *value;
  }
  auto page = context.store->query(filter);
  // Records are serialised by the store's own codec, the same bytes crm-audit exports.
  std::string body = "{\"records\":[";
  for (size_t i = 0; i < page.records.size(); ++i) {
    if (i > 0) body += ',';
    body += store::to_json(page.records[i]);
  }
  body += "],\"next_since_seq\":" + std::to_string(page.next_since_seq) + "}";
  net::http_response response;
  response.body = std::move(body);
  respond(std::move(response));
}

void verify_audit(api_context& context, net::http_request&, const path_params&,
                  net::responder respond) {
  auto verdict = context.store->verify();
  boost::json::object out{
      {"ok", verdict.ok}, {"records", verdict.records}, {"head_hash", verdict.head_hash}};
  if (!verdict.ok) out["first_bad_seq"] = verdict.first_bad_seq;
  respond(json_response(200, out));
}

} // namespace

void add_admin_routes(std::vector<route>& routes) {
  routes.push_back({"GET", "/admin/tenants", admin_only(list_tenants)});
  routes.push_back({"GET", "/admin/tenants/{id}", admin_only(get_tenant)});
  routes.push_back({"PUT", "/admin/tenants/{id}", admin_only(put_tenant)});
  routes.push_back({"GET", "/admin/tenants/{id}/secrets", admin_only(list_secrets)});
  routes.push_back({"PUT", "/admin/tenants/{id}/secrets/{name}", admin_only(put_secret)});
  routes.push_back({"POST", "/admin/tenants/{id}/ingest-keys", admin_only(create_ingest_key)});
  routes.push_back({"POST", "/admin/tenants/{id}/operators", admin_only(create_operator)});
  routes.push_back({"DELETE", "/admin/operators/{operator_id}", admin_only(revoke_operator)});
  routes.push_back({"GET", "/admin/tenants/{id}/calibration", admin_only(get_calibration)});
  routes.push_back({"GET", "/admin/audit", admin_only(query_audit)});
  routes.push_back({"GET", "/admin/audit/verify", admin_only(verify_audit)});
}

} // namespace crm::api
