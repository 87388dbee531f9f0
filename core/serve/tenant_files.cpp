// Reading a tenant's tokenizer and chat template, sharing the base's tokenizer when the files
// match.
#include "serve/tenant_files.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bitdelta::serve {
namespace fs = std::filesystem;
namespace {

const char* const kTokenizerFiles[] = {"tokenizer.json", "tokenizer.model", "tokenizer_config.json",
                                       "special_tokens_map.json", "added_tokens.json"};

bool read_file(const fs::path& p, std::string& out) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

bool has_tokenizer(const std::string& dir) {
    return fs::exists(fs::path(dir) / "tokenizer.json") ||
           fs::exists(fs::path(dir) / "tokenizer.model");
}

bool same_tokenizer_files(const std::string& a, const std::string& b) {
    for (const char* f : kTokenizerFiles) {
        std::string ca, cb;
        const bool ha = read_file(fs::path(a) / f, ca), hb = read_file(fs::path(b) / f, cb);
        if (ha != hb || ca != cb) return false;
    }
    return true;
}

}  // namespace

TenantFiles read_tenant_files(const std::string& dir, const std::string& base_dir) {
    TenantFiles out;
    const bool shared = !base_dir.empty() && has_tokenizer(base_dir) &&
                        (!has_tokenizer(dir) || same_tokenizer_files(dir, base_dir));
    if (!shared && has_tokenizer(dir)) {
        out.tokenizer = std::shared_ptr<const Tokenizer>(Tokenizer::load(dir));
        out.own_tokenizer = !base_dir.empty();
        for (const char* f : kTokenizerFiles) {
            std::error_code ec;
            const auto size = fs::file_size(fs::path(dir) / f, ec);
            if (!ec) out.host_bytes += static_cast<int64_t>(size);
        }
    }
    // Chat template: chat_template.jinja first, else tokenizer_config.json's "chat_template" (a
    // string, or a list of {name, template} where "default" is the one used), the same order
    // transformers uses.
    std::string source;
    if (read_file(fs::path(dir) / "chat_template.jinja", source)) {
        out.chat_template_source = "chat_template.jinja";
    } else {
        std::string cfg;
        if (read_file(fs::path(dir) / "tokenizer_config.json", cfg)) {
            try {
                const auto j = nlohmann::json::parse(cfg);
                if (j.contains("chat_template")) {
                    const auto& ct = j["chat_template"];
                    if (ct.is_string()) {
                        source = ct.get<std::string>();
                    } else if (ct.is_array()) {
                        for (const auto& e : ct)
                            if (e.value("name", "") == "default") source = e.value("template", "");
                    }
                    if (!source.empty()) out.chat_template_source = "tokenizer_config.json";
                }
            } catch (const nlohmann::json::exception& e) {
                throw Error((fs::path(dir) / "tokenizer_config.json").string() +
                            ": malformed JSON: " + e.what());
            }
        }
    }
    if (!source.empty()) {
        try {
            out.chat_template = std::make_shared<const ChatTemplate>(source);
        } catch (const Error& e) {
            throw Error(dir + ": chat template (" + out.chat_template_source + "): " + e.what());
        }
        out.host_bytes += static_cast<int64_t>(source.size());
    }
    return out;
}

std::vector<int64_t> stop_ids(const std::vector<int64_t>& config_eos, const Tokenizer* tokenizer) {
    std::vector<int64_t> ids = config_eos;
    if (tokenizer) {
        if (tokenizer->eos_id()) ids.push_back(*tokenizer->eos_id());
        for (const char* t :
             {"<|im_end|>", "<|eot_id|>", "<|end_of_text|>", "</s>", "<|endoftext|>", "<|end|>"}) {
            const auto id = tokenizer->token_to_id(t);
            if (id && tokenizer->is_special(*id)) ids.push_back(*id);
        }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

}  // namespace bitdelta::serve
