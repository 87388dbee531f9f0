#include "core/text/bpe_model.h"

#include <nlohmann/json.hpp>
#include <queue>

#include "core/common/error.h"
#include "core/text/text_util.h"

namespace bitdelta::text {

BpeModel::BpeModel(const nlohmann::json& model, const std::string& where) {
    const std::string type = model.value("type", "BPE");
    if (type != "BPE") fail_at(where, "model type '" + type + "' is not supported (only BPE)");
    if (model.contains("dropout") && !model["dropout"].is_null() &&
        model["dropout"].get<double>() > 0.0)
        fail_at(where, "BPE dropout is not supported");
    auto str_or_empty = [&](const char* key) {
        return model.contains(key) && model[key].is_string() ? model[key].get<std::string>()
                                                             : std::string();
    };
    prefix_ = str_or_empty("continuing_subword_prefix");
    suffix_ = str_or_empty("end_of_word_suffix");
    if (!prefix_.empty() || !suffix_.empty())
        fail_at(where, "BPE continuing_subword_prefix/end_of_word_suffix are not supported");
    fuse_unk_ = model.value("fuse_unk", false);
    byte_fallback_ = model.value("byte_fallback", false);
    ignore_merges_ = model.value("ignore_merges", false);

    const auto& vocab = model.at("vocab");
    int64_t max_id = -1;
    for (auto it = vocab.begin(); it != vocab.end(); ++it)
        max_id = std::max<int64_t>(max_id, it.value().get<int64_t>());
    id_to_token_.assign(static_cast<size_t>(max_id + 1), std::string());
    vocab_.reserve(vocab.size());
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        const int64_t id = it.value().get<int64_t>();
        vocab_[it.key()] = id;
        id_to_token_[static_cast<size_t>(id)] = it.key();
    }
    const std::string unk = str_or_empty("unk_token");
    if (!unk.empty()) {
        auto it = vocab_.find(unk);
        if (it == vocab_.end()) fail_at(where, "unk_token '" + unk + "' is not in the vocab");
        unk_id_ = it->second;
    }

    int32_t rank = 0;
    for (const auto& m : model.at("merges")) {
        std::string a, b;
        if (m.is_string()) {
            // Legacy "a b" form: tokens never contain spaces in this form, split at the first one.
            const std::string s = m.get<std::string>();
            const size_t sp = s.find(' ', 1);
            if (sp == std::string::npos) fail_at(where, "malformed merge '" + s + "'");
            a = s.substr(0, sp);
            b = s.substr(sp + 1);
        } else if (m.is_array() && m.size() == 2) {
            a = m[0].get<std::string>();
            b = m[1].get<std::string>();
        } else {
            fail_at(where, "malformed merge entry " + m.dump());
        }
        auto ia = vocab_.find(a), ib = vocab_.find(b), iab = vocab_.find(a + b);
        if (ia == vocab_.end() || ib == vocab_.end())
            fail_at(where, "merge '" + a + " " + b + "' uses a token missing from the vocab");
        if (iab == vocab_.end())
            fail_at(where, "merge result '" + a + b + "' is missing from the vocab");
        const uint64_t key =
            (static_cast<uint64_t>(ia->second) << 32) | static_cast<uint64_t>(ib->second);
        merges_.emplace(key, std::make_pair(rank, static_cast<int32_t>(iab->second)));
        ++rank;
    }
    have_all_bytes_ = true;
    for (int b = 0; b < 256; ++b) {
        char name[8];
        snprintf(name, sizeof(name), "<0x%02X>", b);
        auto it = vocab_.find(name);
        byte_ids_[b] = it == vocab_.end() ? -1 : it->second;
        if (byte_ids_[b] < 0) have_all_bytes_ = false;
    }
}

std::optional<int64_t> BpeModel::token_to_id(const std::string& token) const {
    auto it = vocab_.find(token);
    if (it == vocab_.end()) return std::nullopt;
    return it->second;
}

const std::string* BpeModel::id_to_token(int64_t id) const {
    if (id < 0 || id >= size()) return nullptr;
    const std::string& t = id_to_token_[static_cast<size_t>(id)];
    return &t;
}

void BpeModel::tokenize(const std::string& word, std::vector<int64_t>& out) const {
    if (word.empty()) return;
    if (ignore_merges_) {
        auto it = vocab_.find(word);
        if (it != vocab_.end()) {
            out.push_back(it->second);
            return;
        }
    }
    struct Symbol {
        int64_t id;
        int prev, next;
        bool alive;
    };
    std::vector<Symbol> sym;
    int64_t pending_unk = -1;  // fused unk run not yet added (-1: none; ids are >= 0)
    auto add = [&](int64_t id) {
        const int n = static_cast<int>(sym.size());
        sym.push_back({id, n - 1, -1, true});
        if (n > 0) sym[static_cast<size_t>(n - 1)].next = n;
    };
    for (size_t i = 0; i < word.size();) {
        uint32_t cp = 0;
        const size_t n = utf8_next(word, i, &cp);
        const std::string ch = word.substr(i, n);
        i += n;
        auto it = vocab_.find(ch);
        if (it != vocab_.end()) {
            if (pending_unk >= 0) add(pending_unk), pending_unk = -1;
            add(it->second);
            continue;
        }
        if (byte_fallback_) {
            bool all = true;
            for (unsigned char b : ch)
                all = all && byte_ids_[b] >= 0;
            if (all) {
                for (unsigned char b : ch)
                    add(byte_ids_[b]);
                continue;
            }
        }
        if (unk_id_) {
            if (pending_unk >= 0 && !fuse_unk_) add(pending_unk);
            pending_unk = *unk_id_;
        }
        // Without an unk token HF drops the character silently; so do we.
    }
    if (pending_unk >= 0) add(pending_unk);

    struct Merge {
        int32_t rank;
        int pos;
        int32_t new_id;
        bool operator<(const Merge& o) const {  // priority_queue pops the "largest": invert
            if (rank != o.rank) return rank > o.rank;
            return pos > o.pos;
        }
    };
    auto lookup = [&](int64_t a, int64_t b) -> const std::pair<int32_t, int32_t>* {
        auto it = merges_.find((static_cast<uint64_t>(a) << 32) | static_cast<uint64_t>(b));
        return it == merges_.end() ? nullptr : &it->second;
    };
    std::priority_queue<Merge> queue;
    for (size_t k = 0; k + 1 < sym.size(); ++k)
        if (auto m = lookup(sym[k].id, sym[k + 1].id))
            queue.push({m->first, static_cast<int>(k), m->second});
    while (!queue.empty()) {
        const Merge top = queue.top();
        queue.pop();
        Symbol& cur = sym[static_cast<size_t>(top.pos)];
        if (!cur.alive || cur.next < 0) continue;
        Symbol& right = sym[static_cast<size_t>(cur.next)];
        auto m = lookup(cur.id, right.id);
        if (!m || m->second != top.new_id) continue;  // stale queue entry
        cur.id = top.new_id;
        right.alive = false;
        cur.next = right.next;
        if (right.next >= 0) sym[static_cast<size_t>(right.next)].prev = top.pos;
        if (cur.prev >= 0)
            if (auto pm = lookup(sym[static_cast<size_t>(cur.prev)].id, cur.id))
                queue.push({pm->first, cur.prev, pm->second});
        if (cur.next >= 0)
            if (auto nm = lookup(cur.id, sym[static_cast<size_t>(cur.next)].id))
                queue.push({nm->first, top.pos, nm->second});
    }
    for (const auto& s : sym)
        if (s.alive) out.push_back(s.id);
}

}  // namespace bitdelta::text
