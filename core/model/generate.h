#pragma once
// Sampling and generation: greedy and sampling (temperature, top-k, top-p, min-p, repetition
// penalty, seed); stop on EOS ids and stop strings; max tokens; streaming callback; cancellation.
#include "common/progress.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace bitdelta {

class DecoderModel;
class Tokenizer;

struct SamplingSettings {
    double temperature = 0.0;  // 0 = greedy
    int64_t top_k = 0;         // 0 = off
    double top_p = 1.0;        // 1 = off
    double min_p = 0.0;        // 0 = off
    double repetition_penalty =
        1.0;  // 1 = off (HF semantics: divide positive logits, multiply negative)
    // OpenAI semantics, over the tokens this sampler has generated (not the prompt): a token's
    // logit drops by frequency_penalty per earlier occurrence, and by presence_penalty once if it
    // occurred at all. 0 = off; each in [-2, 2].
    double presence_penalty = 0.0;
    double frequency_penalty = 0.0;
    uint64_t seed = 0;
};

struct StopConditions {
    int64_t max_new_tokens = 256;
    std::vector<int64_t> eos_ids;  // stop when one is produced (not included in the text)
    std::vector<std::string>
        stop_strings;  // stop when the text ends with one (trimmed from the text)
};

// Picks the next token from fp32 logits [V] given the ids so far; stateful (owns the RNG).
class Sampler {
  public:
    explicit Sampler(SamplingSettings settings);
    int64_t next(const at::Tensor& logits, const std::vector<int64_t>& history);
    const SamplingSettings& settings() const { return settings_; }
    // next() would return the plain argmax of the logits: no temperature and no setting that moves
    // logits (penalties), so a caller may take the argmax itself, e.g. batched on the device.
    bool is_plain_argmax() const;

  private:
    int64_t pick(const at::Tensor& logits, const std::vector<int64_t>& history);

    SamplingSettings settings_;
    std::mt19937_64 rng_;
    std::map<int64_t, int64_t> generated_;  // token -> times this sampler returned it
};

enum class FinishReason { Eos, StopString, MaxTokens, Cancelled };
std::string to_string(FinishReason reason);

struct GenerationResult {
    std::vector<int64_t> tokens;  // generated ids (without the prompt)
    std::string text;
    FinishReason finish = FinishReason::MaxTokens;
    bool context_limited = false;  // max_new_tokens was cut to fit max_position_embeddings
    double seconds = 0.0;
    double tokens_per_second = 0.0;
};

// Streams each newly completed piece of text; return false to stop (finish = Cancelled).
using TokenCallback = std::function<bool(int64_t id, const std::string& piece)>;

// Cancellation, through the callback or `progress`, returns the tokens so far with
// finish = Cancelled; it does not throw Cancelled.
GenerationResult generate(const DecoderModel& model, const Tokenizer& tokenizer,
                          const std::vector<int64_t>& prompt, const SamplingSettings& sampling,
                          const StopConditions& stop, const TokenCallback& on_token = {},
                          Progress& progress = Progress::silent());

}  // namespace bitdelta
