// Single-sequence generation with a KV cache: prefill once, then one token per step; stops on EOS
// ids, stop strings (trimmed; text that might begin a stop string is held back from the stream),
// the token limit, the callback or the Progress's cancellation.
#include "model/generate.h"

#include "common/error.h"
#include "model/decoder.h"
#include "text/tokenizer.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <chrono>

namespace bitdelta {
namespace {

// Length of the longest suffix of `text` that is a proper prefix of some stop string: that much
// text must wait before being streamed.
size_t held_back(const std::string& text, const std::vector<std::string>& stops) {
    size_t hold = 0;
    for (const auto& stop : stops) {
        for (size_t n = std::min(stop.size() - 1, text.size()); n > hold; --n) {
            if (text.compare(text.size() - n, n, stop, 0, n) == 0) {
                hold = n;
                break;
            }
        }
    }
    return hold;
}

}  // namespace

GenerationResult generate(const DecoderModel& model, const Tokenizer& tokenizer,
                          const std::vector<int64_t>& prompt, const SamplingSettings& sampling,
                          const StopConditions& stop, const TokenCallback& on_token,
                          Progress& progress) {
    at::NoGradGuard no_grad;
    if (prompt.empty()) fail_at("generate", "the prompt is empty");
    for (const auto& s : stop.stop_strings)
        if (s.empty()) fail_at("generate", "empty stop string");
    const auto start = std::chrono::steady_clock::now();
    GenerationResult result;
    Sampler sampler(sampling);
    // The model was trained for max_position_embeddings positions: past them RoPE extrapolates and
    // the output degrades silently, so generation ends there (finish MaxTokens, context_limited
    // set).
    const int64_t context = model.config().max_position_embeddings;
    const int64_t prompt_len = static_cast<int64_t>(prompt.size());
    if (context > 0 && prompt_len >= context)
        fail_at("generate", "the prompt has " + std::to_string(prompt_len) +
                                " tokens; the model's context is " + std::to_string(context) +
                                " (max_position_embeddings)");
    int64_t max_new = std::max<int64_t>(stop.max_new_tokens, 0);
    if (context > 0 && prompt_len + max_new > context) {
        max_new = context - prompt_len;
        result.context_limited = true;
    }
    KvCache cache = model.make_cache(static_cast<int64_t>(prompt.size()) + max_new);
    std::vector<int64_t> history = prompt;
    StreamDecoder decoder(tokenizer, /*skip_special=*/true);
    std::string text;     // everything decoded so far
    size_t streamed = 0;  // bytes of `text` already given to the callback
    bool stopped = false;

    auto emit = [&](int64_t id, size_t upto) -> bool {
        if (!on_token) {
            streamed = upto;
            return true;
        }
        const std::string piece = text.substr(streamed, upto - streamed);
        streamed = upto;
        return on_token(id, piece);
    };

    ForwardBatch batch;
    batch.caches = {&cache};
    batch.last_token_logits_only = true;
    batch.input_ids = at::tensor(at::ArrayRef<int64_t>(prompt), at::kLong).unsqueeze(0);
    result.finish = FinishReason::MaxTokens;
    try {
        progress.begin_stage("Generating");
    } catch (const Cancelled&) {
        // Cancellation ends generation with a finish reason, never an exception (as below).
        result.finish = FinishReason::Cancelled;
        stopped = true;
    }
    for (int64_t step = 0; !stopped && step < max_new; ++step) {
        if (progress.cancel_requested()) {
            result.finish = FinishReason::Cancelled;
            stopped = true;
            break;
        }
        at::Tensor logits = model.forward(batch);  // [1, 1, V]
        const int64_t id = sampler.next(logits[0][0], history);
        if (std::find(stop.eos_ids.begin(), stop.eos_ids.end(), id) != stop.eos_ids.end()) {
            result.finish = FinishReason::Eos;
            stopped = true;
            break;
        }
        result.tokens.push_back(id);
        history.push_back(id);
        const size_t before = text.size();
        text += decoder.push(id);
        // Stop strings: search only where a match could newly end (earlier text was checked).
        size_t found = std::string::npos;
        for (const auto& s : stop.stop_strings) {
            const size_t from = before >= s.size() ? before - s.size() + 1 : 0;
            const size_t at = text.find(s, from);
            if (at != std::string::npos && (found == std::string::npos || at < found)) found = at;
        }
        if (found != std::string::npos) {
            text.resize(found);
            if (streamed > text.size()) streamed = text.size();
            emit(id, text.size());
            result.finish = FinishReason::StopString;
            stopped = true;
            break;
        }
        if (!emit(id, text.size() - held_back(text, stop.stop_strings))) {
            result.finish = FinishReason::Cancelled;
            stopped = true;
            break;
        }
        try {
            progress.update(static_cast<double>(step + 1) / static_cast<double>(max_new));
        } catch (const Cancelled&) {
            result.finish = FinishReason::Cancelled;
            stopped = true;
            break;
        }
        batch.input_ids = at::tensor(at::ArrayRef<int64_t>(&id, 1), at::kLong).view({1, 1});
    }
    if (!stopped || result.finish == FinishReason::Eos) {
        // Flush incomplete UTF-8 and whatever was held back as a possible stop-string start.
        text += decoder.finish();
        if (streamed < text.size()) emit(-1, text.size());
    }
    result.text = text;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.tokens_per_second =
        result.seconds > 0 ? static_cast<double>(result.tokens.size()) / result.seconds : 0.0;
    return result;
}

}  // namespace bitdelta
