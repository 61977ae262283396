#include "actors/api/ingest_bridge.hpp"

#include "net/metrics.hpp"

#include <caf/all.hpp>

namespace crm::api {

namespace {

net::counter& requests(std::string_view status) {
  return net::default_registry().get_counter(
      "crmd_ingress_messages_total", "Inbound customer messages by outcome at the front door",
      {{"outcome", std::string{status}}});
}

} // namespace

submit_result submit_ingest(api_context& context, std::vector<store::inbound_message> messages,
                            std::vector<store::audit_record> statuses, ingest_callback done) {
  auto credits = messages.size();
  if (credits > 0 && !context.admission->try_acquire(credits)) {
    count_rejected("overloaded", credits);
    return submit_result::overloaded;
  }
  caf::anon_send(context.ingress,
                 ingest_request{std::move(messages), std::move(statuses), std::move(done)});
  return submit_result::accepted;
}

void count_outcomes(const std::vector<store::ingest_outcome>& outcomes) {
  static auto& received = requests("received");
  static auto& duplicate = requests("duplicate");
  for (auto& outcome : outcomes)
    (outcome.duplicate ? duplicate : received).inc();
}

void count_rejected(std::string_view status, size_t messages) {
  requests(status).inc(static_cast<double>(messages));
}

} // namespace crm::api
