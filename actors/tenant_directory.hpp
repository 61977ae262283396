#pragma once

// Read-mostly snapshots of every tenant for the HTTP threads: config, version and the secrets the
// front door needs on every request (webhook app secret, verify token) and the LLM key the
// inference pool sends, decrypted once.
//
// Concurrency: readers take a shared lock for a shared_ptr copy; writers (admin updates, after
// their commit) replace a whole snapshot. Snapshots are immutable, so a request sees one version.

#include "config/tenant_config.hpp"

#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm::store {
class node_store;
}

namespace crm {

struct tenant_snapshot {
  std::string id;
  uint64_t version = 0;
  config::tenant_config config;
  std::string app_secret;   ///< WhatsApp app secret (HMAC key); empty: webhooks refused.
  std::string verify_token; ///< WhatsApp verify token; empty: handshake refused.
  std::string llm_api_key;  ///< Bearer key for the tenant's LLM endpoint, or empty.
};

class tenant_directory {
public:
  std::shared_ptr<const tenant_snapshot> find(const std::string& id) const;
  std::vector<std::shared_ptr<const tenant_snapshot>> all() const;
  void put(std::shared_ptr<const tenant_snapshot> snapshot);

  /// Re-reads one tenant (config and front-door secrets) from the store; false if unknown or
  /// its stored config no longer parses.
  bool reload(const store::node_store& store, const std::string& id);
  /// Loads every stored tenant.
  void reload_all(const store::node_store& store);

private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const tenant_snapshot>> tenants_;
};

} // namespace crm
