#pragma once

// What an operator does to a conversation (take it over, hand it back, answer in their own
// words), shared by the REST routes and the operator WebSocket: one implementation, one outcome
// shape. A takeover is stored before the conversation is told, so it outlives passivation and
// restarts; an operator's text is screened like a draft, audited and queued for delivery.

#include "actors/api/context.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <string>

namespace crm::api {

/// An HTTP status and its JSON body (an error body, `{"error","detail",...}`, when >= 400).
struct conversation_outcome {
  int status = 200;
  boost::json::object body;
};

using conversation_done = std::function<void(conversation_outcome)>;

void take_over(api_context& context, const std::string& tenant, const std::string& customer_id,
               const std::string& operator_id, conversation_done done);

void hand_back(api_context& context, const std::string& tenant, const std::string& customer_id,
               conversation_done done);

/// `body`: `{"text", "force"?}`.
void send_own_text(api_context& context, const std::string& tenant, const std::string& customer_id,
                   const std::string& operator_id, const boost::json::object& body,
                   conversation_done done);

} // namespace crm::api
