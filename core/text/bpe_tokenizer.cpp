#include "core/text/bpe_tokenizer.h"

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/text/text_util.h"

namespace bitdelta::text {
namespace {

// Collects the ids a post_processor puts before and after the single sequence $A.
void parse_post_processor(const nlohmann::json& pp, const std::string& where,
                          std::vector<int64_t>& prefix, std::vector<int64_t>& suffix) {
    if (pp.is_null()) return;
    const std::string type = pp.value("type", "");
    if (type == "Sequence") {
        for (const auto& p : pp.at("processors"))
            parse_post_processor(p, where, prefix, suffix);
        return;
    }
    if (type == "ByteLevel") return;  // only adjusts offsets
    if (type == "TemplateProcessing") {
        std::vector<int64_t> pre, post;
        bool seen_a = false;
        for (const auto& item : pp.at("single")) {
            if (item.contains("Sequence")) {
                if (item["Sequence"].value("id", "A") != "A")
                    fail_at(where,
                            "TemplateProcessing single template uses a sequence other than $A");
                seen_a = true;
                continue;
            }
            const std::string name = item.at("SpecialToken").at("id").get<std::string>();
            const auto& sp = pp.at("special_tokens");
            if (!sp.contains(name))
                fail_at(where, "TemplateProcessing special token '" + name + "' is not defined");
            for (const auto& id : sp[name].at("ids"))
                (seen_a ? post : pre).push_back(id.get<int64_t>());
        }
        prefix.insert(prefix.begin(), pre.begin(), pre.end());
        suffix.insert(suffix.end(), post.begin(), post.end());
        return;
    }
    if (type == "RobertaProcessing" || type == "BertProcessing") {
        prefix.insert(prefix.begin(), pp.at("cls").at(1).get<int64_t>());
        suffix.push_back(pp.at("sep").at(1).get<int64_t>());
        return;
    }
    fail_at(where, "unsupported post_processor type '" + type + "'");
}

}  // namespace

BpeTokenizer::BpeTokenizer(const std::string& json_path, const TokenizerConfig& config)
    : where_(json_path) {
    const nlohmann::json j = read_json_file(json_path);
    try {
        if (!j.is_object() || !j.contains("model")) fail_at(where_, "no \"model\" section");
        model_ = std::make_unique<BpeModel>(j.at("model"), where_);
        normalizer_ = make_normalizer(j.value("normalizer", nlohmann::json()), where_);
        pre_tokenizer_ = make_pre_tokenizer(j.value("pre_tokenizer", nlohmann::json()), where_);
        decoder_ = make_decoder(j.value("decoder", nlohmann::json()), where_);
        parse_post_processor(j.value("post_processor", nlohmann::json()), where_, prefix_ids_,
                             suffix_ids_);

        std::vector<AddedToken> added;
        if (j.contains("added_tokens") && j["added_tokens"].is_array())
            for (const auto& t : j["added_tokens"])
                added.push_back(parse_added_token(t, -1));
        // tokenizer_config.json may list tokens tokenizer.json lacks (older savers); add those.
        for (const auto& t : config.added_tokens_decoder) {
            bool known = false;
            for (const auto& a : added)
                known = known || a.id == t.id;
            if (!known) added.push_back(t);
        }
        std::vector<AddedToken> raw, normalized;
        for (const auto& t : added) {
            added_by_id_[t.id] = t;
            added_by_content_[t.content] = t.id;
            (t.normalized ? normalized : raw).push_back(t);
        }
        // With a normalizer, normalized tokens are matched in normalized text; without one it is
        // the same.
        raw_matcher_ = AddedTokenMatcher(raw);
        normalized_matcher_ = AddedTokenMatcher(normalized);
    } catch (const nlohmann::json::exception& e) {
        fail_at(where_, std::string("unexpected tokenizer.json structure: ") + e.what());
    }

    bos_token_ = config.bos_token;
    eos_token_ = config.eos_token;
    if (!bos_token_.empty()) bos_id_ = token_to_id(bos_token_);
    if (!eos_token_.empty()) eos_id_ = token_to_id(eos_token_);
    // Llama-style configs state add_bos_token/add_eos_token; transformers rebuilds the
    // post-processor from them, so they win over tokenizer.json's template.
    if (config.add_bos_token || config.add_eos_token) {
        prefix_ids_.clear();
        suffix_ids_.clear();
        if (config.add_bos_token.value_or(false)) {
            if (!bos_id_)
                fail_at(where_,
                        "add_bos_token is set but bos_token '" + bos_token_ + "' is unknown");
            prefix_ids_.push_back(*bos_id_);
        }
        if (config.add_eos_token.value_or(false)) {
            if (!eos_id_)
                fail_at(where_,
                        "add_eos_token is set but eos_token '" + eos_token_ + "' is unknown");
            suffix_ids_.push_back(*eos_id_);
        }
    }
    clean_up_spaces_ = config.clean_up_tokenization_spaces;
}

void BpeTokenizer::encode_plain(const std::string& text, bool at_start,
                                std::vector<int64_t>& out) const {
    std::vector<Piece> pieces{{text, at_start}};
    if (pre_tokenizer_) pre_tokenizer_(pieces);
    for (const auto& p : pieces)
        model_->tokenize(p.text, out);
}

std::vector<int64_t> BpeTokenizer::encode(const std::string& text, bool add_special) const {
    std::vector<int64_t> out;
    if (add_special) out = prefix_ids_;
    for (const auto& seg : raw_matcher_.split(text)) {
        if (seg.id) {
            out.push_back(*seg.id);
            continue;
        }
        const std::string part = text.substr(seg.start, seg.end - seg.start);
        const std::string norm = normalizer_ ? normalizer_(part) : part;
        const bool at_start = seg.start == 0;
        for (const auto& sub : normalized_matcher_.split(norm)) {
            if (sub.id)
                out.push_back(*sub.id);
            else
                encode_plain(norm.substr(sub.start, sub.end - sub.start),
                             at_start && sub.start == 0, out);
        }
    }
    if (add_special) out.insert(out.end(), suffix_ids_.begin(), suffix_ids_.end());
    return out;
}

std::string BpeTokenizer::decode(const std::vector<int64_t>& ids, bool skip_special) const {
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (int64_t id : ids) {
        auto it = added_by_id_.find(id);
        if (it != added_by_id_.end()) {
            if (skip_special && it->second.special) continue;
            tokens.push_back(it->second.content);
            continue;
        }
        if (const std::string* t = model_->id_to_token(id)) tokens.push_back(*t);
        // Unknown ids are dropped, as tokenizers does.
    }
    std::string text;
    if (decoder_) {
        decoder_(tokens);
        for (const auto& t : tokens)
            text += t;
    } else {
        for (size_t i = 0; i < tokens.size(); ++i)
            text += (i ? " " : "") + tokens[i];
    }
    return clean_up_spaces_ ? clean_up_tokenization(text) : text;
}

std::string BpeTokenizer::id_to_token(int64_t id) const {
    auto it = added_by_id_.find(id);
    if (it != added_by_id_.end()) return it->second.content;
    if (const std::string* t = model_->id_to_token(id)) return *t;
    return {};
}

std::optional<int64_t> BpeTokenizer::token_to_id(const std::string& token) const {
    auto it = added_by_content_.find(token);
    if (it != added_by_content_.end()) return it->second;
    return model_->token_to_id(token);
}

int64_t BpeTokenizer::vocab_size() const {
    int64_t n = model_->size();
    for (const auto& [id, t] : added_by_id_)
        n = std::max(n, id + 1);
    return n;
}

bool BpeTokenizer::is_special(int64_t id) const {
    auto it = added_by_id_.find(id);
    return it != added_by_id_.end() && it->second.special;
}

}  // namespace bitdelta::text
