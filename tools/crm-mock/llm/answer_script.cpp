#include "llm/answer_script.hpp"

#include <boost/json/array.hpp>

#include <algorithm>

namespace crm::mock::llm {

namespace {

constexpr std::string_view answer_keys[] = {"reply", "intent", "scope", "confidence", "reasoning"};

std::string to_lower(std::string_view in) {
  std::string out{in};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

boost::json::object builtin_default() {
  return {{"reply", "Thanks for reaching out! A member of our team will get back to you shortly."},
          {"intent", "general"},
          {"scope", "in_scope"},
          {"confidence", 90},
          {"reasoning", "No keyword rule matched; the mock's default answer."}};
}

/// Reads the answer fields of `in` over `base`; false with `error` on a wrong type.
bool read_answer(const boost::json::object& in, const boost::json::object& base, answer& out,
                 std::string& error) {
  out.fields = base;
  for (auto key : answer_keys)
    if (auto* v = in.if_contains(key)) out.fields[key] = *v;
  if (auto* content = in.if_contains("content")) {
    if (!content->is_string()) {
      error = "\"content\" must be a string";
      return false;
    }
    out.content = std::string{content->get_string()};
  }
  return true;
}

bool read_keywords(const boost::json::value& match, std::vector<std::string>& out,
                   std::string& error) {
  if (match.is_string()) {
    out.push_back(to_lower(match.get_string()));
  } else if (match.is_array()) {
    for (const auto& item : match.get_array()) {
      if (!item.is_string()) {
        error = "\"match\" must be a string or an array of strings";
        return false;
      }
      out.push_back(to_lower(item.get_string()));
    }
  } else {
    error = "\"match\" must be a string or an array of strings";
    return false;
  }
  // An empty keyword would match every message and hide the rules after it.
  if (out.empty() || std::any_of(out.begin(), out.end(), [](auto& k) { return k.empty(); })) {
    error = "\"match\" needs at least one non-empty keyword";
    return false;
  }
  return true;
}

} // namespace

answer_script::answer_script() {
  default_.fields = builtin_default();
  default_.rule = "default";
}

std::optional<answer_script> answer_script::parse(const boost::json::value& json,
                                                  std::string& error) {
  answer_script script;
  const boost::json::array* rules = nullptr;
  if (json.is_array()) {
    rules = &json.get_array();
  } else if (json.is_object()) {
    const auto& top = json.get_object();
    for (const auto& [key, value] : top)
      if (key != "rules" && key != "default") {
        error = "unknown key \"" + std::string{key} + "\" (expected \"rules\", \"default\")";
        return std::nullopt;
      }
    if (auto* d = top.if_contains("default")) {
      if (!d->is_object()) {
        error = "\"default\" must be an object";
        return std::nullopt;
      }
      if (!read_answer(d->get_object(), builtin_default(), script.default_, error))
        return std::nullopt;
    }
    if (auto* r = top.if_contains("rules")) {
      if (!r->is_array()) {
        error = "\"rules\" must be an array";
        return std::nullopt;
      }
      rules = &r->get_array();
    }
  } else {
    error = "a script is an array of rules or {\"rules\", \"default\"}";
    return std::nullopt;
  }
  if (rules == nullptr) return script;
  for (size_t i = 0; i < rules->size(); ++i) {
    const auto& item = (*rules)[i];
    auto where = "rule " + std::to_string(i) + ": ";
    if (!item.is_object()) {
      error = where + "must be an object";
      return std::nullopt;
    }
    const auto& object = item.get_object();
    answer_rule rule;
    auto* match = object.if_contains("match");
    if (match == nullptr) {
      error = where + "\"match\" is missing";
      return std::nullopt;
    }
    if (!read_keywords(*match, rule.keywords, error) ||
        !read_answer(object, script.default_.fields, rule.what, error)) {
      error = where + error;
      return std::nullopt;
    }
    rule.what.rule = "#" + std::to_string(i) + " " + rule.keywords.front();
    script.rules_.push_back(std::move(rule));
  }
  return script;
}

const answer& answer_script::pick(std::string_view user_text) const {
  auto text = to_lower(user_text);
  for (const auto& rule : rules_)
    for (const auto& keyword : rule.keywords)
      if (text.find(keyword) != std::string::npos) return rule.what;
  return default_;
}

boost::json::object answer_script::to_json() const {
  auto answer_json = [](const answer& a) {
    boost::json::object out = a.fields;
    if (a.content) out["content"] = *a.content;
    return out;
  };
  boost::json::array rules;
  for (const auto& rule : rules_) {
    auto object = answer_json(rule.what);
    boost::json::array keywords;
    for (const auto& k : rule.keywords)
      keywords.push_back(boost::json::string_view{k});
    object["match"] = std::move(keywords);
    rules.push_back(std::move(object));
  }
  return {{"rules", std::move(rules)}, {"default", answer_json(default_)}};
}

} // namespace crm::mock::llm
