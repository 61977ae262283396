#include "actors/guardrails/guardrail_registry.hpp"

#include <utility>

namespace crm::guardrails {

std::optional<config::field_error> guardrail_registry::update(std::string_view tenant_id,
                                                              const config::tenant_config& tenant) {
  compile_result compiled = compile_guard_db(tenant);
  if (compiled.error) return compiled.error;
  install(tenant_id, std::move(compiled.db));
  return std::nullopt;
}

void guardrail_registry::install(std::string_view tenant_id, std::shared_ptr<const guard_db> db) {
  std::shared_ptr<const guard_db> old;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = dbs_.find(tenant_id);
    if (it == dbs_.end()) {
      dbs_.emplace(std::string(tenant_id), std::move(db));
    } else {
      old = std::exchange(it->second, std::move(db));
    }
  }
  // `old` may be the last reference: free the Hyperscan database outside the lock.
}

std::shared_ptr<const guard_db> guardrail_registry::find(std::string_view tenant_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = dbs_.find(tenant_id);
  return it == dbs_.end() ? nullptr : it->second;
}

bool guardrail_registry::erase(std::string_view tenant_id) {
  std::shared_ptr<const guard_db> old;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = dbs_.find(tenant_id);
  if (it == dbs_.end()) return false;
  old = std::move(it->second);
  dbs_.erase(it);
  return true;
}

} // namespace crm::guardrails
