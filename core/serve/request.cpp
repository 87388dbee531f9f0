// Request: token acceptance, stop conditions and streaming with a hold-back buffer so that text
// that may turn out to be the start of a stop string is never sent before we know.
#include "serve/request.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace bitdelta::serve {
namespace {

SamplingSettings sampling_of(const ChatRequest& r) {
    SamplingSettings s;
    s.temperature = r.temperature;
    s.top_k = r.top_k;
    s.top_p = r.top_p;
    s.min_p = r.min_p;
    s.repetition_penalty = r.repetition_penalty;
    s.presence_penalty = r.presence_penalty;
    s.frequency_penalty = r.frequency_penalty;
    s.seed = r.seed;
    return s;
}

}  // namespace

Request::Request(RequestId id, std::shared_ptr<Tenant> tenant, std::vector<int64_t> prompt,
                 int64_t max_new_tokens, const ChatRequest& settings, StreamCallback on_event)
    : id_(id),
      tenant_(std::move(tenant)),
      prompt_(std::move(prompt)),
      history_(prompt_),
      max_new_tokens_(max_new_tokens),
      ignore_eos_(settings.ignore_eos),
      sampler_(sampling_of(settings)),
      on_event_(std::move(on_event)) {
    for (const auto& s : settings.stop)
        if (!s.empty()) stop_.push_back(s);
    if (tenant_->tokenizer) decoder_ = std::make_unique<StreamDecoder>(*tenant_->tokenizer, true);
}

bool Request::release_held(std::string& out, bool flush) {
    size_t first = std::string::npos;
    for (const auto& s : stop_)
        first = std::min(first, held_.find(s));
    if (first != std::string::npos) {
        out += held_.substr(0, first);
        held_.clear();
        return true;
    }
    size_t keep = 0;  // longest suffix of held_ that is a proper prefix of a stop string
    if (!flush)
        for (const auto& s : stop_)
            for (size_t len = std::min(s.size() - 1, held_.size()); len > keep; --len)
                if (held_.compare(held_.size() - len, len, s, 0, len) == 0) {
                    keep = len;
                    break;
                }
    out += held_.substr(0, held_.size() - keep);
    held_.erase(0, held_.size() - keep);
    return false;
}

bool Request::accept(int64_t token) {
    if (finished_) return true;
    const bool eos = !ignore_eos_ && std::find(tenant_->eos_ids.begin(), tenant_->eos_ids.end(),
                                               token) != tenant_->eos_ids.end();
    if (eos) {
        std::string out;
        if (decoder_) held_ += decoder_->finish();
        const bool stopped = release_held(out, true);
        (void)stopped;
        emit(out, token, true, "stop", {});
        return true;
    }
    generated_.push_back(token);
    history_.push_back(token);
    if (decoder_) held_ += decoder_->push(token);
    std::string out;
    if (release_held(out, false)) {
        emit(out, token, true, "stop", {});
        return true;
    }
    if (static_cast<int64_t>(generated_.size()) >= max_new_tokens_) {
        if (decoder_) held_ += decoder_->finish();
        const bool stopped = release_held(out, true);
        emit(out, token, true, stopped ? "stop" : "length", {});
        return true;
    }
    emit(out, token, false, {}, {});
    return false;
}

void Request::finish(const std::string& reason, const std::string& error) {
    if (finished_) return;
    emit({}, -1, true, reason, error);
}

void Request::emit(const std::string& text, int64_t token, bool final, const std::string& reason,
                   const std::string& error) {
    StreamEvent ev;
    ev.text = text;
    ev.token_id = token;
    ev.finished = final;
    ev.finish_reason = reason;
    ev.error = error;
    ev.prompt_tokens = static_cast<int64_t>(prompt_.size());
    ev.completion_tokens = static_cast<int64_t>(generated_.size());
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    ev.tokens_per_second = secs > 0 ? static_cast<double>(generated_.size()) / secs : 0.0;
    if (final) {
        finished_ = true;
        if (on_finished) on_finished(*this);
    }
    if (on_event_) {
        try {
            on_event_(ev);
        } catch (...) {
            // A listener's failure must not take the worker thread (and every other request) down.
        }
    }
}

}  // namespace bitdelta::serve
