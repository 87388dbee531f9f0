#include "eval/perplexity.h"

#include "common/error.h"
#include "io/atomic_file.h"
#include "io/checkpoint.h"
#include "model/decoder.h"
#include "text/chat_template.h"
#include "text/tokenizer.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

namespace bitdelta {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

size_t common_prefix(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n])
        ++n;
    return n;
}

bool whitespace_only(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char ch) {
        return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
    });
}

struct Record {
    std::string text;                // text mode
    std::vector<ChatTurn> messages;  // chat mode
};

std::vector<Record> read_records(const std::string& path, std::string& mode, int64_t max_records) {
    std::vector<Record> records;
    if (!ends_with(path, ".jsonl")) {
        if (mode == "chat") fail_at(path, "chat evaluation needs a .jsonl file with \"messages\"");
        mode = "text";
        records.push_back({read_file(path), {}});
        return records;
    }
    std::ifstream in(path);
    if (!in) fail_at(path, "cannot open the file");
    std::string line;
    int64_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.find_first_not_of(" \t\r\n") == std::string::npos) continue;
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const std::exception& e) {
            fail_at(path + ":" + std::to_string(line_no), std::string("invalid JSON: ") + e.what());
        }
        const bool has_messages =
            j.is_object() && j.contains("messages") && j["messages"].is_array();
        const bool has_text = j.is_object() && j.contains("text") && j["text"].is_string();
        if (mode == "auto") mode = has_messages ? "chat" : "text";
        Record record;
        if (mode == "chat") {
            if (!has_messages)
                fail_at(path + ":" + std::to_string(line_no), "expected a \"messages\" array");
            for (const auto& m : j["messages"]) {
                if (!m.is_object() || !m.contains("role") || !m.contains("content") ||
                    !m["role"].is_string() || !m["content"].is_string())
                    fail_at(path + ":" + std::to_string(line_no),
                            "each message needs string \"role\" and \"content\"");
                record.messages.push_back(
                    {m["role"].get<std::string>(), m["content"].get<std::string>()});
            }
        } else {
            if (!has_text)
                fail_at(path + ":" + std::to_string(line_no), "expected a string \"text\" field");
            record.text = j["text"].get<std::string>();
        }
        records.push_back(std::move(record));
        if (max_records > 0 && static_cast<int64_t>(records.size()) >= max_records) break;
    }
    if (records.empty()) fail_at(path, "no records");
    return records;
}

}  // namespace

NllSum sequence_nll(const DecoderModel& model, const std::vector<int64_t>& ids,
                    const std::vector<uint8_t>& scored, int64_t context, int64_t stride,
                    Progress& progress) {
    at::NoGradGuard no_grad;
    if (!scored.empty() && scored.size() != ids.size())
        fail_at("sequence_nll", "mask length differs from the token count");
    if (context < 2) fail_at("sequence_nll", "context must be at least 2 tokens");
    if (stride <= 0 || stride > context) stride = context;
    NllSum sum;
    const int64_t n = static_cast<int64_t>(ids.size());
    int64_t prev_end = 0;
    for (int64_t begin = 0; begin < n; begin += stride) {
        progress.check_cancelled();
        const int64_t end = std::min(begin + context, n);
        const int64_t first_scored = std::max(prev_end, begin + 1);  // absolute index
        if (end - begin >= 2 && first_scored < end) {
            std::vector<int64_t> window(ids.begin() + begin, ids.begin() + end);
            at::Tensor logits = model.logits(window);  // [L, V] fp32
            at::Tensor targets = at::tensor(at::ArrayRef<int64_t>(window), at::kLong)
                                     .narrow(0, 1, end - begin - 1)
                                     .to(logits.device());
            at::Tensor logp = at::log_softmax(logits.narrow(0, 0, end - begin - 1), -1);
            at::Tensor nll =
                (-logp.gather(1, targets.unsqueeze(1))).squeeze(1).to(at::kCPU, at::kDouble);
            const double* v = nll.data_ptr<double>();
            for (int64_t abs = first_scored; abs < end; ++abs) {
                if (!scored.empty() && !scored[static_cast<size_t>(abs)]) continue;
                sum.nll += v[abs - begin - 1];
                ++sum.tokens;
            }
        }
        prev_end = end;
        if (end == n) break;
    }
    return sum;
}

ChatTokens chat_answer_tokens(const Tokenizer& tokenizer, const std::string& chat_template,
                              const std::vector<ChatTurn>& messages) {
    if (chat_template.empty()) fail_at("chat evaluation", "the model has no chat template");
    ChatTemplate tmpl(chat_template);
    std::vector<ChatMessage> all;
    for (const auto& m : messages)
        all.push_back({m.role, m.content});
    const std::string bos = tokenizer.bos_token(), eos = tokenizer.eos_token();
    ChatTokens out;
    out.ids = tokenizer.encode(tmpl.render(all, false, bos, eos), /*add_special=*/false);
    out.scored.assign(out.ids.size(), 0);
    for (size_t i = 0; i < all.size(); ++i) {
        if (all[i].role != "assistant") continue;
        std::vector<ChatMessage> history(all.begin(), all.begin() + static_cast<long>(i));
        std::vector<ChatMessage> with_answer(all.begin(), all.begin() + static_cast<long>(i) + 1);
        // Rendering prefixes of the conversation: tokens up to the generation prompt are context,
        // what the answer adds is scored. Common prefixes guard against merges across the boundary.
        const auto prompt_ids = tokenizer.encode(tmpl.render(history, true, bos, eos), false);
        const auto answer_ids = tokenizer.encode(tmpl.render(with_answer, false, bos, eos), false);
        const size_t a = common_prefix(prompt_ids, out.ids);
        size_t b = common_prefix(answer_ids, out.ids);
        if (b == answer_ids.size()) {
            while (b > a && whitespace_only(tokenizer.decode({out.ids[b - 1]}, false)))
                --b;
        }
        for (size_t t = a; t < b; ++t)
            out.scored[t] = 1;
    }
    return out;
}

PerplexityResult evaluate_perplexity(const DecoderModel& model, const Tokenizer& tokenizer,
                                     const std::string& chat_template, const std::string& data_path,
                                     const PerplexityOptions& options, Progress& progress) {
    const auto start = std::chrono::steady_clock::now();
    PerplexityResult result;
    result.data_path = data_path;
    result.mode = options.mode;
    if (result.mode != "auto" && result.mode != "text" && result.mode != "chat")
        fail_at("evaluation mode", "\"" + result.mode + "\" is not auto, text or chat");
    const std::vector<Record> records = read_records(data_path, result.mode, options.max_records);
    int64_t context = options.context > 0
                          ? options.context
                          : std::min<int64_t>(model.config().max_position_embeddings, 2048);
    if (context < 2) context = 2;
    const int64_t stride = options.stride > 0 ? std::min(options.stride, context) : context;

    progress.begin_stage("Tokenizing", data_path);
    std::vector<ChatTokens> sequences;
    int64_t total_tokens = 0;
    for (const auto& record : records) {
        progress.check_cancelled();
        if (result.mode == "chat") {
            sequences.push_back(chat_answer_tokens(tokenizer, chat_template, record.messages));
        } else {
            sequences.push_back({tokenizer.encode(record.text, /*add_special=*/true), {}});
        }
        total_tokens += static_cast<int64_t>(sequences.back().ids.size());
    }
    progress.begin_stage("Evaluating", data_path);
    NllSum total;
    int64_t processed = 0;
    for (const auto& seq : sequences) {
        // Long sequences report progress per window through a relay into the overall fraction.
        const NllSum s = sequence_nll(model, seq.ids, seq.scored, context, stride, progress);
        total.nll += s.nll;
        total.tokens += s.tokens;
        ++result.sequences;
        processed += static_cast<int64_t>(seq.ids.size());
        progress.update(total_tokens > 0 ? static_cast<double>(processed) / total_tokens : 1.0,
                        std::to_string(total.tokens) + " tokens scored");
        if (options.max_tokens > 0 && total.tokens >= options.max_tokens) break;
    }
    if (total.tokens == 0)
        fail_at(data_path, "no tokens to score (text too short or no assistant turns)");
    result.tokens = total.tokens;
    result.mean_nll = total.nll / static_cast<double>(total.tokens);
    result.perplexity = std::exp(result.mean_nll);
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

PerplexityResult evaluate_perplexity(const std::string& model_dir, const std::string& data_path,
                                     const PerplexityOptions& options, const std::string& device,
                                     const std::string& dtype, Progress& progress) {
    const LoadOptions load_options = resolve_load_options(device, dtype);
    const Checkpoint checkpoint = Checkpoint::open(model_dir);
    const auto tokenizer = Tokenizer::load(model_dir);
    const auto model = DecoderModel::load(checkpoint, load_options, progress);
    return evaluate_perplexity(*model, *tokenizer,
                               checkpoint.chat_template().value_or(std::string()), data_path,
                               options, progress);
}

std::string perplexity_result_json(const PerplexityResult& result) {
    nlohmann::json j;
    j["data"] = result.data_path;
    j["mode"] = result.mode;
    j["mean_nll"] = result.mean_nll;
    j["perplexity"] = result.perplexity;
    j["tokens"] = result.tokens;
    j["sequences"] = result.sequences;
    j["seconds"] = result.seconds;
    return j.dump(2);
}

}  // namespace bitdelta
