#include "core/text/token_decoder.h"

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/text/byte_level.h"
#include "core/text/text_util.h"

namespace bitdelta::text {
namespace {

std::string replace_all(const std::string& s, const std::string& from, const std::string& to) {
    if (from.empty()) return s;
    std::string out;
    size_t pos = 0;
    for (size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
        out.append(s, pos, hit - pos);
        out += to;
    }
    out.append(s, pos, std::string::npos);
    return out;
}

// "<0xNN>" -> NN, else -1.
int byte_token(const std::string& t) {
    if (t.size() != 6 || t[0] != '<' || t[1] != '0' || t[2] != 'x' || t[5] != '>') return -1;
    auto hex = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    const int hi = hex(t[3]), lo = hex(t[4]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

}  // namespace

DecodeFn make_decoder(const nlohmann::json& spec, const std::string& where) {
    if (spec.is_null()) return {};
    const std::string type = spec.value("type", "");
    if (type == "Sequence") {
        std::vector<DecodeFn> steps;
        for (const auto& d : spec.at("decoders"))
            if (auto fn = make_decoder(d, where)) steps.push_back(std::move(fn));
        return [steps](std::vector<std::string>& toks) {
            for (const auto& s : steps)
                s(toks);
        };
    }
    if (type == "ByteLevel") {
        return [](std::vector<std::string>& toks) {
            std::string bytes;
            for (const auto& t : toks) {
                std::string mapped;
                bool ok = true;
                for (size_t i = 0; i < t.size() && ok;) {
                    uint32_t cp = 0;
                    i += utf8_next(t, i, &cp);
                    const int b = byte_level_byte(cp);
                    if (b < 0)
                        ok = false;
                    else
                        mapped += static_cast<char>(b);
                }
                bytes += ok ? mapped : t;  // tokens outside the byte alphabet pass through as is
            }
            toks.assign(1, utf8_lossy(bytes));
        };
    }
    if (type == "Metaspace") {
        const std::string rep = spec.value("replacement", std::string("\xE2\x96\x81"));
        std::string scheme = spec.value("prepend_scheme", std::string());
        if (scheme.empty()) scheme = spec.value("add_prefix_space", true) ? "always" : "never";
        const bool strip_first = scheme != "never";
        return [=](std::vector<std::string>& toks) {
            for (size_t i = 0; i < toks.size(); ++i) {
                std::string t = replace_all(toks[i], rep, " ");
                if (i == 0 && strip_first && !t.empty() && t[0] == ' ') t.erase(0, 1);
                toks[i] = std::move(t);
            }
        };
    }
    if (type == "ByteFallback") {
        return [](std::vector<std::string>& toks) {
            std::vector<std::string> out;
            std::string pending;
            size_t pending_count = 0;
            auto flush = [&] {
                if (!pending_count) return;
                if (utf8_valid(pending)) {
                    out.push_back(pending);
                } else {
                    std::string rep;
                    for (size_t k = 0; k < pending_count; ++k)
                        rep += "\xEF\xBF\xBD";
                    out.push_back(rep);
                }
                pending.clear();
                pending_count = 0;
            };
            for (auto& t : toks) {
                const int b = byte_token(t);
                if (b >= 0) {
                    pending += static_cast<char>(b);
                    ++pending_count;
                } else {
                    flush();
                    out.push_back(std::move(t));
                }
            }
            flush();
            toks = std::move(out);
        };
    }
    if (type == "Fuse") {
        return [](std::vector<std::string>& toks) {
            std::string all;
            for (auto& t : toks)
                all += t;
            toks.assign(1, all);
        };
    }
    if (type == "Strip") {
        const std::string content = spec.at("content").get<std::string>();
        const size_t start = spec.value("start", 0u), stop = spec.value("stop", 0u);
        return [=](std::vector<std::string>& toks) {
            for (auto& t : toks) {
                size_t a = 0, b = t.size();
                for (size_t k = 0; k < start && t.compare(a, content.size(), content) == 0 && a < b;
                     ++k)
                    a += content.size();
                for (size_t k = 0; k < stop && b >= a + content.size() &&
                                   t.compare(b - content.size(), content.size(), content) == 0;
                     ++k)
                    b -= content.size();
                t = t.substr(a, b - a);
            }
        };
    }
    if (type == "Replace") {
        const auto& pat = spec.at("pattern");
        if (!pat.contains("String"))
            fail_at(where, "Replace decoder with a regex pattern is not supported");
        const std::string from = pat.at("String").get<std::string>();
        const std::string to = spec.at("content").get<std::string>();
        return [=](std::vector<std::string>& toks) {
            for (auto& t : toks)
                t = replace_all(t, from, to);
        };
    }
    fail_at(where, "unsupported decoder type '" + type + "'");
}

}  // namespace bitdelta::text
