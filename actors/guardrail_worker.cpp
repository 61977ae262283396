#include "actors/guardrail_worker.hpp"

#include "net/metrics.hpp"

#include <caf/all.hpp>

#include <chrono>

namespace crm {

namespace {

net::histogram& scan_seconds() {
  static auto& h = net::default_registry().get_histogram(
      "crmd_guardrail_scan_seconds", "Time to screen one text, normalisation included",
      net::exponential_buckets(1e-7, 2, 20));
  return h;
}

/// Screens with the given scanner; without a tenant or database, fails closed like a failed scan.
screen_verdict screen_with(guardrails::scanner& scanner,
                           const guardrails::guardrail_registry& registry,
                           const tenant_snapshot* tenant, std::string_view text) {
  auto db = tenant ? registry.find(tenant->id) : nullptr;
  if (!db) {
    guardrails::screen_result failed;
    failed.verdict = guardrails::classification::security_violation;
    failed.scan_failed = true;
    return to_verdict(failed, tenant ? tenant->version : 0);
  }
  auto started = std::chrono::steady_clock::now();
  auto result = scanner.scan(*db, text);
  scan_seconds().observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return to_verdict(result, tenant->version);
}

} // namespace

screen_verdict to_verdict(const guardrails::screen_result& result, uint64_t config_version) {
  screen_verdict verdict;
  verdict.classification = std::string{guardrails::to_string(result.verdict)};
  for (auto c : result.categories)
    verdict.categories.emplace_back(guardrails::to_string(c));
  for (auto& k : result.triggered_keywords)
    verdict.triggered_keywords.push_back(k.keyword);
  verdict.config_version = config_version;
  verdict.scan_failed = result.scan_failed;
  return verdict;
}

const std::string* canned_answer(const screen_verdict& verdict,
                                 const config::tenant_config& tenant) {
  if (verdict.classification == "security_violation") return &tenant.neutral_response;
  if (verdict.classification == "out_of_scope") return &tenant.out_of_scope_response;
  return nullptr;
}

screen_verdict screen_here(const guardrails::guardrail_registry& registry,
                           const tenant_snapshot& tenant, std::string_view text) {
  thread_local guardrails::scanner scanner;
  return screen_with(scanner, registry, &tenant, text);
}

guardrail_actor::behavior_type guardrail_worker(guardrail_worker_pointer self,
                                                const guardrails::guardrail_registry* registry,
                                                const tenant_directory* tenants) {
  self->state.registry = registry;
  self->state.tenants = tenants;
  return {
      [=](screen_atom, const std::string& tenant, const std::string& text) {
        auto& st = self->state;
        return screen_with(st.scanner, *st.registry, st.tenants->find(tenant).get(), text);
      },
  };
}

} // namespace crm
