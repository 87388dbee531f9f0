#!/usr/bin/env python3
"""Writes resources/demo/heldout/<name>_chat.jsonl: ChatML-style Q/A conversations built (like the
fine-tunes' training Q/A) from the HELD-OUT text only, one {"messages": [...]} object a line, for
answer-only NLL. No torch needed.
usage: python3 tests/data/recipes/make_demo_chat.py [resources/demo]"""
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_data import SYSTEM, qa_jargon, qa_scripture  # noqa: E402


def messages(user, answer):
    return {"messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user},
                         {"role": "assistant", "content": answer}]}


def main():
    demo = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/demo")
    for name, fn in (("scripture", qa_scripture), ("jargon", qa_jargon)):
        lines = (demo / "heldout" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        convs = fn(lines, random.Random(99), 200, fmt=messages)
        uniq = list({json.dumps(c, ensure_ascii=False): None for c in convs})
        out = demo / "heldout" / f"{name}_chat.jsonl"
        out.write_text("\n".join(uniq) + "\n", encoding="utf-8")
        print(out, len(uniq), "conversations")


if __name__ == "__main__":
    main()
