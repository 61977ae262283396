#include "actors/node.hpp"

#include "actors/actors.hpp"
#include "actors/admission.hpp"
#include "actors/api/context.hpp"
#include "actors/api/router.hpp"
#include "actors/audit_writer.hpp"
#include "actors/guardrail_worker.hpp"
#include "actors/guardrails/guard_db.hpp"
#include "actors/guardrails/guardrail_registry.hpp"
#include "actors/inference_pool.hpp"
#include "actors/ingress.hpp"
#include "actors/logging.hpp"
#include "actors/operator_session.hpp"
#include "actors/review_hub.hpp"
#include "actors/tenant_directory.hpp"
#include "actors/tokens.hpp"
#include "config/tenant_config.hpp"
#include "net/async_http_client.hpp"
#include "net/http_server.hpp"
#include "net/websocket_server.hpp"
#include "store/node_store.hpp"

#include <caf/all.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <thread>

namespace crm {

namespace {

class actor_config : public caf::actor_system_config {
public:
  explicit actor_config(unsigned threads) {
    add_message_types<caf::id_block::crm>();
    set("scheduler.max-threads", static_cast<size_t>(threads));
  }
};

/// `KEY=VALUE` lines of a `.env` file (quotes stripped, `#` comments skipped).
std::map<std::string, std::string> read_dotenv(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in{path};
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    auto key = line.substr(0, eq);
    auto value = line.substr(eq + 1);
    if (key.rfind("export ", 0) == 0) key = key.substr(7);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    out[key] = value;
  }
  return out;
}

/// The seed's `migrate_secrets.py` step: environment (or `.env`) -> encrypted secrets of `default`.
std::vector<std::pair<std::string, std::string>> secrets_from_environment() {
  static const std::pair<const char*, const char*> mapping[] = {
      {"CRMD_LLM_API_KEY", "llm_api_key"},
      {"WHATSAPP_APP_SECRET", "whatsapp_app_secret"},
      {"WHATSAPP_ACCESS_TOKEN", "whatsapp_access_token"},
      {"WHATSAPP_VERIFY_TOKEN", "whatsapp_verify_token"},
  };
  auto dotenv = read_dotenv(".env");
  std::vector<std::pair<std::string, std::string>> out;
  for (auto [variable, secret] : mapping) {
    std::string value;
    if (auto* env = std::getenv(variable); env && *env)
      value = env;
    else if (auto it = dotenv.find(variable); it != dotenv.end())
      value = it->second;
    if (!value.empty()) out.emplace_back(secret, value);
  }
  return out;
}

/// The console's files: the configured dir, else `web/dist` of the source tree this binary was
/// built in (`<repo>/build/bin/crmd` -> `<repo>/web/dist`).
std::string console_root(const std::string& configured) {
  if (!configured.empty()) return configured;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  auto candidate = exe.parent_path() / ".." / ".." / "web" / "dist";
  return std::filesystem::is_directory(candidate, ec) ? candidate.string() : std::string{};
}

} // namespace

struct node::impl {
  config::node_config config;
  std::unique_ptr<store::node_store> store;
  admission_control admission;
  tenant_directory tenants;
  guardrails::guardrail_registry guardrails;
  guardrail_pool guards;
  std::atomic<bool> ready{false};
  actor_config actor_settings;
  caf::actor_system system;
  /// LLM calls; reset in stop() once every actor is done, so no completion is left.
  std::unique_ptr<net::async_http_client> llm_client;
  audit_writer_actor writer;
  inference_actor inference;
  review_hub_actor reviews;
  ingress_actor ingress;
  /// Operator WebSocket connections, closed on stop (http_server::stop does not close them).
  net::websocket_registry operator_connections;
  std::unique_ptr<net::http_server> http;
  bool stopped = false;

  /// Routes every message left unsettled by the previous run back to its conversation, with the
  /// state its last record entered, before the front door opens. Returns how many.
  size_t resume_unsettled() {
    constexpr size_t max_resumed = 10'000'000;
    auto messages = store->unsettled(max_resumed);
    admission.acquire_unconditionally(messages.size());
    for (auto& message : messages) {
      auto history = store->history(message.event_token);
      auto state = history.empty() ? std::string{"received"} : history.back().state;
      caf::anon_send(ingress, resume_atom_v, std::move(message), std::move(state));
    }
    return messages.size();
  }

  explicit impl(config::node_config cfg)
      : config(std::move(cfg)), admission(config.ingress_credits),
        actor_settings(config.actor_threads), system(actor_settings) {
    // nop
  }

  /// Runs a write job from a non-actor thread and waits for its commit (start-up only).
  std::error_code write_and_wait(std::function<std::error_code(store::write_batch&)> apply) {
    std::promise<std::error_code> committed;
    auto result = committed.get_future();
    caf::anon_send(writer, write_job{std::move(apply), [&committed](std::error_code ec) {
                                       committed.set_value(ec);
                                     }});
    return result.get();
  }

  std::error_code bootstrap_default_tenant() {
    if (store->find_tenant("default")) return {};
    auto json = config::to_json(config::default_tenant_config());
    auto secrets = secrets_from_environment();
    auto ec = write_and_wait([json, secrets](store::write_batch& batch) {
      uint64_t version = 0;
      if (auto ec = batch.put_tenant("default", json, std::nullopt, version)) return ec;
      for (auto& [name, value] : secrets)
        if (auto ec = batch.put_secret("default", name, value)) return ec;
      return std::error_code{};
    });
    if (!ec) {
      std::string names;
      for (auto& [name, value] : secrets)
        names += (names.empty() ? "" : ",") + name;
      log::info("default_tenant_created", {{"imported_secrets", names}});
    }
    return ec;
  }

  /// `[tenants.ID]` tables of the config file are the desired state: stored when they differ.
  std::error_code apply_configured_tenants() {
    for (auto& [id, tenant] : config.tenants) {
      auto json = config::to_json(tenant);
      auto stored = store->find_tenant(id);
      if (stored && stored->config_json == json) continue;
      if (auto compiled = guardrails::compile_guard_db(tenant); compiled.error) {
        log::error("tenant_config_refused", {{"tenant", id}, {"field", compiled.error->field}});
        return std::make_error_code(std::errc::invalid_argument);
      }
      auto ec = write_and_wait([id, json](store::write_batch& batch) {
        uint64_t version = 0;
        return batch.put_tenant(id, json, std::nullopt, version);
      });
      if (ec) return ec;
      log::info("tenant_configured", {{"tenant", id}, {"source", "config file"}});
    }
    return {};
  }
};

node::node(config::node_config config) : impl_(std::make_unique<impl>(std::move(config))) {
  // nop
}

node::~node() {
  stop();
}

std::error_code node::start() {
  auto& d = *impl_;
  std::error_code ec;
  store::store_options store_options;
  store_options.data_dir = d.config.data_dir;
  d.store = store::node_store::open(store_options, ec);
  if (ec) {
    log::error("store_open_failed", {{"data_dir", d.config.data_dir}, {"error", ec.message()}});
    return ec;
  }
  audit_writer_options writer_options;
  writer_options.max_batch_records = d.config.max_batch_records;
  writer_options.dedupe_retention = d.config.dedupe_retention;
  d.writer = d.system.spawn<caf::detached>(audit_writer, d.store.get(), writer_options);
  if ((ec = d.bootstrap_default_tenant())) {
    log::error("bootstrap_failed", {{"error", ec.message()}});
    return ec;
  }
  if ((ec = d.apply_configured_tenants())) {
    log::error("tenant_config_failed", {{"error", ec.message()}});
    return ec;
  }
  d.tenants.reload_all(*d.store);
  for (auto& tenant : d.tenants.all())
    if (auto error = d.guardrails.update(tenant->id, tenant->config))
      log::error("tenant_guardrails_invalid", {{"tenant", tenant->id}, {"field", error->field}});
  for (unsigned i = 0; i < std::max(1u, d.config.actor_threads); ++i)
    d.guards.add(d.system.spawn(guardrail_worker, &d.guardrails, &d.tenants));
  conversation_options conversation_settings;
  conversation_settings.idle_after =
      std::chrono::duration_cast<std::chrono::milliseconds>(d.config.conversation_idle);
  net::async_client_options llm_client_options;
  d.llm_client = std::make_unique<net::async_http_client>(llm_client_options);
  inference_options inference_settings;
  inference_settings.queue_per_tenant = d.config.llm_queue_per_tenant;
  inference_settings.retry.max_attempts = d.config.llm_max_attempts;
  d.inference = d.system.spawn(inference_pool, d.llm_client.get(), inference_settings);
  review_hub_services hub_services;
  hub_services.writer = d.writer;
  hub_services.store = d.store.get();
  hub_services.guards = &d.guards;
  d.reviews = d.system.spawn(review_hub, hub_services, review_hub_options{});
  conversation_services services;
  services.inference = d.inference;
  services.reviews = d.reviews;
  services.store = d.store.get();
  services.writer = d.writer;
  services.admission = &d.admission;
  services.tenants = &d.tenants;
  services.guards = &d.guards;
  d.ingress = d.system.spawn(ingress, services, conversation_settings);
  if (auto resumed = d.resume_unsettled(); resumed > 0)
    log::info("unsettled_messages_resumed", {{"count", std::to_string(resumed)}});

  auto context = std::make_shared<api::api_context>();
  context->config = &d.config;
  context->store = d.store.get();
  context->tenants = &d.tenants;
  context->guardrails = &d.guardrails;
  context->admission = &d.admission;
  context->ingress = d.ingress;
  context->writer = d.writer;
  context->reviews = d.reviews;
  context->ready = &d.ready;
  context->console = std::make_shared<net::static_files>(console_root(d.config.web_root));
  if (!context->console->enabled())
    log::warn("console_not_built", {{"web_root", d.config.web_root}});

  net::http_server_options http_options;
  http_options.address = d.config.listen_host;
  http_options.port = d.config.listen_port;
  http_options.io_threads = d.config.io_threads;
  http_options.header_limit_bytes = d.config.header_limit_bytes;
  http_options.body_limit_bytes = d.config.max_body_bytes;
  http_options.read_timeout = d.config.read_timeout;
  http_options.idle_timeout = d.config.idle_timeout;
  http_options.max_connections = d.config.max_connections;
  http_options.on_upgrade = operator_upgrade_handler(d.system, context, d.operator_connections);
  d.http = std::make_unique<net::http_server>(http_options, api::make_router(context));
  if ((ec = d.http->start())) {
    log::error("listen_failed", {{"address", d.config.listen_host}, {"error", ec.message()}});
    return ec;
  }
  d.ready = true;
  log::info("node_started", {{"node_id", d.config.node_id},
                             {"listen", d.config.listen_host + ":" + std::to_string(port())},
                             {"data_dir", d.config.data_dir},
                             {"audit_head_seq", std::to_string(d.store->audit_head_seq())}});
  return {};
}

uint16_t node::port() const {
  return impl_->http ? impl_->http->port() : 0;
}

void node::stop() {
  auto& d = *impl_;
  if (d.stopped) return;
  d.stopped = true;
  d.ready = false;
  if (d.http) d.http->stop();
  d.operator_connections.close_all(1001, "server shutting down");
  d.operator_connections.wait_until_empty(std::chrono::seconds{5});
  // Accepted messages hold credits until their conversation is done with them.
  for (int i = 0; i < 500 && d.admission.in_use() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  if (d.ingress) caf::anon_send_exit(d.ingress, caf::exit_reason::user_shutdown);
  if (d.inference) caf::anon_send_exit(d.inference, caf::exit_reason::user_shutdown);
  if (d.reviews) caf::anon_send_exit(d.reviews, caf::exit_reason::user_shutdown);
  for (auto& worker : d.guards.workers())
    caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
  if (d.writer) caf::anon_send_exit(d.writer, caf::exit_reason::user_shutdown);
  d.system.await_all_actors_done();
  d.llm_client.reset(); // after the actors: no completion is left to deliver
  log::info("node_stopped", {{"pending_credits", std::to_string(d.admission.in_use())}});
}

} // namespace crm
