#include "actors/tenant_directory.hpp"

#include "actors/logging.hpp"
#include "store/node_store.hpp"

#include <mutex>

namespace crm {

std::shared_ptr<const tenant_snapshot> tenant_directory::find(const std::string& id) const {
  std::shared_lock lock{mutex_};
  auto it = tenants_.find(id);
  return it == tenants_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const tenant_snapshot>> tenant_directory::all() const {
  std::shared_lock lock{mutex_};
  std::vector<std::shared_ptr<const tenant_snapshot>> out;
  out.reserve(tenants_.size());
  for (auto& [id, snapshot] : tenants_)
    out.push_back(snapshot);
  return out;
}

void tenant_directory::put(std::shared_ptr<const tenant_snapshot> snapshot) {
  std::unique_lock lock{mutex_};
  auto id = snapshot->id;
  tenants_[id] = std::move(snapshot);
}

bool tenant_directory::reload(const store::node_store& store, const std::string& id) {
  auto row = store.find_tenant(id);
  if (!row) return false;
  config::field_error error;
  auto parsed = config::parse_tenant_config(row->config_json, error);
  if (!parsed) {
    log::error("tenant_config_unreadable", {{"tenant", id}, {"field", error.field}});
    return false;
  }
  auto snapshot = std::make_shared<tenant_snapshot>();
  snapshot->id = id;
  snapshot->version = row->version;
  snapshot->config = std::move(*parsed);
  auto& wa = snapshot->config.whatsapp;
  snapshot->app_secret = store.read_secret(id, wa.app_secret_secret).value_or("");
  snapshot->verify_token = store.read_secret(id, wa.verify_token_secret).value_or("");
  if (auto& name = snapshot->config.llm.api_key_secret; !name.empty())
    snapshot->llm_api_key = store.read_secret(id, name).value_or("");
  put(std::move(snapshot));
  return true;
}

void tenant_directory::reload_all(const store::node_store& store) {
  for (auto& row : store.tenants())
    reload(store, row.id);
}

} // namespace crm
