#include "store/tables.hpp"

#include <utility>

namespace crm::store {

std::error_code open_tables(lmdb::txn& t, tables& out) {
  const bool create = t.writable();
  std::pair<const char*, MDB_dbi*> all[] = {
      {"audit", &out.audit},
      {"audit_by_client", &out.audit_by_client},
      {"audit_by_token", &out.audit_by_token},
      {"inbox", &out.inbox},
      {"dedupe", &out.dedupe},
      {"dedupe_by_time", &out.dedupe_by_time},
      {"reviews", &out.reviews},
      {"outbox", &out.outbox},
      {"tenants", &out.tenants},
      {"secrets", &out.secrets},
      {"credentials", &out.credentials},
      {"keys", &out.keys},
      {"meta", &out.meta},
      {"takeovers", &out.takeovers},
  };
  for (auto& [name, dbi] : all)
    if (auto ec = t.open_dbi(name, create, *dbi)) return ec;
  return {};
}

} // namespace crm::store
