#pragma once

// Tenant id -> that tenant's current screening database.
//
// Concurrency: `update` compiles outside the lock (seconds for a big tenant, never blocking a
// scan), then swaps the shared_ptr under a mutex held for a pointer copy. Scanners call `find`
// once per message and keep the returned pointer for the whole scan, so a swap mid-scan leaves
// that scan on the old database, which lives until its last reader lets go.

#include "actors/guardrails/guard_db.hpp"
#include "config/tenant_config.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace crm::guardrails {

class guardrail_registry {
public:
  /// Compiles `tenant` and installs it for `tenant_id`. On error nothing changes (the tenant's
  /// previous database stays in force) and the error names the offending field.
  std::optional<config::field_error> update(std::string_view tenant_id,
                                            const config::tenant_config& tenant);

  /// Installs an already compiled database.
  void install(std::string_view tenant_id, std::shared_ptr<const guard_db> db);

  /// The tenant's current database, or nullptr when it has none.
  std::shared_ptr<const guard_db> find(std::string_view tenant_id) const;

  /// Forgets a tenant; returns whether it had a database.
  bool erase(std::string_view tenant_id);

private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const guard_db>, std::less<>> dbs_;
};

} // namespace crm::guardrails
