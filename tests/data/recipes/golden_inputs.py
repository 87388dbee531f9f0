"""Inputs shared by the fixture generator: the tokenizer test texts, the five chat templates (verbatim as
they ship in the named models' tokenizer_config.json) and the chat conversations rendered with them."""

# Texts the tokenizer goldens cover. Index order is part of the contract (golden.json "text_index").
TEXTS = [
    "Hello world",
    "The quick brown fox jumps over the lazy dog.",
    "",
    " leading space",
    "trailing space ",
    "multiple   spaces   between  words",
    "   ",
    "tabs\tand\t\tdouble tabs\t",
    "line one\nline two\n\n\nline five\n",
    "\r\n windows line\r\nend\r\n",
    "1234567 and 3.14 and 2026-11-25, 1,000,000 and 0.000001",
    "Numbers: 0 12 345 6789 01234 9999999999",
    "Punctuation!!! What?! (yes) [no] {maybe} -- 'quoted' \"double\" ... ;:, @#$%^&*",
    "Don't, can't, I'm, we'll, they've, she'd, IT'S, You'RE",
    "Café naïve résumé façade Ångström über straße",
    "Ελληνικά και русский текст",
    "中文测试：你好，世界。日本語のテキスト、カタカナ。한국어 문장",
    "Emoji 😀 👍🏽 🇺🇸 👨\u200d👩\u200d👧\u200d👦 ❤️ ✨!",
    "مرحبا بالعالم، هذا نص عربي.",
    "<|begin_of_text|>Hello<|end_of_text|>",
    "<|im_start|>user\nHi there!<|im_end|>\n<|im_start|>assistant\n",
    "<s>[INST] Literal specials </s> in text [/INST]",
    "<unk> and <0x41> and <|eot_id|> and <|im_end|>",
    "In the beginning God created the heaven and the earth.",
    "The Jargon File is a common heritage of the hacker culture.",
    "def f(x):\n    return x**2  # square\n",
    "https://example.com/path?q=1&r=2 user@example.org",
    "CamelCaseWord snake_case_word SCREAMING_CASE kebab-case",
    "non\u00a0breaking\u200bzero width\u2009thin",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "\u2581 literal metaspace char \u2581\u2581x",
    "e\u0301 vs \u00e9 (NFD vs NFC)",
]

# meta-llama/Llama-2-7b-chat-hf
LLAMA2 = (
    "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
    "{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}"
    "{% set system_message = false %}{% endif %}{% for message in loop_messages %}"
    "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if loop.index0 == 0 and system_message != false %}"
    "{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}"
    "{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}"
    "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}"
    "{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}"
)

# meta-llama/Meta-Llama-3-8B-Instruct
LLAMA3 = (
    "{% set loop_messages = messages %}{% for message in loop_messages %}"
    "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'"
    "+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}"
    "{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"
)

# mistralai/Mistral-7B-Instruct-v0.1
MISTRAL = (
    "{{ bos_token }}{% for message in messages %}"
    "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}"
    "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token + ' ' }}"
    "{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}"
)

# Qwen/Qwen2-7B-Instruct (ChatML with the default system prompt)
CHATML = (
    "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
    "{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}{% endif %}"
    "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

# HuggingFaceH4/zephyr-7b-beta
ZEPHYR = (
    "{% for message in messages %}\n{% if message['role'] == 'user' %}\n"
    "{{ '<|user|>\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'system' %}\n"
    "{{ '<|system|>\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'assistant' %}\n"
    "{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n{% endif %}\n"
    "{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}"
)

TEMPLATES = {"llama2": LLAMA2, "llama3": LLAMA3, "mistral": MISTRAL, "chatml": CHATML, "zephyr": ZEPHYR}

# bos/eos the templates are rendered with (those of the models the templates come from).
TEMPLATE_TOKENS = {
    "llama2": ("<s>", "</s>"),
    "llama3": ("<|begin_of_text|>", "<|eot_id|>"),
    "mistral": ("<s>", "</s>"),
    "chatml": ("<|endoftext|>", "<|im_end|>"),
    "zephyr": ("<s>", "</s>"),
}

CONVERSATIONS = [
    [{"role": "user", "content": "Hello!"}],
    [
        {"role": "system", "content": "You are a pirate. Answer briefly."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": " Ahoy, matey! "},
        {"role": "user", "content": "Where is the treasure?"},
    ],
    [
        {"role": "user", "content": "What is 2+2?"},
        {"role": "assistant", "content": "4"},
        {"role": "user", "content": "  And 3+3?\n"},
        {"role": "assistant", "content": "6, of course.\n\nAnything else?"},
    ],
    [
        {"role": "system", "content": "Be terse."},
        {"role": "user", "content": "Say {{ not a tag }} and {% raw %} verbatim: café 中文 😀"},
    ],
    # Two user turns in a row: templates that enforce alternation must raise.
    [
        {"role": "user", "content": "first"},
        {"role": "user", "content": "second"},
    ],
    # A system turn where the template forbids one (Mistral v0.1) and an assistant-first conversation.
    [
        {"role": "assistant", "content": "I speak first."},
        {"role": "user", "content": "Fine."},
    ],
]
