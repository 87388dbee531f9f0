#pragma once
// Perplexity and answer-only NLL (DESIGN.md section 1, model-level diagnostics). Plain types only,
// so the UI and the CLI call it directly.
//
// Data formats:
//  - .txt: the whole file is one text, tokenized once (with the tokenizer's special tokens, e.g.
//  BOS)
//    and scored in windows of `context` tokens moved by `stride` (HF's perplexity recipe: each
//    token is scored once, in the first window where it lies in the part not covered by the
//    previous one; the first token of the text is never scored).
//  - .jsonl with a "text" field per line: each line is its own text, scored as above.
//  - .jsonl with a "messages" field per line ([{"role","content"}...]): rendered with the model's
//  chat
//    template; only assistant tokens are scored (answer-only NLL). An assistant turn's tokens are
//    those the conversation gains from "history + generation prompt" to "history + this answer";
//    trailing whitespace-only tokens (the newline after an end-of-turn marker) are not scored, the
//    end-of-turn token itself is.
#include "common/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bitdelta {

class DecoderModel;
class Tokenizer;

struct PerplexityOptions {
    int64_t context = 0;        // tokens per window; 0 = min(max_position_embeddings, 2048)
    int64_t stride = 0;         // 0 = context (non-overlapping windows)
    std::string mode = "auto";  // auto (from the file) | text | chat
    int64_t max_records = 0;    // .jsonl: evaluate only the first N records; 0 = all
    int64_t max_tokens = 0;     // stop after scoring this many tokens; 0 = all
};

struct PerplexityResult {
    double mean_nll = 0.0;    // nats per scored token
    double perplexity = 0.0;  // exp(mean_nll)
    int64_t tokens = 0;       // scored tokens
    int64_t sequences = 0;    // texts or conversations evaluated
    std::string mode;         // "text" or "chat"
    std::string data_path;
    double seconds = 0.0;
};

// Sum of -log p(token) over the scored tokens of one sequence, windowed as described above.
struct NllSum {
    double nll = 0.0;
    int64_t tokens = 0;
};
// `scored` (same length as `ids`, or empty = all) marks which tokens count.
NllSum sequence_nll(const DecoderModel& model, const std::vector<int64_t>& ids,
                    const std::vector<uint8_t>& scored, int64_t context, int64_t stride,
                    Progress& progress = Progress::silent());

// Token ids and the answer-only mask of one chat conversation (exposed for tests and the UI).
struct ChatTokens {
    std::vector<int64_t> ids;
    std::vector<uint8_t> scored;
};
struct ChatTurn {
    std::string role, content;
};
ChatTokens chat_answer_tokens(const Tokenizer& tokenizer, const std::string& chat_template,
                              const std::vector<ChatTurn>& messages);

// Evaluates a model already in memory (base, fine-tune or compressed). `chat_template` is needed
// for chat data only (may be empty otherwise).
PerplexityResult evaluate_perplexity(const DecoderModel& model, const Tokenizer& tokenizer,
                                     const std::string& chat_template, const std::string& data_path,
                                     const PerplexityOptions& options, Progress& progress);

// Loads the checkpoint folder (device: auto | cpu | cuda | cuda:N; dtype: auto | fp32 | bf16 |
// fp16) and evaluates it.
PerplexityResult evaluate_perplexity(const std::string& model_dir, const std::string& data_path,
                                     const PerplexityOptions& options, const std::string& device,
                                     const std::string& dtype, Progress& progress);

// {"data": ..., "mode": ..., "mean_nll": ..., "perplexity": ..., "tokens": ..., ...}
std::string perplexity_result_json(const PerplexityResult& result);

}  // namespace bitdelta
