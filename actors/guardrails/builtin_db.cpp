#include "actors/guardrails/builtin_db.hpp"

#include "actors/guardrails/pattern_syntax.hpp"

#include <hs/hs.h>

#include <unordered_map>

namespace crm::guardrails {

builtin_db::~builtin_db() {
  hs_free_database(words_);
  hs_free_database(delimiters_);
}

namespace {

/// The expressions of one Hyperscan database.
struct expression_set {
  std::vector<std::string> expressions;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  std::vector<std::string> sources; ///< `builtin.en[12]`, for errors.

  /// Compiles into `out`; on failure returns the error naming the refused entry.
  std::optional<config::field_error> compile(hs_database*& out) const {
    std::vector<const char*> pointers;
    pointers.reserve(expressions.size());
    for (const auto& expression : expressions)
      pointers.push_back(expression.c_str());
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(pointers.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(pointers.size()), HS_MODE_BLOCK, nullptr, &out,
                         &error) == HS_SUCCESS)
      return std::nullopt;
    config::field_error result;
    int index = error != nullptr ? error->expression : -1;
    result.field = index >= 0 ? sources[static_cast<size_t>(index)] : std::string("builtin");
    result.detail = std::string("Pattern refused by the matcher: ") +
                    (error != nullptr ? error->message : "unknown error") + ".";
    hs_free_compile_error(error);
    return result;
  }
};

} // namespace

/// Collects every built-in list entry, then compiles the two databases.
struct builtin_db_builder {
  builtin_compile_result build() {
    std::shared_ptr<builtin_db> db(new builtin_db());
    std::unordered_map<std::string, uint32_t> keyword_ids;
    expression_set words;
    expression_set delimiters;
    for (const builtin_list& list : builtin_lists()) {
      size_t index = 0;
      for (const builtin_term& term : list.terms) {
        auto [it, inserted] =
            keyword_ids.try_emplace(keyword_of(term), static_cast<uint32_t>(db->keywords_.size()));
        if (inserted) db->keywords_.emplace_back(keyword_of(term));
        std::string source =
            std::string("builtin.") + list.name + "[" + std::to_string(index++) + "]";
        // Context-dependent entries: one expression (and term id) per alternative.
        bool split = term.kind == term_kind::cue || term.kind == term_kind::weak;
        std::vector<std::string_view> parts =
            split ? split_alternatives(term.pattern)
                  : std::vector<std::string_view>{std::string_view(term.pattern)};
        for (std::string_view part : parts) {
          auto id = static_cast<unsigned>(db->patterns_.size());
          db->patterns_.push_back({term.domain, term.kind, it->second, id});
          // Delimiters live in punctuation, so they see the folded text, verbatim.
          expression_set& set = term.word_edges ? words : delimiters;
          set.expressions.push_back(term.word_edges ? expand_pattern(part, true)
                                                    : std::string(part));
          // Allow spans and context-dependent terms need their start (overlap tests); strong
          // terms count on their own, so they skip start-of-match tracking.
          set.flags.push_back(term.kind == term_kind::strong ? 0u : HS_FLAG_SOM_LEFTMOST);
          set.ids.push_back(id);
          set.sources.push_back(source);
        }
      }
    }
    if (auto error = words.compile(db->words_)) return {nullptr, std::move(error)};
    if (auto error = delimiters.compile(db->delimiters_)) return {nullptr, std::move(error)};
    return {std::move(db), std::nullopt};
  }
};

builtin_compile_result compile_builtin_db() {
  return builtin_db_builder{}.build();
}

const builtin_compile_result& builtin_database() {
  static const builtin_compile_result compiled = compile_builtin_db();
  return compiled;
}

} // namespace crm::guardrails
