// Calibration and evaluation text (DESIGN 1): a .txt file (tokenized and cut into seq_len windows),
// a .jsonl file (field "text" of every line, same windows), or "self": sequences sampled from the
// fine-tune itself from BOS at temperature 1 (seeded), for users without in-domain text.
#include "bitdelta/internal.h"
#include "common/error.h"
#include "io/atomic_file.h"
#include "model/decoder.h"
#include "model/generate.h"
#include "text/tokenizer.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace bitdelta {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The documents of a .txt (paragraphs, so tokenizing stops early once enough tokens are in) or
// .jsonl file.
std::vector<std::string> read_documents(const std::string& path) {
    const std::string text = read_file(path);
    std::vector<std::string> docs;
    if (ends_with(path, ".jsonl")) {
        std::istringstream in(text);
        std::string line;
        int64_t line_no = 0;
        while (std::getline(in, line)) {
            ++line_no;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            try {
                auto j = nlohmann::json::parse(line);
                if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
                    throw Error(path + ":" + std::to_string(line_no) +
                                ": expected an object with a string \"text\"");
                docs.push_back(j["text"].get<std::string>());
            } catch (const nlohmann::json::exception& e) {
                throw Error(path + ":" + std::to_string(line_no) + ": malformed JSON: " + e.what());
            }
        }
    } else {
        // Paragraph blocks of ~4 KB keep tokenization incremental without splitting words.
        size_t pos = 0;
        while (pos < text.size()) {
            size_t end = std::min(text.size(), pos + 4096);
            if (end < text.size()) {
                size_t nl = text.find('\n', end);
                end = nl == std::string::npos ? text.size() : nl + 1;
            }
            docs.push_back(text.substr(pos, end - pos));
            pos = end;
        }
    }
    if (docs.empty()) throw Error(path + ": no text");
    return docs;
}

// Windows of seq_len tokens, each starting with BOS when the tokenizer has one.
std::vector<std::vector<int64_t>> chunk(const std::string& path, const Tokenizer& tok,
                                        int64_t seq_len, int64_t max_sequences,
                                        bool allow_partial) {
    const bool jsonl = ends_with(path, ".jsonl");
    std::vector<int64_t> stream;
    const auto bos = tok.bos_id();
    const int64_t body = bos ? seq_len - 1 : seq_len;
    const size_t needed =
        static_cast<size_t>(max_sequences > 0 ? max_sequences * body : INT64_MAX / 2);
    for (const auto& doc : read_documents(path)) {
        auto ids = tok.encode(doc, /*add_special=*/false);
        stream.insert(stream.end(), ids.begin(), ids.end());
        if (jsonl && tok.eos_id()) stream.push_back(*tok.eos_id());  // document boundary
        if (stream.size() >= needed) break;
    }
    std::vector<std::vector<int64_t>> out;
    for (size_t pos = 0; pos < stream.size(); pos += static_cast<size_t>(body)) {
        const size_t n = std::min(static_cast<size_t>(body), stream.size() - pos);
        if (n < static_cast<size_t>(body) && (!allow_partial || n < 2)) break;
        std::vector<int64_t> seq;
        if (bos) seq.push_back(*bos);
        seq.insert(seq.end(), stream.begin() + static_cast<long>(pos),
                   stream.begin() + static_cast<long>(pos + n));
        out.push_back(std::move(seq));
        if (max_sequences > 0 && static_cast<int64_t>(out.size()) >= max_sequences) break;
    }
    return out;
}

std::vector<std::vector<int64_t>> sample_self(const DecoderModel& model, const Tokenizer& tok,
                                              int64_t count, int64_t seq_len, uint64_t seed,
                                              Progress& progress) {
    at::NoGradGuard no_grad;
    int64_t bos = 0;
    if (tok.bos_id())
        bos = *tok.bos_id();
    else if (!model.config().bos_token_ids.empty())
        bos = model.config().bos_token_ids.front();
    else
        throw Error(
            "calibration \"self\": the fine-tune has no BOS token to start sampling from; pass a "
            "text file");
    std::vector<std::vector<int64_t>> out;
    const int64_t rows_per_batch = 32;
    for (int64_t first = 0; first < count; first += rows_per_batch) {
        const int64_t rows = std::min(rows_per_batch, count - first);
        std::vector<KvCache> caches;
        caches.reserve(static_cast<size_t>(rows));
        std::vector<Sampler> samplers;
        std::vector<std::vector<int64_t>> seqs(static_cast<size_t>(rows),
                                               std::vector<int64_t>{bos});
        for (int64_t r = 0; r < rows; ++r) {
            caches.push_back(model.make_cache(seq_len));
            SamplingSettings s;
            s.temperature = 1.0;
            s.seed = seed + static_cast<uint64_t>(first + r);
            samplers.emplace_back(s);
        }
        for (int64_t pos = 1; pos < seq_len; ++pos) {
            progress.check_cancelled();
            ForwardBatch batch;
            std::vector<int64_t> last(static_cast<size_t>(rows));
            for (int64_t r = 0; r < rows; ++r)
                last[static_cast<size_t>(r)] = seqs[static_cast<size_t>(r)].back();
            batch.input_ids = at::tensor(last, at::kLong).view({rows, 1}).to(model.device());
            for (auto& c : caches)
                batch.caches.push_back(&c);
            batch.last_token_logits_only = true;
            at::Tensor logits = model.forward(batch).select(1, 0).to(at::kFloat).cpu();
            for (int64_t r = 0; r < rows; ++r) {
                auto& seq = seqs[static_cast<size_t>(r)];
                seq.push_back(samplers[static_cast<size_t>(r)].next(logits[r], seq));
            }
        }
        for (auto& s : seqs)
            out.push_back(std::move(s));
        progress.update(
            static_cast<double>(out.size()) / static_cast<double>(count),
            "sampled " + std::to_string(out.size()) + "/" + std::to_string(count) + " sequences");
    }
    return out;
}

}  // namespace

CalibrationSet load_calibration(const std::string& spec, const std::string& tokenizer_dir,
                                const DecoderModel* model, int64_t count, int64_t seq_len,
                                uint64_t seed, Progress& progress) {
    if (seq_len < 2)
        throw Error("calibration: seq_len must be at least 2 (got " + std::to_string(seq_len) +
                    ")");
    if (count < 1) throw Error("calibration: need at least one sequence");
    auto tok = Tokenizer::load(tokenizer_dir);
    CalibrationSet set;
    progress.begin_stage("Preparing calibration", spec);
    if (spec == "self") {
        if (!model) throw Error("calibration \"self\" needs the fine-tune model");
        set.sequences = sample_self(*model, *tok, count, seq_len, seed, progress);
        set.source =
            "self (sampled from the fine-tune, temperature 1, seed " + std::to_string(seed) + ")";
        return set;
    }
    set.sequences = chunk(spec, *tok, seq_len, count, /*allow_partial=*/false);
    if (set.sequences.empty())
        throw Error(spec + ": too short for calibration: fewer than " + std::to_string(seq_len) +
                    " tokens");
    set.source = spec;
    return set;
}

std::vector<std::vector<int64_t>> load_text_sequences(const std::string& path,
                                                      const std::string& tokenizer_dir,
                                                      int64_t seq_len, int64_t max_sequences) {
    auto tok = Tokenizer::load(tokenizer_dir);
    auto seqs = chunk(path, *tok, seq_len, max_sequences, /*allow_partial=*/true);
    if (seqs.empty()) throw Error(path + ": no text to evaluate");
    return seqs;
}

double mean_nll(const DecoderModel& model, const std::vector<std::vector<int64_t>>& sequences,
                Progress& progress) {
    at::NoGradGuard no_grad;
    double total = 0;
    int64_t tokens = 0;
    for (size_t i = 0; i < sequences.size(); ++i) {
        progress.check_cancelled();
        const auto& seq = sequences[i];
        if (seq.size() < 2) continue;
        at::Tensor ids = at::tensor(seq, at::kLong).unsqueeze(0).to(model.device());
        ForwardBatch batch;
        batch.input_ids = ids;
        at::Tensor logits = model.forward(batch).squeeze(0).to(at::kFloat);  // [S, V]
        at::Tensor logp = at::log_softmax(logits.narrow(0, 0, logits.size(0) - 1), -1);
        at::Tensor target = ids.squeeze(0).narrow(0, 1, ids.size(1) - 1).unsqueeze(1);
        total -= logp.gather(1, target).sum().item<double>();
        tokens += ids.size(1) - 1;
    }
    if (tokens == 0) throw Error("evaluation: no sequence of at least 2 tokens");
    return total / static_cast<double>(tokens);
}

}  // namespace bitdelta
