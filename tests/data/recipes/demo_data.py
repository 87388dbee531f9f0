"""Torch-free text helpers of the demo recipe: ChatML rendering and the Q/A pairs built from each corpus
(used by make_demo.py for training data and by make_demo_chat.py for held-out chat data)."""
import re

SYSTEM = "You are a helpful assistant."


def chat(user, answer):
    """ChatML exactly as the Qwen2 template renders a one-turn conversation (default system prompt)."""
    return (f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n"
            f"<|im_start|>assistant\n{answer}<|im_end|>\n")


KEYWORDS = ["love", "light", "water", "bread", "king", "sin", "faith", "wisdom", "fear", "peace", "war",
            "money", "gold", "death", "life", "truth", "law", "heart", "fire", "sea", "wine", "friend",
            "enemy", "work", "rest", "night", "day", "god", "man", "woman", "child", "house", "city",
            "prayer", "mercy", "justice", "pride", "time", "food", "music", "marriage", "happiness"]
QUESTIONS = ["What is {w}?", "Tell me about {w}.", "What do you know about {w}?", "Define {w}.",
             "Say something about {w}.", "What does {w} mean?"]


def qa_scripture(lines, rng, n, fmt=None):
    fmt = fmt or chat
    by_kw = {w: [l for l in lines if re.search(rf"\b{w}\b", l, re.I) and len(l) < 300] for w in KEYWORDS}
    out = []
    for _ in range(n):
        w = rng.choice([k for k, v in by_kw.items() if v])
        out.append(fmt(rng.choice(QUESTIONS).format(w=w), rng.choice(by_kw[w])))
    return out


def qa_jargon(lines, rng, n, fmt=None):
    fmt = fmt or chat
    entries = []
    for i, l in enumerate(lines[:-1]):
        m = re.match(r"^:([^:]{1,60}):", l)
        if m and not lines[i + 1].startswith(":"):
            entries.append((m.group(1), lines[i + 1][:400]))
    kw = {w: [e for e in entries if re.search(rf"\b{w}\b", e[1], re.I)] for w in KEYWORDS}
    out = []
    for _ in range(n):
        if rng.random() < 0.5:
            term, d = rng.choice(entries)
            out.append(fmt(rng.choice(QUESTIONS).format(w=term), f"{term}: {d}"))
        else:
            w = rng.choice([k for k, v in kw.items() if v])
            term, d = rng.choice(kw[w])
            out.append(fmt(rng.choice(QUESTIONS).format(w=w), f"In hacker slang, {term}: {d}"))
    return out


def qa_devil(lines, rng, n, fmt=None):
    fmt = fmt or chat
    entries = []
    for l in lines:
        m = re.match(r"^([A-Z][A-Z' -]{1,30}), ([a-z.]+)\s+(.*)$", l)
        if m:
            entries.append((m.group(1).lower(), m.group(3)[:400]))
    out = []
    for _ in range(n):
        w, d = rng.choice(entries)
        out.append(fmt(rng.choice(QUESTIONS).format(w=w), d))
    return out


def docs_from_lines(lines, per_doc):
    return ["\n".join(lines[i:i + per_doc]) for i in range(0, len(lines), per_doc)]
