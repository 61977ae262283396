#!/usr/bin/env python3
"""Generates fold_table.cpp: the code-point folding table of the guardrail normaliser.

Run from this folder: `python3 gen_fold_table.py > fold_table.cpp` (the output is already
clang-formatted). The table is checked in; the build never runs Python.

Each entry maps one code point to what the matcher should see:
- compatibility folding (NFKD, combining marks stripped: fullwidth forms, ligatures, math
  alphanumerics, circled letters, accents: e-acute -> e, sharp s -> ss),
- lower case (Latin, Greek, Cyrillic),
- Cyrillic and Greek look-alikes -> the Latin letter they imitate,
- zero-width and format characters -> nothing, Unicode spaces -> ' ', dashes -> '-'.
A replacement is never longer (in UTF-8 bytes) than the code point it replaces, so the folded
text always fits in a buffer the size of the input.
"""
import sys
import unicodedata

# Look-alikes judged on the glyph as written (upper case Greek Eta looks like H, lower case eta
# like n), so these are looked up before lower-casing.
HOMOGLYPHS = {
    # Cyrillic capitals
    'А': 'a', 'В': 'b', 'Е': 'e', 'Ё': 'e', 'Ѕ': 's', 'І': 'i', 'Ї': 'i', 'Ј': 'j', 'К': 'k',
    'М': 'm', 'Н': 'h', 'О': 'o', 'Р': 'p', 'С': 'c', 'Т': 't', 'Х': 'x', 'У': 'y', 'Ү': 'y',
    'Ԁ': 'd', 'Ԛ': 'q', 'Ԝ': 'w', 'Һ': 'h', 'Ӏ': 'l',
    # Cyrillic small letters
    'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'ѕ': 's', 'і': 'i', 'ї': 'i', 'ј': 'j', 'к': 'k',
    'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 't', 'х': 'x', 'у': 'y', 'ү': 'y',
    'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'һ': 'h', 'ӏ': 'l', 'ѵ': 'v', 'ɡ': 'g',
    # Greek capitals
    'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'i', 'Κ': 'k', 'Μ': 'm', 'Ν': 'n',
    'Ο': 'o', 'Ρ': 'p', 'Τ': 't', 'Υ': 'y', 'Χ': 'x',
    # Greek small letters
    'α': 'a', 'β': 'b', 'γ': 'y', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'μ': 'u', 'ν': 'v',
    'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w', 'ϲ': 'c', 'ς': 's',
    # Latin letters that NFKD leaves alone
    'ı': 'i', 'ȷ': 'j', 'ɑ': 'a', 'ɩ': 'i', 'ʏ': 'y', 'ᴀ': 'a', 'ʙ': 'b', 'ᴄ': 'c', 'ᴅ': 'd',
    'ᴇ': 'e', 'ɢ': 'g', 'ʜ': 'h', 'ɪ': 'i', 'ᴊ': 'j', 'ᴋ': 'k', 'ʟ': 'l', 'ᴍ': 'm', 'ɴ': 'n',
    'ᴏ': 'o', 'ᴘ': 'p', 'ʀ': 'r', 'ꜱ': 's', 'ᴛ': 't', 'ᴜ': 'u', 'ᴠ': 'v', 'ᴡ': 'w', 'ᴢ': 'z',
    'ł': 'l', 'Ł': 'l', 'đ': 'd', 'Đ': 'd', 'ø': 'o', 'Ø': 'o', 'ħ': 'h', 'Ħ': 'h', 'ŧ': 't',
    'Ŧ': 't', 'ƀ': 'b', 'ɨ': 'i', 'ʉ': 'u',
    # Latin letters whose compatibility form is several letters
    'ß': 'ss', 'ẞ': 'ss', 'æ': 'ae', 'Æ': 'ae', 'œ': 'oe', 'Œ': 'oe', 'þ': 'th', 'Þ': 'th',
    'ð': 'd', 'Ð': 'd',
}

PUNCTUATION = {
    '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-',
    '\u2212': '-', '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
    '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"', '\u00ab': '"',
    '\u00bb': '"', '\u2039': "'", '\u203a': "'", '\u2026': '...', '\u00b4': "'", '\u02bc': "'",
    # Dots used to split letters (`v·o·t·e`) count as the ASCII separator.
    '\u00b7': '.', '\u2022': '.', '\u2027': '.', '\u2219': '.', '\u30fb': '.',
}

# Invisible characters used to split words: zero-width space/joiners, word joiner, BOM, soft
# hyphen, Mongolian vowel separator, invisible operators, variation selectors, tag characters.
DROP = set([0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062,
            0x2063, 0x2064, 0xFEFF, 0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0])
DROP.update(range(0x202A, 0x202F))  # bidi embeddings and overrides
DROP.update(range(0x2066, 0x206A))  # bidi isolates
DROP.update(range(0xFE00, 0xFE10))  # variation selectors
DROP.update(range(0xE0000, 0xE0080))  # tag characters

RANGES = [
    (0x0080, 0x052F),    # Latin-1 .. Cyrillic supplement
    (0x1D00, 0x1DBF),    # phonetic extensions (small capitals)
    (0x1E00, 0x1EFF),    # Latin extended additional (Vietnamese etc.)
    (0x1F00, 0x1FFF),    # Greek extended
    (0x2000, 0x24FF),    # punctuation, letterlike, roman numerals, enclosed alphanumerics
    (0x3000, 0x3000),    # ideographic space
    (0x30FB, 0x30FB),    # katakana middle dot
    (0xA730, 0xA7FF),    # Latin extended-D (small capital S)
    (0xFB00, 0xFB06),    # Latin ligatures
    (0xFE00, 0xFE0F),    # variation selectors
    (0xFEFF, 0xFEFF),    # BOM / zero-width no-break space
    (0xFF01, 0xFF5E),    # fullwidth ASCII
    (0x1D400, 0x1D7FF),  # mathematical alphanumerics
    (0x1F130, 0x1F189),  # squared / negative circled letters
    (0xE0000, 0xE007F),  # tags
]


def utf8_len(cp):
    return len(chr(cp).encode('utf-8'))


def fold_char(ch):
    """One character after compatibility folding, case folding and look-alike folding."""
    if ch in HOMOGLYPHS:
        return HOMOGLYPHS[ch]
    if ch in PUNCTUATION:
        return PUNCTUATION[ch]
    return None


def fold(cp):
    ch = chr(cp)
    if cp in DROP:
        return ''
    cat = unicodedata.category(ch)
    if cat == 'Zs' or cp in (0x2028, 0x2029, 0x0085):
        return ' '
    if cat == 'Mn':  # combining marks: accents written as separate code points
        return ''
    direct = fold_char(ch)
    if direct is not None:
        return direct
    decomposed = unicodedata.normalize('NFKD', ch)
    out = []
    for d in decomposed:
        if unicodedata.category(d) == 'Mn':
            continue
        f = fold_char(d)
        if f is None:
            f = fold_char(d.lower())
        if f is None:
            f = d.lower()
        out.append(f)
    result = ''.join(out)
    if result == ch:
        return None
    return result


def main():
    entries = []
    for lo, hi in RANGES:
        for cp in range(lo, hi + 1):
            if unicodedata.category(chr(cp)) == 'Cn' and cp not in DROP:
                continue
            result = fold(cp)
            if result is None:
                continue
            encoded = result.encode('utf-8')
            # Never grow the text, and keep only replacements that help matching: ASCII, or a
            # lower-case Greek/Cyrillic letter.
            if len(encoded) > utf8_len(cp) or len(encoded) > 4:
                continue
            if any(ord(c) >= 0x80 for c in result):
                if len(result) != 1 or not (0x0370 <= ord(result) <= 0x052F):
                    continue
            if any(ord(c) < 0x20 for c in result):
                continue
            entries.append((cp, encoded))
    entries.sort()
    w = sys.stdout.write
    w('// Generated by gen_fold_table.py (Python %s, unicodedata %s): do not edit by hand.\n'
      % (sys.version.split()[0], unicodedata.unidata_version))
    w('// Regenerate from actors/guardrails/: `python3 gen_fold_table.py > fold_table.cpp`.\n')
    w('// The table is checked in so that the build never needs Python.\n\n')
    w('#include "actors/guardrails/fold_table.hpp"\n\n')
    w('namespace crm::guardrails {\n\n')
    w('namespace {\n\n')
    w('constexpr fold_entry table[] = {\n')
    for cp, encoded in entries:
        body = ''.join('\\x%02x' % b for b in encoded)
        w('    {0x%05X, %d, "%s"},\n' % (cp, len(encoded), body))
    w('};\n\n')
    w('} // namespace\n\n')
    w('std::span<const fold_entry> fold_table() {\n')
    w('  return table;\n')
    w('}\n\n')
    w('} // namespace crm::guardrails\n')


if __name__ == '__main__':
    main()
