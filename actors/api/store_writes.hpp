#pragma once

// Admin and operator routes write through the single LMDB writer like everyone else: a closure
// runs inside the next group commit and `then` runs after it (on the writer's thread), where the
// route answers. Nothing is acknowledged before it is durable.

#include "actors/api/context.hpp"

#include <caf/send.hpp>

#include <functional>
#include <system_error>

namespace crm::api {

inline void write(api_context& context, std::function<std::error_code(store::write_batch&)> apply,
                  std::function<void(std::error_code)> then) {
  caf::anon_send(context.writer, write_job{std::move(apply), std::move(then)});
}

} // namespace crm::api
