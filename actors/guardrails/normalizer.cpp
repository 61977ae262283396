#include "actors/guardrails/normalizer.hpp"

#include "actors/guardrails/fold_table.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace crm::guardrails {

namespace {

// -- byte classes -------------------------------------------------------------------

/// What a byte of folded text is to the word forms. One table lookup per byte keeps the hot
/// loops branch-light.
enum byte_class : uint8_t {
  letter,    ///< a-z
  digit,     ///< 0-9
  leet_sign, ///< `@` `$`: letters in leetspeak, separators otherwise
  split,     ///< ' ' '.' '-' '_' '*': what evaders put between letters
  other,     ///< any other ASCII: a separator
  high,      ///< a byte of a non-ASCII character (or an invalid byte)
};

constexpr std::array<byte_class, 256> make_classes() {
  std::array<byte_class, 256> table{};
  for (int c = 0; c < 256; ++c)
    table[c] = c >= 0x80 ? high : other;
  for (int c = 'a'; c <= 'z'; ++c)
    table[c] = letter;
  for (int c = '0'; c <= '9'; ++c)
    table[c] = digit;
  table['@'] = leet_sign;
  table['$'] = leet_sign;
  for (char c : {' ', '.', '-', '_', '*'})
    table[static_cast<unsigned char>(c)] = split;
  return table;
}

constexpr auto classes = make_classes();

byte_class class_of(char c) {
  return classes[static_cast<unsigned char>(c)];
}

/// A byte of a word for joining and leetspeak (a leet sign counts: `p@ss`).
bool in_leet_word(char c) {
  byte_class k = class_of(c);
  return k == letter || k == digit || k == leet_sign || k == high;
}

constexpr std::array<char, 256> make_leet() {
  std::array<char, 256> table{};
  table['0'] = 'o';
  table['1'] = 'i';
  table['3'] = 'e';
  table['4'] = 'a';
  table['5'] = 's';
  table['7'] = 't';
  table['@'] = 'a';
  table['$'] = 's';
  return table;
}

constexpr auto leet = make_leet();

char leet_of(char c) {
  return leet[static_cast<unsigned char>(c)];
}

// -- folding --------------------------------------------------------------------

constexpr std::array<char, 128> make_ascii_fold() {
  std::array<char, 128> table{};
  for (int c = 0; c < 128; ++c)
    table[c] = static_cast<char>(c);
  for (int c = 'A'; c <= 'Z'; ++c)
    table[c] = static_cast<char>(c - 'A' + 'a');
  // Control characters would only hide word boundaries from the matcher; newlines stay
  // because line starts matter to chat-template smuggling (`system:` on its own line).
  for (int c = 0; c < 0x20; ++c)
    if (c != '\n') table[c] = ' ';
  table[0x7f] = ' ';
  return table;
}

constexpr auto ascii_fold = make_ascii_fold();

const fold_entry* find_fold(uint32_t code_point) {
  auto table = fold_table();
  auto it =
      std::lower_bound(table.begin(), table.end(), code_point,
                       [](const fold_entry& entry, uint32_t cp) { return entry.code_point < cp; });
  if (it == table.end() || it->code_point != code_point) return nullptr;
  return &*it;
}

/// Decodes one UTF-8 sequence at `p` (before `end`); returns its length, or 0 when it is
/// invalid (truncated, overlong, surrogate or beyond U+10FFFF).
size_t decode_utf8(const char* p, const char* end, uint32_t& code_point) {
  auto lead = static_cast<unsigned char>(*p);
  size_t size = 0;
  uint32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    size = 2;
    code_point = lead & 0x1F;
    min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    size = 3;
    code_point = lead & 0x0F;
    min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    size = 4;
    code_point = lead & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (static_cast<size_t>(end - p) < size) return 0;
  for (size_t k = 1; k < size; ++k) {
    auto byte = static_cast<unsigned char>(p[k]);
    if ((byte & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  if (code_point < min || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
    return 0;
  return size;
}

// -- joining split letters ---------------------------------------------------------

/// Whether `text[i]` is a one-character ASCII word (a letter, digit or leet sign alone).
bool is_single(std::string_view text, size_t i) {
  byte_class k = class_of(text[i]);
  if (k != letter && k != digit && k != leet_sign) return false;
  if (i > 0 && in_leet_word(text[i - 1])) return false;
  return i + 1 == text.size() || !in_leet_word(text[i + 1]);
}

// A run needs three single characters (so `a b` or `p.o.` stay as written) and two letters
// (so spaced digits such as phone numbers stay as written).
constexpr size_t min_run_chars = 3;
constexpr size_t min_run_letters = 2;

struct split_run {
  size_t chars = 1;
  size_t letters = 0;
  /// Narrowest gap without a space (`v.o.t.e`, `s-u-e`), and narrowest gap with one.
  size_t min_plain_gap = SIZE_MAX;
  size_t min_spaced_gap = SIZE_MAX;
  size_t end = 0; ///< One past the last single character of the run.

  /// Whether the gap `text[from, to)` inside the run is a split to undo rather than a word break.
  /// When some gaps hold no space, they are the splits and spaced gaps are word breaks
  /// (`i s-u-e` -> `i sue`); otherwise the narrowest gaps are the splits
  /// (`w h o  s h o u l d` -> `who should`).
  bool joins(std::string_view text, size_t from, size_t to) const {
    bool spaced = std::memchr(text.data() + from, ' ', to - from) != nullptr;
    if (min_plain_gap != SIZE_MAX) return !spaced && to - from == min_plain_gap;
    return to - from == min_spaced_gap;
  }
};

/// Measures the run of single characters that starts at `text[start]` (a single character).
split_run measure_run(std::string_view text, size_t start) {
  split_run run;
  run.letters = class_of(text[start]) == letter ? 1 : 0;
  run.end = start + 1;
  size_t j = run.end;
  while (j < text.size()) {
    size_t k = j;
    bool spaced = false;
    while (k < text.size() && class_of(text[k]) == split) {
      spaced = spaced || text[k] == ' ';
      ++k;
    }
    if (k == j || k == text.size() || !is_single(text, k)) break;
    size_t& min_gap = spaced ? run.min_spaced_gap : run.min_plain_gap;
    min_gap = std::min(min_gap, k - j);
    ++run.chars;
    if (class_of(text[k]) == letter) ++run.letters;
    run.end = k + 1;
    j = run.end;
  }
  return run;
}

/// Writes a run joined: gaps that are splits vanish, word breaks become one space.
char* write_joined(std::string_view text, size_t start, const split_run& run, char* out) {
  *out++ = text[start];
  size_t j = start + 1;
  while (j < run.end) {
    size_t k = j;
    while (class_of(text[k]) == split)
      ++k;
    if (!run.joins(text, j, k)) *out++ = ' ';
    *out++ = text[k];
    j = k + 1;
  }
  return out;
}

// -- leetspeak ------------------------------------------------------------------

/// Reads leetspeak inside the words of `[begin, end)` that contain a letter, in place.
void unleet(char* begin, char* end) {
  char* i = begin;
  while (i < end) {
    if (!in_leet_word(*i)) {
      ++i;
      continue;
    }
    char* word_end = i;
    bool has_letter = false;
    bool has_leet = false;
    for (; word_end < end && in_leet_word(*word_end); ++word_end) {
      has_letter = has_letter || class_of(*word_end) == letter;
      has_leet = has_leet || leet_of(*word_end) != 0;
    }
    if (has_letter && has_leet)
      for (char* k = i; k < word_end; ++k)
        if (char l = leet_of(*k)) *k = l;
    i = word_end;
  }
}

// -- canonical spacing ---------------------------------------------------------

/// Code points that separate words although they are not ASCII: Latin-1 punctuation and
/// symbols, general punctuation, arrows, maths, dingbats, CJK punctuation, emoji. (Letters of
/// every script stay word characters.)
bool is_separator_code_point(uint32_t cp) {
  return cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
         (cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
         (cp >= 0x1F000 && cp <= 0x1FAFF);
}

// -- 16-byte blocks ----------------------------------------------------------------
//
// Pure ASCII stretches (most messages) are folded and spaced 16 bytes at a time with SSE2,
// which every x86-64 CPU has. Blocks holding a non-ASCII byte, and other CPUs, take the
// scalar path, which defines the behaviour; the block path must give the same bytes.

#if defined(__SSE2__)

/// Bytes of `v` in [lo, hi], as a byte mask (ASCII only: the compares are signed).
__m128i in_range(__m128i v, char lo, char hi) {
  return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                       _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
}

/// Folds 16 ASCII bytes as `ascii_fold` does: upper case to lower, controls but '\n' to ' '.
__m128i fold_block(__m128i v) {
  __m128i upper = in_range(v, 'A', 'Z');
  __m128i f = _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
  __m128i control = _mm_or_si128(_mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                                  _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)));
  return _mm_or_si128(_mm_andnot_si128(control, f), _mm_and_si128(control, _mm_set1_epi8(' ')));
}

#endif

/// Writes the words of `[r, end)` to `w` in canonical spacing: every run of separators becomes
/// one space, and the output ends with a space. `w` starts right after a space (the leading
/// pad). Invalid UTF-8 bytes are separators, or dropped with `drop_invalid` (a byte wedged into a
/// word then no longer splits it); `saw_unusual` is set when the text holds an invalid byte or
/// a leet sign (`@`, `$`). Safe in place (`w <= r`): it never writes past the bytes it has read.
char* write_canonical(const char* r, const char* end, char* w, bool drop_invalid,
                      bool& saw_unusual) {
  // Locals, not the reference: stores through `w` (a char*) could alias it.
  bool after_space = true;
  bool unusual = false;
  while (r < end) {
#if defined(__SSE2__)
    if (end - r >= 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r));
      if (_mm_movemask_epi8(v) == 0) {
        __m128i is_word = _mm_or_si128(in_range(v, 'a', 'z'), in_range(v, '0', '9'));
        auto words = static_cast<unsigned>(_mm_movemask_epi8(is_word));
        // Keep every word byte, and a separator right after a word byte (as one space).
        unsigned keep = (words | (words << 1) | (after_space ? 0u : 1u)) & 0xFFFFu;
        __m128i spaced =
            _mm_or_si128(_mm_and_si128(is_word, v), _mm_andnot_si128(is_word, _mm_set1_epi8(' ')));
        if (keep == 0xFFFFu) { // no separator run to squeeze: the usual prose block
          _mm_storeu_si128(reinterpret_cast<__m128i*>(w), spaced);
          w += 16;
        } else {
          alignas(16) char bytes[16];
          _mm_store_si128(reinterpret_cast<__m128i*>(bytes), spaced);
          for (int i = 0; i < 16; ++i) {
            *w = bytes[i];
            w += (keep >> i) & 1u;
          }
        }
        unusual |= _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('@')),
                                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('$')))) != 0;
        after_space = ((words >> 15) & 1u) == 0;
        r += 16;
        continue;
      }
    }
#endif
    auto c = static_cast<unsigned char>(*r);
    if (c < 0x80) {
      // Branch-free: letters and spaces alternate unpredictably.
      byte_class k = classes[c];
      bool word = k <= digit;
      *w = word ? static_cast<char>(c) : ' ';
      w += static_cast<int>(word || !after_space);
      after_space = !word;
      unusual |= k == leet_sign;
      ++r;
      continue;
    }
    uint32_t code_point = 0;
    size_t size = decode_utf8(r, end, code_point);
    if (size == 0) {
      unusual = true;
      if (!drop_invalid && !after_space) {
        *w++ = ' ';
        after_space = true;
      }
      ++r;
    } else if (is_separator_code_point(code_point)) {
      if (!after_space) *w++ = ' ';
      after_space = true;
      r += size;
    } else {
      w = std::copy(r, r + size, w);
      r += size;
      after_space = false;
    }
  }
  if (!after_space) *w++ = ' ';
  saw_unusual = saw_unusual || unusual;
  return w;
}

/// Bit masks of 64 bytes of a raw form: spaces, letters, digits leetspeak reads as letters.
struct chunk_masks {
  uint64_t space = 0;
  uint64_t letter = 0;
  uint64_t leet_digit = 0;
};

chunk_masks masks_at(std::string_view raw, size_t at) {
  chunk_masks m;
  size_t n = at < raw.size() ? std::min<size_t>(64, raw.size() - at) : 0;
#if defined(__SSE2__)
  alignas(16) char bytes[64] = {}; // zero beyond the end: neither space, letter nor digit
  std::memcpy(bytes, raw.data() + at, n);
  for (int block = 0; block < 4; ++block) {
    __m128i v = _mm_load_si128(reinterpret_cast<const __m128i*>(bytes + 16 * block));
    __m128i leet_digits = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('0')),
                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('1'))),
                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('3')),
                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('4')))),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('5')), _mm_cmpeq_epi8(v, _mm_set1_epi8('7'))));
    auto shift = static_cast<unsigned>(16 * block);
    auto bits = [&](__m128i mask) {
      return static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(mask))) << shift;
    };
    m.space |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    m.letter |= bits(in_range(v, 'a', 'z'));
    m.leet_digit |= bits(leet_digits);
  }
#else
  for (size_t i = 0; i < n; ++i) {
    char c = raw[at + i];
    uint64_t bit = uint64_t{1} << i;
    byte_class k = class_of(c);
    m.space |= c == ' ' ? bit : 0;
    m.letter |= k == letter ? bit : 0;
    m.leet_digit |= (k == digit && leet_of(c) != 0) ? bit : 0;
  }
#endif
  return m;
}

/// Whether normalising could change the raw form `raw` (canonical spacing): a letter touching
/// a leet digit, or three one-character words in a row. Conservative: `true` only means
/// "normalise and compare".
bool may_normalise(std::string_view raw) {
  // 64 bytes at a time; a pattern may straddle two chunks, so each chunk is tested together
  // with the next one, as 128 bits.
  using wide = unsigned __int128;
  chunk_masks current = masks_at(raw, 0);
  for (size_t at = 0; at < raw.size(); at += 64) {
    chunk_masks next = masks_at(raw, at + 64);
    wide space = current.space | (wide{next.space} << 64);
    wide letters = current.letter | (wide{next.letter} << 64);
    wide digits = current.leet_digit | (wide{next.leet_digit} << 64);
    wide mixed = (letters & (digits >> 1)) | (digits & (letters >> 1));
    // " x y z ": spaces at i, i+2, i+4 and i+6 (canonical spacing has no double spaces).
    wide triple = space & (space >> 2) & (space >> 4) & (space >> 6);
    if (static_cast<uint64_t>(mixed | triple) != 0) return true;
    current = next;
  }
  return false;
}

} // namespace

void fold_text(std::string_view text, std::string& out) {
  // Every replacement is at most as long as what it replaces: one resize, no reallocation.
  out.resize(text.size());
  char* w = out.data();
  const char* r = text.data();
  const char* end = r + text.size();
  while (r < end) {
#if defined(__SSE2__)
    if (end - r >= 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r));
      if (_mm_movemask_epi8(v) == 0) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(w), fold_block(v));
        r += 16;
        w += 16;
        continue;
      }
    }
#endif
    auto byte = static_cast<unsigned char>(*r);
    if (byte < 0x80) {
      *w++ = ascii_fold[byte];
      ++r;
      continue;
    }
    uint32_t code_point = 0;
    size_t size = decode_utf8(r, end, code_point);
    if (size == 0) {
      *w++ = *r++; // invalid byte: passed through, never interpreted
      continue;
    }
    if (const fold_entry* entry = find_fold(code_point)) {
      w = std::copy_n(entry->bytes, entry->size, w);
    } else {
      w = std::copy_n(r, size, w);
    }
    r += size;
  }
  out.resize(static_cast<size_t>(w - out.data()));
}

bool canonicalise_folded(std::string_view folded, std::string& out) {
  out.resize(folded.size() + 2);
  out[0] = ' ';
  bool unusual = false;
  char* end = write_canonical(folded.data(), folded.data() + folded.size(), out.data() + 1,
                              /*drop_invalid=*/false, unusual);
  out.resize(static_cast<size_t>(end - out.data()));
  return unusual || may_normalise(out);
}

void normalise_folded(std::string_view folded, std::string& out) {
  // Byte 0 is the leading pad; each later step rewrites the buffer in place, never growing it.
  out.resize(folded.size() + 2);
  out[0] = ' ';
  char* w = out.data() + 1;
  size_t i = 0;
  const size_t n = folded.size();
  while (i < n) {
    if (!in_leet_word(folded[i])) {
      *w++ = folded[i++];
      continue;
    }
    size_t j = i + 1;
    while (j < n && in_leet_word(folded[j]))
      ++j;
    char* start = w;
    if (j == i + 1 && is_single(folded, i)) {
      split_run run = measure_run(folded, i);
      if (run.chars >= min_run_chars && run.letters >= min_run_letters)
        w = write_joined(folded, i, run, w);
      else // copy the whole short run: starting again at its next letter would rescan it
        w = std::copy(folded.begin() + static_cast<std::ptrdiff_t>(i),
                      folded.begin() + static_cast<std::ptrdiff_t>(run.end), w);
      j = run.end;
    } else {
      w = std::copy(folded.begin() + static_cast<std::ptrdiff_t>(i),
                    folded.begin() + static_cast<std::ptrdiff_t>(j), w);
    }
    unleet(start, w);
    i = j;
  }
  bool unusual = false;
  char* end = write_canonical(out.data() + 1, w, out.data() + 1, /*drop_invalid=*/true, unusual);
  out.resize(static_cast<size_t>(end - out.data()));
}

void normalise_text(std::string_view text, std::string& out) {
  std::string folded; // a convenience for phrases and tests, not the scan path
  fold_text(text, folded);
  normalise_folded(folded, out);
}

} // namespace crm::guardrails
