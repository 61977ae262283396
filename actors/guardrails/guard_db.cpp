#include "actors/guardrails/guard_db.hpp"

#include "actors/guardrails/normalizer.hpp"

#include <hs/hs.h>

#include <atomic>

namespace crm::guardrails {

namespace {

std::atomic<uint64_t> next_serial{1};

} // namespace

guard_db::~guard_db() {
  hs_free_database(tenant_words_);
}

bool guard_db::enabled(category domain) const {
  switch (domain) {
  case category::political:
    return restricted_.political;
  case category::legal:
    return restricted_.legal;
  case category::medical:
    return restricted_.medical;
  case category::injection:
    return restricted_.injection;
  case category::forbidden:
    return true;
  }
  return true;
}

/// Turns the tenant's phrase lists into literals, then compiles them in one go.
struct guard_db_builder {
  std::shared_ptr<guard_db> db{new guard_db()};
  std::vector<std::string> literals;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  std::vector<std::string> sources; ///< Field path of each literal, for errors.
  std::string folded;
  std::string raw;
  std::string normalised;

  /// Adds one phrase list; returns the first invalid entry's error.
  std::optional<config::field_error> add(const std::vector<std::string>& phrases, const char* field,
                                         term_kind kind) {
    for (size_t i = 0; i < phrases.size(); ++i) {
      std::string path = std::string(field) + "[" + std::to_string(i) + "]";
      fold_text(phrases[i], folded);
      if (folded.size() > max_phrase_bytes)
        return config::field_error{path, "Must be at most " + std::to_string(max_phrase_bytes) +
                                             " bytes once folded."};
      canonicalise_folded(folded, raw);
      normalise_folded(folded, normalised);
      // Canonical spacing: a phrase with no word at all is just the pad space.
      if (raw.size() < 2 || normalised.size() < 2)
        return config::field_error{path, "Must contain at least one letter or digit."};
      auto keyword_id =
          static_cast<uint32_t>(db->builtins_->keyword_count() + db->tenant_keywords_.size());
      db->tenant_keywords_.push_back(phrases[i]);
      // Hyperscan ids count from 0 here; the scanner adds `tenant_id_base()`.
      auto id = static_cast<uint32_t>(db->tenant_patterns_.size());
      db->tenant_patterns_.push_back(
          {category::forbidden, kind, keyword_id, db->tenant_id_base() + id});
      add_literal(raw, id, kind, path);
      if (normalised != raw) add_literal(normalised, id, kind, path);
    }
    return std::nullopt;
  }

  void add_literal(const std::string& literal, unsigned id, term_kind kind,
                   const std::string& path) {
    literals.push_back(literal);
    ids.push_back(id);
    // Allow spans need their start (cheap for literals); forbidden topics only their end.
    flags.push_back(kind == term_kind::allow ? HS_FLAG_SOM_LEFTMOST : 0u);
    sources.push_back(path);
  }

  compile_result build(const config::tenant_config& tenant,
                       std::shared_ptr<const builtin_db> builtins) {
    db->builtins_ = std::move(builtins);
    db->restricted_ = tenant.restricted;
    if (auto error = add(tenant.forbidden_topics, "forbidden_topics", term_kind::strong))
      return {nullptr, std::move(error)};
    if (auto error = add(tenant.allow_phrases, "allow_phrases", term_kind::allow))
      return {nullptr, std::move(error)};
    if (auto error = compile()) return {nullptr, std::move(error)};
    db->serial_ = next_serial.fetch_add(1, std::memory_order_relaxed);
    return {std::move(db), std::nullopt};
  }

  std::optional<config::field_error> compile() {
    if (literals.empty()) return std::nullopt;
    std::vector<const char*> pointers;
    std::vector<size_t> lengths;
    for (const auto& literal : literals) {
      pointers.push_back(literal.data());
      lengths.push_back(literal.size());
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(pointers.data(), flags.data(), ids.data(), lengths.data(),
                             static_cast<unsigned>(pointers.size()), HS_MODE_BLOCK, nullptr,
                             &db->tenant_words_, &error) == HS_SUCCESS)
      return std::nullopt;
    int index = error != nullptr ? error->expression : -1;
    config::field_error result{index >= 0 ? sources[static_cast<size_t>(index)]
                                          : std::string("forbidden_topics"),
                               std::string("Phrase refused by the matcher: ") +
                                   (error != nullptr ? error->message : "unknown error") + "."};
    hs_free_compile_error(error);
    return result;
  }
};

compile_result compile_guard_db(const config::tenant_config& tenant) {
  const builtin_compile_result& builtins = builtin_database();
  if (builtins.error) return {nullptr, builtins.error};
  return guard_db_builder{}.build(tenant, builtins.db);
}

} // namespace crm::guardrails
