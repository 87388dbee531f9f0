#include "core/text/normalizer.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/common/error.h"
#include "core/text/regex.h"
#include "core/text/text_util.h"

namespace bitdelta::text {
namespace {

std::string replace_all(const std::string& s, const std::string& from, const std::string& to) {
    if (from.empty()) return s;
    std::string out;
    size_t pos = 0;
    for (;;) {
        const size_t hit = s.find(from, pos);
        if (hit == std::string::npos) break;
        out.append(s, pos, hit - pos);
        out += to;
        pos = hit + from.size();
    }
    out.append(s, pos, std::string::npos);
    return out;
}

// Code points whose NFC (and, below U+00A0, NFKC) form is themselves and that never combine with a
// neighbour. Full Unicode normalisation needs tables we do not carry (no ICU on the GPU machine),
// so text outside these ranges is refused rather than silently mis-normalised.
bool nfc_stable(uint32_t c) {
    if (c < 0x300) return true;
    if (c >= 0x370 && c <= 0x373) return true;
    if (c >= 0x376 && c <= 0x37D) return true;
    if (c >= 0x388 && c <= 0x482) return true;
    if (c >= 0x48A && c <= 0x52F) return true;
    if (c >= 0x2002 && c <= 0x2125) return true;
    if (c >= 0x2127 && c <= 0x2129) return true;
    if (c >= 0x212C && c <= 0x2328) return true;
    if (c >= 0x232B && c <= 0x2BFF) return true;
    if (c >= 0x3000 && c <= 0x3098) return true;
    if (c >= 0x309B && c <= 0x30FF) return true;
    if (c >= 0x4E00 && c <= 0x9FFF) return true;
    if (c >= 0xAC00 && c <= 0xD7A3) return true;
    if (c >= 0xFF01 && c <= 0xFFEF) return true;
    if (c >= 0x1F000 && c <= 0x1FAFF) return true;
    return false;
}

NormalizeFn make_unicode_form(const std::string& form, const std::string& where) {
    const bool compat = form == "NFKC" || form == "NFKD";
    const bool decompose = form == "NFD" || form == "NFKD";
    return [=](const std::string& s) {
        for (size_t i = 0; i < s.size();) {
            uint32_t cp = 0;
            i += utf8_next(s, i, &cp);
            const bool ok = decompose ? cp < 0xC0 : compat ? cp < 0xA0 : nfc_stable(cp);
            if (!ok)
                fail_at(
                    where, form + " normalizer: text contains U+" + [cp] {
                        char b[16];
                        snprintf(b, sizeof(b), "%04X", cp);
                        return std::string(b);
                    }() + ", which needs Unicode normalisation tables this build does not have");
        }
        return s;
    };
}

}  // namespace

NormalizeFn make_normalizer(const nlohmann::json& spec, const std::string& where) {
    if (spec.is_null()) return {};
    const std::string type = spec.value("type", "");
    if (type == "Sequence") {
        std::vector<NormalizeFn> parts;
        for (const auto& n : spec.at("normalizers"))
            if (auto fn = make_normalizer(n, where)) parts.push_back(std::move(fn));
        return [parts](const std::string& s) {
            std::string out = s;
            for (const auto& p : parts)
                out = p(out);
            return out;
        };
    }
    if (type == "Prepend") {
        const std::string prefix = spec.at("prepend").get<std::string>();
        // HF prepends only to non-empty strings.
        return [prefix](const std::string& s) { return s.empty() ? s : prefix + s; };
    }
    if (type == "Replace") {
        const auto& pat = spec.at("pattern");
        const std::string content = spec.at("content").get<std::string>();
        if (pat.contains("String")) {
            const std::string from = pat.at("String").get<std::string>();
            return [from, content](const std::string& s) { return replace_all(s, from, content); };
        }
        auto re = std::make_shared<Regex>(pat.at("Regex").get<std::string>(),
                                          where + " Replace normalizer");
        return [re, content](const std::string& s) {
            std::string out;
            size_t prev = 0;
            for (auto [a, b] : re->find_all(s)) {
                out.append(s, prev, a - prev);
                out += content;
                prev = b;
            }
            out.append(s, prev, std::string::npos);
            return out;
        };
    }
    if (type == "Strip") {
        const bool left = spec.value("strip_left", true), right = spec.value("strip_right", true);
        return [left, right](const std::string& s) {
            size_t a = 0, b = s.size();
            while (left && a < b) {
                uint32_t cp = 0;
                const size_t n = utf8_next(s, a, &cp);
                if (!is_unicode_space(cp)) break;
                a += n;
            }
            while (right && b > a) {
                size_t k = b - 1;
                while (k > a && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80)
                    --k;
                uint32_t cp = 0;
                utf8_next(s, k, &cp);
                if (!is_unicode_space(cp)) break;
                b = k;
            }
            return s.substr(a, b - a);
        };
    }
    if (type == "NFC" || type == "NFKC" || type == "NFD" || type == "NFKD")
        return make_unicode_form(type, where);
    fail_at(where, "unsupported normalizer type '" + type + "'");
}

}  // namespace bitdelta::text
