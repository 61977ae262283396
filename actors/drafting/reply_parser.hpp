#pragma once

// Reading an LLM's answer: the chat-completions response body, then the draft inside it.
//
// Operation: local servers differ in how well they keep to the requested JSON (some ignore
// response_format, some wrap the object in a ```json fence or in prose, reasoning models prefix
// a <think> block), so the content parser is tolerant; whatever it cannot read confidently gets
// confidence 0, which sends the draft to human review rather than to the customer.
//
// Limits: content longer than `max_content_bytes` is refused; the search for an embedded object
// tries at most `max_embedded_candidates` opening braces. Error sentences never contain the
// model's text (it may carry customer data or an injection into the logs).

#include "actors/drafting/llm_draft.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace crm::drafting {

/// Message content beyond this is not a chat reply (max_tokens keeps real ones far below).
inline constexpr size_t max_content_bytes = 256 * 1024;

/// Opening braces tried when looking for an object embedded in prose; bounds the quadratic scan.
inline constexpr size_t max_embedded_candidates = 64;

/// Parses a whole /chat/completions response body (OpenAI shape as served by LM Studio, llama.cpp
/// server, vLLM, Ollama's OpenAI endpoint, OpenAI): choices[0].message.content (string; also accept
/// content given as an array of {type:"text",text} parts), usage.total_tokens (or
/// prompt+completion). false + `error` (a human sentence, never containing the model's text) when
/// there is no usable reply.
bool parse_chat_completion(std::string_view body, llm_draft& out, std::string& error);

/// Tolerant parsing of the message content: a JSON object; or one inside ```json fences; or
/// embedded in prose (find the first balanced {...} that parses); missing fields take defaults
/// (intent "unknown", scope in_scope, confidence 0 => goes to review); confidence as number 0-100,
/// as 0-1 fraction (0.85 => 85), as text ("85", "85%", "0.85"), words (high/medium/low =>
/// 85/60/30); clamp to 0-100; scope normalised ("out of scope", "OUT_OF_SCOPE" ...). Content with
/// no JSON at all: the whole trimmed content is the reply with confidence 0 (so it is reviewed,
/// never auto-sent). Empty reply => false.
bool parse_draft_content(std::string_view content, llm_draft& out, std::string& error);

} // namespace crm::drafting
