#pragma once

// The named databases of the node's LMDB environment (docs/storage.md lists their layouts).

#include "store/lmdb_env.hpp"

#include <system_error>

namespace crm::store {

struct tables {
  MDB_dbi audit = 0;           ///< be64 seq -> canonical record JSON.
  MDB_dbi audit_by_client = 0; ///< tenant \0 client \0 be64 seq -> "".
  MDB_dbi audit_by_token = 0;  ///< event_token \0 be64 seq -> "".
  MDB_dbi inbox = 0;           ///< event_token -> inbound_message JSON.
  MDB_dbi dedupe = 0;          ///< tenant \0 message_id -> be64 received_at_ms + event_token.
  MDB_dbi dedupe_by_time = 0;  ///< be64 ordered(received_at_ms) + dedupe key -> "" (expiry).
  MDB_dbi reviews = 0;         ///< Reserved for the review hub.
  MDB_dbi outbox = 0;          ///< Reserved for the outbox.
  MDB_dbi tenants = 0;         ///< tenant id -> be64 version + config JSON.
  MDB_dbi secrets = 0;         ///< tenant \0 name -> be64 updated_at_ms + nonce|ct|tag.
  MDB_dbi credentials = 0;     ///< hex sha256(secret) -> credential_row JSON.
  MDB_dbi keys = 0;            ///< Reserved for per-customer content keys.
  MDB_dbi meta = 0;            ///< schema_version, audit_head, key_check.
  MDB_dbi takeovers = 0;       ///< tenant \0 customer -> takeover_row JSON (human in charge).
};

/// How many named databases the environment allows (room for later tables).
inline constexpr unsigned max_tables = 32;

/// Opens every table in `t` (a write transaction creates missing ones; a read transaction
/// reports errc::not_found when one is missing).
std::error_code open_tables(lmdb::txn& t, tables& out);

} // namespace crm::store
