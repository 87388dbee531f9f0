#include "core/text/added_tokens.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/text/text_util.h"

namespace bitdelta::text {
namespace {

bool is_word_char(uint32_t cp) {
    // Rust's char::is_alphanumeric || '_' ; ASCII plus everything non-ASCII that is not a space or
    // common punctuation is close enough for single_word decisions.
    if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) || cp == '_';
    return !is_unicode_space(cp) && !(cp >= 0x2000 && cp <= 0x206F) &&
           !(cp >= 0x3000 && cp <= 0x303F);
}

uint32_t last_cp(const std::string& s, size_t end) {
    size_t k = end - 1;
    while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80)
        --k;
    uint32_t cp = 0;
    utf8_next(s, k, &cp);
    return cp;
}

std::string token_string(const nlohmann::json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_object() && j.contains("content") && j["content"].is_string())
        return j["content"].get<std::string>();
    return {};
}

}  // namespace

AddedToken parse_added_token(const nlohmann::json& j, int64_t id) {
    AddedToken t;
    t.id = j.contains("id") ? j["id"].get<int64_t>() : id;
    t.content = j.at("content").get<std::string>();
    t.special = j.value("special", false);
    t.lstrip = j.value("lstrip", false);
    t.rstrip = j.value("rstrip", false);
    t.normalized = j.value("normalized", !t.special);
    t.single_word = j.value("single_word", false);
    return t;
}

AddedTokenMatcher::AddedTokenMatcher(std::vector<AddedToken> tokens) : tokens_(std::move(tokens)) {
    by_first_byte_.assign(256, {});
    for (size_t i = 0; i < tokens_.size(); ++i)
        if (!tokens_[i].content.empty())
            by_first_byte_[static_cast<unsigned char>(tokens_[i].content[0])].push_back(i);
    for (auto& v : by_first_byte_)
        std::stable_sort(v.begin(), v.end(), [&](size_t a, size_t b) {
            return tokens_[a].content.size() > tokens_[b].content.size();
        });
}

std::vector<Segment> AddedTokenMatcher::split(const std::string& s) const {
    std::vector<Segment> out;
    size_t start_offset = 0;
    size_t i = 0;
    while (i < s.size() && !tokens_.empty()) {
        const AddedToken* hit = nullptr;
        for (size_t idx : by_first_byte_[static_cast<unsigned char>(s[i])]) {
            const auto& t = tokens_[idx];
            if (s.compare(i, t.content.size(), t.content) == 0) {
                hit = &t;
                break;
            }
        }
        if (!hit) {
            ++i;
            continue;
        }
        size_t start = i, stop = i + hit->content.size();
        i = stop;
        if (hit->single_word) {
            const bool start_space = start == 0 || !is_word_char(last_cp(s, start));
            uint32_t next = 0;
            if (stop < s.size()) utf8_next(s, stop, &next);
            const bool stop_space = stop == s.size() || !is_word_char(next);
            if (!start_space || !stop_space) continue;
        }
        if (hit->lstrip) {
            size_t ns = start;
            while (ns > 0 && is_unicode_space(last_cp(s, ns))) {
                size_t k = ns - 1;
                while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80)
                    --k;
                ns = k;
            }
            start = std::max(ns, start_offset);
        }
        if (hit->rstrip) {
            while (stop < s.size()) {
                uint32_t cp = 0;
                const size_t n = utf8_next(s, stop, &cp);
                if (!is_unicode_space(cp)) break;
                stop += n;
            }
            i = stop;
        }
        if (start_offset < start) out.push_back({std::nullopt, start_offset, start});
        out.push_back({hit->id, start, stop});
        start_offset = stop;
    }
    if (start_offset < s.size()) out.push_back({std::nullopt, start_offset, s.size()});
    return out;
}

TokenizerConfig TokenizerConfig::load(const std::string& dir) {
    TokenizerConfig c;
    auto read_specials = [&](const nlohmann::json& j) {
        if (j.contains("bos_token")) c.bos_token = token_string(j["bos_token"]);
        if (j.contains("eos_token")) c.eos_token = token_string(j["eos_token"]);
        if (j.contains("unk_token")) c.unk_token = token_string(j["unk_token"]);
        if (j.contains("pad_token")) c.pad_token = token_string(j["pad_token"]);
    };
    const std::string map_path = join_path(dir, "special_tokens_map.json");
    if (file_exists(map_path)) read_specials(read_json_file(map_path));
    const std::string path = join_path(dir, "tokenizer_config.json");
    if (!file_exists(path)) return c;
    const nlohmann::json j = read_json_file(path);
    if (!j.is_object()) fail_at(path, "expected a JSON object");
    read_specials(j);
    if (j.contains("add_bos_token") && j["add_bos_token"].is_boolean())
        c.add_bos_token = j["add_bos_token"].get<bool>();
    if (j.contains("add_eos_token") && j["add_eos_token"].is_boolean())
        c.add_eos_token = j["add_eos_token"].get<bool>();
    if (j.contains("legacy") && j["legacy"].is_boolean()) c.legacy = j["legacy"].get<bool>();
    c.clean_up_tokenization_spaces = j.value("clean_up_tokenization_spaces", false);
    if (j.contains("added_tokens_decoder") && j["added_tokens_decoder"].is_object()) {
        for (auto it = j["added_tokens_decoder"].begin(); it != j["added_tokens_decoder"].end();
             ++it) {
            try {
                c.added_tokens_decoder.push_back(
                    parse_added_token(it.value(), std::stoll(it.key())));
            } catch (const std::exception& e) {
                fail_at(path,
                        "malformed added_tokens_decoder entry '" + it.key() + "': " + e.what());
            }
        }
    }
    return c;
}

std::string clean_up_tokenization(const std::string& text) {
    static const std::pair<const char*, const char*> kRules[] = {
        {" .", "."},     {" ?", "?"},   {" !", "!"},   {" ,", ","},     {" ' ", "'"},
        {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
    std::string s = text;
    for (const auto& [from, to] : kRules) {
        std::string out;
        const std::string f = from;
        size_t pos = 0;
        for (size_t hit; (hit = s.find(f, pos)) != std::string::npos; pos = hit + f.size()) {
            out.append(s, pos, hit - pos);
            out += to;
        }
        out.append(s, pos, std::string::npos);
        s = std::move(out);
    }
    return s;
}

}  // namespace bitdelta::text
