#pragma once
// OpenAI chat-completions JSON <-> engine types (the subset that clients use). Plain types only.
#include "serve/engine.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace bitdelta::openai {

// A request the API refuses: HTTP status + OpenAI error object fields.
struct ApiError : std::runtime_error {
    ApiError(int status, std::string type, const std::string& message, std::string param = {},
             std::string code = {})
        : std::runtime_error(message),
          status(status),
          type(std::move(type)),
          param(std::move(param)),
          code(std::move(code)) {}
    int status;
    std::string type, param, code;
};

struct ParsedRequest {
    ChatRequest request;  // request.tenant = the "model" field
    bool stream = false;
    bool include_usage = false;  // stream_options.include_usage
};

// Parses a /v1/chat/completions body; throws ApiError(400) naming the offending field.
ParsedRequest parse_chat_request(const std::string& body, int64_t default_max_tokens);

std::string error_body(const std::string& message, const std::string& type,
                       const std::string& param = {}, const std::string& code = {});
std::string models_body(const std::vector<TenantInfo>& tenants, int64_t created);
// GET /v1/models/{id}: the one model object; ApiError 404 (model_not_found) for an unknown id.
std::string model_body(const std::vector<TenantInfo>& tenants, const std::string& id,
                       int64_t created);
std::string completion_body(const std::string& id, const std::string& model, int64_t created,
                            const std::string& text, const std::string& finish_reason,
                            int64_t prompt_tokens, int64_t completion_tokens);
// One server-sent event "data: {...}\n\n" of a chat.completion.chunk. `role` is sent with the first
// chunk; `finish_reason` empty = null; usage is included (and choices empty) when `usage_only`.
std::string chunk_event(const std::string& id, const std::string& model, int64_t created,
                        const std::string& role, const std::string& content,
                        const std::string& finish_reason);
std::string usage_event(const std::string& id, const std::string& model, int64_t created,
                        int64_t prompt_tokens, int64_t completion_tokens);
// OpenAI's finish reasons: stop | length; ours add cancelled/error which map to "stop" with an
// error.
std::string api_finish_reason(const std::string& engine_reason);

}  // namespace bitdelta::openai
