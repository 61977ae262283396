#pragma once

// What every HTTP route may use. Routes run on io threads: they read the store and the tenant
// directory directly (LMDB readers never block the writer) and reach actors only by sending,
// never by waiting.

#include "actors/actors.hpp"
#include "actors/admission.hpp"
#include "actors/guardrails/guardrail_registry.hpp"
#include "actors/tenant_directory.hpp"
#include "config/node_config.hpp"
#include "net/static_files.hpp"
#include "store/node_store.hpp"

#include <atomic>
#include <memory>

namespace crm::api {

struct api_context {
  const config::node_config* config = nullptr;
  store::node_store* store = nullptr;
  tenant_directory* tenants = nullptr;
  guardrails::guardrail_registry* guardrails = nullptr;
  admission_control* admission = nullptr;
  ingress_actor ingress;
  audit_writer_actor writer;
  review_hub_actor reviews;
  /// The built operator console served at `/` (disabled when not built).
  std::shared_ptr<const net::static_files> console;
  /// True between a complete start-up and the beginning of shutdown (`/readyz`).
  const std::atomic<bool>* ready = nullptr;
};

} // namespace crm::api
