#include "core/text/pre_tokenizer.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/text/byte_level.h"
#include "core/text/regex.h"
#include "core/text/text_util.h"

namespace bitdelta::text {

const char* const kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

std::vector<std::pair<size_t, size_t>> split_by_matches(
    const std::string& text, const std::vector<std::pair<size_t, size_t>>& matches,
    SplitBehavior behavior, bool invert) {
    // Mirrors tokenizers' NormalizedString::split: alternate (span, is_match), then merge by
    // behaviour.
    std::vector<std::pair<std::pair<size_t, size_t>, bool>> spans;
    size_t prev = 0;
    for (auto [a, b] : matches) {
        if (prev != a) spans.push_back({{prev, a}, false});
        spans.push_back({{a, b}, true});
        prev = b;
    }
    if (prev != text.size()) spans.push_back({{prev, text.size()}, false});
    if (invert)
        for (auto& s : spans)
            s.second = !s.second;

    std::vector<std::pair<size_t, size_t>> out;
    switch (behavior) {
        case SplitBehavior::Removed:
            for (auto& s : spans)
                if (!s.second) out.push_back(s.first);
            break;
        case SplitBehavior::Isolated:
            for (auto& s : spans)
                out.push_back(s.first);
            break;
        case SplitBehavior::MergedWithPrevious: {
            bool prev_match = false;
            for (auto& s : spans) {
                if (s.second && !prev_match && !out.empty())
                    out.back().second = s.first.second;
                else
                    out.push_back(s.first);
                prev_match = s.second;
            }
            break;
        }
        case SplitBehavior::MergedWithNext: {
            bool prev_match = false;
            for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
                if (it->second && !prev_match && !out.empty())
                    out.back().first = it->first.first;
                else
                    out.push_back(it->first);
                prev_match = it->second;
            }
            std::reverse(out.begin(), out.end());
            break;
        }
        case SplitBehavior::Contiguous: {
            bool prev_match = false;
            bool first = true;
            for (auto& s : spans) {
                if (!first && s.second == prev_match)
                    out.back().second = s.first.second;
                else
                    out.push_back(s.first);
                prev_match = s.second;
                first = false;
            }
            break;
        }
    }
    std::vector<std::pair<size_t, size_t>> nonempty;
    for (auto& o : out)
        if (o.first != o.second) nonempty.push_back(o);
    return nonempty;
}

namespace {

SplitBehavior parse_behavior(const std::string& b, const std::string& where) {
    if (b == "Removed") return SplitBehavior::Removed;
    if (b == "Isolated") return SplitBehavior::Isolated;
    if (b == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
    if (b == "MergedWithNext") return SplitBehavior::MergedWithNext;
    if (b == "Contiguous") return SplitBehavior::Contiguous;
    fail_at(where, "unknown split behavior '" + b + "'");
}

// Applies a match function to every piece and replaces it with its sub-pieces.
template <class MatchFn>
void split_pieces(std::vector<Piece>& pieces, MatchFn matches, SplitBehavior behavior,
                  bool invert) {
    std::vector<Piece> out;
    out.reserve(pieces.size());
    for (auto& p : pieces) {
        const auto spans = split_by_matches(p.text, matches(p.text), behavior, invert);
        for (auto [a, b] : spans)
            out.push_back({p.text.substr(a, b - a), p.at_start && a == 0});
    }
    pieces = std::move(out);
}

// Matches of every code point satisfying `pred` (HF's char-predicate patterns).
template <class Pred>
std::vector<std::pair<size_t, size_t>> char_matches(const std::string& s, Pred pred) {
    std::vector<std::pair<size_t, size_t>> m;
    for (size_t i = 0; i < s.size();) {
        uint32_t cp = 0;
        const size_t n = utf8_next(s, i, &cp);
        if (pred(cp)) m.emplace_back(i, i + n);
        i += n;
    }
    return m;
}

std::vector<std::pair<size_t, size_t>> string_matches(const std::string& s,
                                                      const std::string& needle) {
    std::vector<std::pair<size_t, size_t>> m;
    if (needle.empty()) return m;
    for (size_t pos = s.find(needle); pos != std::string::npos;
         pos = s.find(needle, pos + needle.size()))
        m.emplace_back(pos, pos + needle.size());
    return m;
}

std::string replace_spaces(const std::string& s, const std::string& rep) {
    std::string out;
    for (char c : s) {
        if (c == ' ')
            out += rep;
        else
            out += c;
    }
    return out;
}

bool is_ascii_digit_or_numeric(uint32_t cp) {
    // Rust's char::is_numeric covers Nd/Nl/No; ASCII and fullwidth digits are what tokenizers meet.
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19) ||
           (cp >= 0x660 && cp <= 0x669) || (cp >= 0x6F0 && cp <= 0x6F9) ||
           (cp >= 0x966 && cp <= 0x96F);
}

}  // namespace

PreTokenizeFn make_pre_tokenizer(const nlohmann::json& spec, const std::string& where) {
    if (spec.is_null()) return {};
    const std::string type = spec.value("type", "");
    if (type == "Sequence") {
        std::vector<PreTokenizeFn> steps;
        for (const auto& p : spec.at("pretokenizers"))
            if (auto fn = make_pre_tokenizer(p, where)) steps.push_back(std::move(fn));
        return [steps](std::vector<Piece>& pieces) {
            for (const auto& s : steps)
                s(pieces);
        };
    }
    if (type == "Split") {
        const auto& pat = spec.at("pattern");
        const SplitBehavior behavior =
            parse_behavior(spec.at("behavior").get<std::string>(), where);
        const bool invert = spec.value("invert", false);
        if (pat.contains("String")) {
            const std::string needle = pat.at("String").get<std::string>();
            return [=](std::vector<Piece>& pieces) {
                split_pieces(
                    pieces, [&](const std::string& s) { return string_matches(s, needle); },
                    behavior, invert);
            };
        }
        auto re = std::make_shared<Regex>(pat.at("Regex").get<std::string>(),
                                          where + " Split pre-tokenizer");
        return [=](std::vector<Piece>& pieces) {
            split_pieces(
                pieces, [&](const std::string& s) { return re->find_all(s); }, behavior, invert);
        };
    }
    if (type == "ByteLevel") {
        const bool add_prefix_space = spec.value("add_prefix_space", true);
        const bool use_regex = spec.value("use_regex", true);
        auto re = std::make_shared<Regex>(kGpt2Pattern, where + " ByteLevel pre-tokenizer");
        return [=](std::vector<Piece>& pieces) {
            if (add_prefix_space)
                for (auto& p : pieces)
                    if (p.text.empty() || p.text[0] != ' ') p.text.insert(0, " ");
            if (use_regex)
                split_pieces(
                    pieces, [&](const std::string& s) { return re->find_all(s); },
                    SplitBehavior::Isolated, false);
            for (auto& p : pieces)
                p.text = byte_level_encode(p.text);
        };
    }
    if (type == "Metaspace") {
        const std::string rep = spec.value("replacement", std::string("\xE2\x96\x81"));
        std::string scheme = spec.value("prepend_scheme", std::string());
        if (scheme.empty()) scheme = spec.value("add_prefix_space", true) ? "always" : "never";
        if (scheme != "always" && scheme != "first" && scheme != "never")
            fail_at(where, "Metaspace prepend_scheme '" + scheme + "' is not supported");
        const bool split = spec.value("split", true);
        return [=](std::vector<Piece>& pieces) {
            for (auto& p : pieces) {
                p.text = replace_spaces(p.text, rep);
                const bool starts = p.text.compare(0, rep.size(), rep) == 0;
                if (!starts && (scheme == "always" || (scheme == "first" && p.at_start)))
                    p.text.insert(0, rep);
            }
            if (split)
                split_pieces(
                    pieces, [&](const std::string& s) { return string_matches(s, rep); },
                    SplitBehavior::MergedWithNext, false);
        };
    }
    if (type == "Digits") {
        const bool individual = spec.value("individual_digits", false);
        return [=](std::vector<Piece>& pieces) {
            split_pieces(
                pieces,
                [](const std::string& s) { return char_matches(s, is_ascii_digit_or_numeric); },
                individual ? SplitBehavior::Isolated : SplitBehavior::Contiguous, false);
        };
    }
    if (type == "WhitespaceSplit") {
        return [](std::vector<Piece>& pieces) {
            split_pieces(
                pieces, [](const std::string& s) { return char_matches(s, is_unicode_space); },
                SplitBehavior::Removed, false);
        };
    }
    if (type == "Whitespace") {
        auto re = std::make_shared<Regex>(R"(\w+|[^\w\s]+)", where + " Whitespace pre-tokenizer");
        return [=](std::vector<Piece>& pieces) {
            split_pieces(
                pieces, [&](const std::string& s) { return re->find_all(s); },
                SplitBehavior::Removed, true);
        };
    }
    fail_at(where, "unsupported pre_tokenizer type '" + type + "'");
}

}  // namespace bitdelta::text
