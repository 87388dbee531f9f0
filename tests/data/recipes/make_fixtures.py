#!/usr/bin/env python3
"""Generates tests/data (see tests/data/README.md and /work/helpers/FIXTURES.md for the contract).

Runs on the GPU machine (torch 2.11, transformers 5.x, tokenizers 0.23, sentencepiece 0.2, safetensors,
xxhash). usage:
  python3 tests/data/recipes/make_fixtures.py --corpus .corpus --out /tmp/fx/tests/data [--parts ...]
parts: tokenizers, chat, checkpoints (default: all). checkpoints needs the tokenizers part's output.
"""
import argparse
import json
import os
import random
import shutil
import struct
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import golden_inputs as gi  # noqa: E402

SEED = 1234
BL_SPECIALS = [
    "<|begin_of_text|>", "<|end_of_text|>", "<|endoftext|>", "<|im_start|>", "<|im_end|>",
    "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>",
]
# Llama-3's pre-tokenizer regex (GPT-4 style, a superset of GPT-2's contractions handling).
LLAMA3_SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"
)


def log(*a):
    print(f"[{time.strftime('%H:%M:%S')}]", *a, flush=True)


def corpus_lines(corpus_dir, max_chars=2_500_000):
    """A deterministic mix of the three corpora for tokenizer training."""
    rng = random.Random(SEED)
    out = []
    for name, share in (("kjv", 0.45), ("jargon", 0.4), ("devil", 0.15)):
        lines = (Path(corpus_dir) / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        rng.shuffle(lines)
        budget, n = int(max_chars * share), 0
        for line in lines:
            if n > budget:
                break
            out.append(line)
            n += len(line)
    return out


def write_json(path, obj):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


# ----------------------------------------------------------------------------------------- tokenizers
def train_bytelevel(lines, vocab_size):
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3_SPLIT), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, min_frequency=2, special_tokens=BL_SPECIALS, show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(lines, trainer)
    bos = tok.token_to_id("<|begin_of_text|>")
    tok.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=False),
        processors.TemplateProcessing(
            single="<|begin_of_text|> $A", pair="<|begin_of_text|> $A <|begin_of_text|>:1 $B:1",
            special_tokens=[("<|begin_of_text|>", bos)]),
    ])
    return tok


def train_metaspace(lines, vocab_size):
    """BPE with byte fallback in the layout transformers' LlamaTokenizerFast (legacy) writes:
    normalizer Prepend("▁") + Replace(" ", "▁"), no pre-tokenizer, <unk> <s> </s> then <0x00>..<0xFF>."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

    # Train with a Metaspace pre-tokenizer so merges stay inside words, then rebuild the model with the
    # Llama vocabulary layout.
    t = Tokenizer(models.BPE())
    t.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    t.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="never", split=True)
    n_learn = vocab_size - 3 - 256
    trainer = trainers.BpeTrainer(vocab_size=n_learn, min_frequency=2, limit_alphabet=70,
                                  show_progress=False)
    t.train_from_iterator(lines, trainer)
    trained = json.loads(t.to_str())["model"]
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
    for b in range(256):
        vocab[f"<0x{b:02X}>"] = len(vocab)
    for piece, _ in sorted(trained["vocab"].items(), key=lambda kv: kv[1]):
        if piece not in vocab:
            vocab[piece] = len(vocab)
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in trained["merges"]]
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges, unk_token="<unk>", byte_fallback=True,
                               fuse_unk=True, dropout=None))
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    tok.pre_tokenizer = None
    tok.decoder = decoders.Sequence([
        decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)])
    from tokenizers import AddedToken
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in ("<unk>", "<s>", "</s>")])
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A", pair="<s> $A <s>:1 $B:1", special_tokens=[("<s>", 1)])
    return tok


def save_fast(tok, outdir, **special):
    """Saves through transformers so tokenizer_config.json is what transformers writes."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    from transformers import PreTrainedTokenizerFast

    try:
        fast = PreTrainedTokenizerFast(tokenizer_object=tok, **special)
        fast.save_pretrained(str(outdir))
    except Exception as e:  # keep going with a hand-written config; the log says so
        log("WARNING: PreTrainedTokenizerFast save failed:", repr(e))
        fast = None
        tok.save(str(outdir / "tokenizer.json"))
        cfg = {"tokenizer_class": "PreTrainedTokenizerFast", "clean_up_tokenization_spaces": False}
        cfg.update({k: v for k, v in special.items()})
        write_json(outdir / "tokenizer_config.json", cfg)
    # The saved tokenizer.json must encode exactly like the object we trained.
    from tokenizers import Tokenizer
    back = Tokenizer.from_file(str(outdir / "tokenizer.json"))
    for text in gi.TEXTS:
        a, b = tok.encode(text).ids, back.encode(text).ids
        assert a == b, f"saved tokenizer differs on {text!r}: {a} vs {b}"
    for extra in ("special_tokens_map.json",):
        p = outdir / extra
        if p.exists():
            p.unlink()
    return fast


def golden_fast(path):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(path))
    res = []
    for i, text in enumerate(gi.TEXTS):
        ids = tok.encode(text, add_special_tokens=True).ids
        ids_ns = tok.encode(text, add_special_tokens=False).ids
        res.append({"text_index": i, "ids": ids, "ids_no_special": ids_ns,
                    "decoded": tok.decode(ids, skip_special_tokens=False),
                    "decoded_skip": tok.decode(ids, skip_special_tokens=True)})
    return res


def train_sentencepiece(lines, outdir, vocab_size):
    import sentencepiece as spm
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_prefix=str(outdir / "tokenizer"), vocab_size=vocab_size,
        model_type="bpe", byte_fallback=True, character_coverage=0.9995, unk_id=0, bos_id=1, eos_id=2,
        pad_id=-1, split_digits=True, add_dummy_prefix=True, remove_extra_whitespaces=False,
        normalization_rule_name="identity", num_threads=8, minloglevel=2, input_sentence_size=200000,
        shuffle_input_sentence=False, max_sentence_length=20000)
    (outdir / "tokenizer.vocab").unlink()
    # tokenizer_config.json as transformers' LlamaTokenizer (slow, sentencepiece) writes it for Llama 2.
    cfg = {
        "add_bos_token": True, "add_eos_token": False,
        "added_tokens_decoder": {
            str(i): {"content": c, "lstrip": False, "normalized": False, "rstrip": False,
                     "single_word": False, "special": True}
            for i, c in enumerate(("<unk>", "<s>", "</s>"))},
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": None,
        "clean_up_tokenization_spaces": False, "legacy": True, "model_max_length": 4096,
        "sp_model_kwargs": {}, "spaces_between_special_tokens": False,
        "tokenizer_class": "LlamaTokenizer", "use_default_system_prompt": False,
        "chat_template": gi.LLAMA2,
    }
    write_json(outdir / "tokenizer_config.json", cfg)


def golden_sentencepiece(model_path):
    """sentencepiece itself: ids = [bos] + EncodeAsIds(text); decoded renders the control token <s>
    as its piece text followed by DecodeIds of the rest; decoded_skip = DecodeIds(rest)."""
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(model_file=str(model_path))
    res = []
    for i, text in enumerate(gi.TEXTS):
        ids_ns = sp.encode(text)
        ids = [sp.bos_id()] + ids_ns
        body = sp.decode(ids_ns)
        res.append({"text_index": i, "ids": ids, "ids_no_special": ids_ns,
                    "decoded": sp.id_to_piece(sp.bos_id()) + body, "decoded_skip": body})
    return res


def make_tokenizers(corpus, out):
    lines = corpus_lines(corpus)
    tdir = Path(out) / "tokenizers"
    log("training bytelevel")
    bl = train_bytelevel(lines, 768)
    save_fast(bl, tdir / "bytelevel", bos_token="<|begin_of_text|>", eos_token="<|end_of_text|>",
              model_max_length=8192)
    log("training metaspace")
    ms = train_metaspace(lines, 512)
    save_fast(ms, tdir / "metaspace", bos_token="<s>", eos_token="</s>", unk_token="<unk>",
              model_max_length=4096)
    log("training sentencepiece")
    train_sentencepiece(lines, tdir / "sentencepiece", 640)
    golden = {"texts": gi.TEXTS, "results": {
        "bytelevel": golden_fast(tdir / "bytelevel" / "tokenizer.json"),
        "metaspace": golden_fast(tdir / "metaspace" / "tokenizer.json"),
        "sentencepiece": golden_sentencepiece(tdir / "sentencepiece" / "tokenizer.model"),
    }, "notes": {
        "bytelevel": "tokenizers.Tokenizer.from_file(tokenizer.json).encode/decode",
        "metaspace": "tokenizers.Tokenizer.from_file(tokenizer.json).encode/decode",
        "sentencepiece": "sentencepiece.SentencePieceProcessor: ids=[bos]+encode(text); decoded='<s>'+"
                         "decode(ids_no_special); decoded_skip=decode(ids_no_special)",
    }}
    write_json(tdir / "golden.json", golden)
    for k, v in golden["results"].items():
        log(k, "vocab ok; example", v[1]["ids"][:12])


# --------------------------------------------------------------------------------------- chat templates
def make_chat(out):
    from transformers import PreTrainedTokenizerFast
    cdir = Path(out) / "chat_templates"
    cdir.mkdir(parents=True, exist_ok=True)
    tok_file = str(Path(out) / "tokenizers" / "bytelevel" / "tokenizer.json")
    cases = []
    for name, tmpl in gi.TEMPLATES.items():
        (cdir / f"{name}.jinja").write_text(tmpl, encoding="utf-8")
        bos, eos = gi.TEMPLATE_TOKENS[name]
        try:
            tok = PreTrainedTokenizerFast(tokenizer_file=tok_file, bos_token=bos, eos_token=eos)
        except Exception as e:
            log("WARNING: tokenizer_file= failed, using tokenizer_object=:", repr(e))
            from tokenizers import Tokenizer
            tok = PreTrainedTokenizerFast(tokenizer_object=Tokenizer.from_file(tok_file),
                                          bos_token=bos, eos_token=eos)
        tok.chat_template = tmpl
        for msgs in gi.CONVERSATIONS:
            for gen in (False, True):
                case = {"template": name, "messages": msgs, "add_generation_prompt": gen,
                        "bos_token": bos, "eos_token": eos}
                try:
                    case["expected"] = tok.apply_chat_template(msgs, tokenize=False,
                                                               add_generation_prompt=gen)
                    case["expected_error"] = False
                except Exception as e:  # jinja2 TemplateError from raise_exception
                    case["expected_error"] = True
                    case["error"] = str(e)
                cases.append(case)
    write_json(cdir / "golden.json", {"cases": cases})
    log("chat cases", len(cases), "errors", sum(c["expected_error"] for c in cases))


# ---------------------------------------------------------------------------------------- checkpoints
def safetensors_reference(folder):
    """Per-tensor dtype/shape/xxh3/sum read straight from the files' bytes."""
    import numpy as np
    import xxhash
    out = {}
    for f in sorted(Path(folder).glob("*.safetensors")):
        raw = f.read_bytes()
        (n,) = struct.unpack("<Q", raw[:8])
        header = json.loads(raw[8:8 + n])
        base = 8 + n
        for name, info in header.items():
            if name == "__metadata__":
                continue
            s, e = info["data_offsets"]
            data = raw[base + s:base + e]
            assert info["dtype"] == "F32", info["dtype"]
            arr = np.frombuffer(data, dtype="<f4")
            out[name] = {"dtype": info["dtype"], "shape": info["shape"], "file": f.name,
                         "xxh3": xxhash.xxh3_64_hexdigest(data), "sum": float(arr.astype(np.float64).sum())}
    return dict(sorted(out.items()))


def r8(x):
    return [[[float(f"{v:.8g}") for v in pos] for pos in seq] for seq in x]


def build_model(kind, vocab, bos, eos):
    import inspect
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM, MistralConfig, MistralForCausalLM
    from transformers import Qwen2Config, Qwen2ForCausalLM
    common = dict(vocab_size=vocab, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                  num_key_value_heads=2, intermediate_size=128, max_position_embeddings=256,
                  rms_norm_eps=1e-5, initializer_range=0.1, bos_token_id=bos, eos_token_id=eos,
                  tie_word_embeddings=False)
    if kind in ("llama", "llama-sharded"):
        cls_cfg, cls = LlamaConfig, LlamaForCausalLM
        rope = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                "original_max_position_embeddings": 16}
        if kind == "llama-sharded":
            rope = None
    elif kind == "mistral":
        cls_cfg, cls = MistralConfig, MistralForCausalLM
        common.update(sliding_window=6, head_dim=16)
        rope = None
    else:
        cls_cfg, cls = Qwen2Config, Qwen2ForCausalLM
        common.update(tie_word_embeddings=True, use_sliding_window=False)
        rope = None
    params = inspect.signature(cls_cfg.__init__).parameters
    theta = 10000.0 if kind != "qwen2" else 1000000.0
    if "rope_parameters" in params:
        rp = {"rope_type": "default", "rope_theta": theta}
        if rope:
            rp.update(rope)
        common["rope_parameters"] = rp
    else:
        common["rope_theta"] = theta
        if rope:
            common["rope_scaling"] = rope
    cfg = cls_cfg(**common)
    torch.manual_seed(SEED + {"llama": 1, "mistral": 2, "qwen2": 3, "llama-sharded": 4}[kind])
    model = cls(cfg).eval()
    g = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for n, p in model.named_parameters():
            # HF initialises norms to 1 and biases to 0; perturb them so loaders that drop them fail.
            if "norm" in n:
                p.copy_(1.0 + 0.2 * torch.randn(p.shape, generator=g))
            elif n.endswith(".bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
    return model


def save_model(model, folder, shard=None):
    kw = {}
    if shard:
        kw["max_shard_size"] = shard
    try:
        model.save_pretrained(str(folder), safe_serialization=True, **kw)
    except TypeError:
        model.save_pretrained(str(folder), **kw)


def load_eager(folder, dtype, config=None):
    import torch
    from transformers import AutoModelForCausalLM
    kw = {"attn_implementation": "eager"}
    if config is not None:
        kw["config"] = config
    try:
        m = AutoModelForCausalLM.from_pretrained(str(folder), dtype=dtype, **kw)
    except TypeError:
        m = AutoModelForCausalLM.from_pretrained(str(folder), torch_dtype=dtype, **kw)
    return m.eval()


def copy_tokenizer(src, dst, template, in_config):
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(Path(src) / f, Path(dst) / f)
    cfgp = Path(dst) / "tokenizer_config.json"
    cfg = json.loads(cfgp.read_text(encoding="utf-8"))
    if in_config:
        cfg["chat_template"] = template
    else:
        cfg.pop("chat_template", None)
        (Path(dst) / "chat_template.jinja").write_text(template, encoding="utf-8")
    write_json(cfgp, cfg)


def make_checkpoints(out):
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoConfig
    torch.use_deterministic_algorithms(True, warn_only=True)
    tdir = Path(out) / "tokenizers"
    specs = {
        # name: (tokenizer, template, template inside tokenizer_config.json?, shard size)
        "llama": ("bytelevel", gi.LLAMA3, False, None),
        "mistral": ("metaspace", gi.MISTRAL, True, None),
        "qwen2": ("bytelevel", gi.CHATML, True, None),
        "llama-sharded": ("bytelevel", gi.ZEPHYR, False, "100KB"),
    }
    prompts = [
        "In the beginning God created the heaven and the earth. And the earth was without form, and void;",
        "The Jargon File is a common heritage of the hacker culture, a compendium of hacker slang.",
    ]
    cuda = torch.cuda.is_available()
    for name, (tk, template, in_cfg, shard) in specs.items():
        log("checkpoint", name)
        folder = Path(out) / "checkpoints" / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        tok = Tokenizer.from_file(str(tdir / tk / "tokenizer.json"))
        vocab = tok.get_vocab_size(with_added_tokens=True)
        if tk == "bytelevel":
            bos, eos = tok.token_to_id("<|begin_of_text|>"), tok.token_to_id("<|end_of_text|>")
        else:
            bos, eos = 1, 2
        model = build_model(name, vocab, bos, eos)
        save_model(model, folder, shard)
        copy_tokenizer(tdir / tk, folder, template, in_cfg)
        input_ids = [tok.encode(p).ids[:12] for p in prompts]
        assert all(len(x) == 12 for x in input_ids)
        ids = torch.tensor(input_ids)
        checks = {}

        def check(key, ok):
            checks[key] = ok
            if not ok:
                log(f"  CHECK FAILED: {name}: {key}")

        m32 = load_eager(folder, torch.float32)
        with torch.no_grad():
            logits = m32(ids).logits.float()
            # reload must reproduce the in-memory model exactly
            ref = model.to(torch.float32)(ids).logits.float()
        check("reload_matches_in_memory", bool(torch.allclose(logits, ref, atol=1e-4)))
        # greedy continuation by full recomputation (no cache, no eos stopping)
        seq = list(input_ids[0])
        with torch.no_grad():
            for _ in range(16):
                nxt = int(m32(torch.tensor([seq])).logits[0, -1].argmax())
                seq.append(nxt)
        cont = seq[12:]
        try:
            with torch.no_grad():
                gen = m32.generate(torch.tensor([input_ids[0]]), max_new_tokens=16, min_new_tokens=16,
                                   do_sample=False, eos_token_id=None, pad_token_id=0)
            gcont = gen[0, 12:].tolist()
            check("generate_agrees_with_manual_greedy", gcont == cont)
        except Exception as e:  # informative only
            log("  generate() failed:", e)
        if name == "llama":
            inv = m32.model.rotary_emb.inv_freq.float()
            base = 1.0 / (10000.0 ** (torch.arange(0, 16, 2).float() / 16))
            check("llama3_rope_changes_inv_freq", bool((inv - base).abs().max() > 1e-6))
            checks["inv_freq"] = [float(v) for v in inv]
        if name == "mistral":
            cfg = AutoConfig.from_pretrained(str(folder))
            cfg.sliding_window = None
            full = load_eager(folder, torch.float32, config=cfg)
            with torch.no_grad():
                lf = full(ids).logits.float()
            d = (lf - logits).abs().amax(dim=-1)  # [2, 12]
            checks["max_abs_diff_without_window_per_position"] = [[float(v) for v in r] for r in d]
            check("window_matters_only_from_position_6",
                  float(d[:, :6].max()) < 1e-5 and float(d[:, 6:].min()) > 1e-4)
        entry = {
            "tensors": safetensors_reference(folder),
            "input_ids": input_ids,
            "logits": r8(logits.tolist()),
            "greedy": {"prompt": input_ids[0], "continuation": cont},
            "checks": checks,
        }
        if cuda:
            mb = load_eager(folder, torch.bfloat16).cuda()
            with torch.no_grad():
                lb = mb(ids.cuda()).logits.float().cpu()
            entry["bf16_logits"] = r8(lb.tolist())
            log("  bf16 vs fp32 max abs diff", float((lb - logits).abs().max()))
        else:
            log("  no CUDA: bf16_logits missing")
        write_json(folder / "reference.json", entry)
        log("  files", sorted(p.name for p in folder.iterdir()))


def diagnose(out):
    """Greedy margins (top1 - top2 logit) along each committed checkpoint's greedy path, and what
    model.generate() returns, to judge how robust the greedy golden is."""
    import torch
    for name in ("llama", "mistral", "qwen2", "llama-sharded"):
        folder = Path(out) / "checkpoints" / name
        ref = json.loads((folder / "reference.json").read_text())
        m = load_eager(folder, torch.float32)
        seq = list(ref["greedy"]["prompt"]) + list(ref["greedy"]["continuation"])
        with torch.no_grad():
            lg = m(torch.tensor([seq])).logits[0].float()
            top = lg.topk(2, dim=-1)
            margins = (top.values[:, 0] - top.values[:, 1])[11:27].tolist()
            agree = (top.indices[11:27, 0].tolist() == seq[12:28])
            gen = m.generate(torch.tensor([seq[:12]]), max_new_tokens=16, do_sample=False,
                             eos_token_id=None, pad_token_id=0).tolist()[0][12:]
            gen2 = m.generate(torch.tensor([seq[:12]]), max_new_tokens=16, do_sample=False,
                              eos_token_id=None, pad_token_id=0, use_cache=False).tolist()[0][12:]
        log(name, "one-pass argmax agrees:", agree, "min margin %.5f" % min(margins),
            "margins", [round(x, 4) for x in margins])
        log(name, "generate(cache)", gen, "generate(no cache)", gen2, "golden", seq[12:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=".corpus")
    ap.add_argument("--out", default="tests/data")
    ap.add_argument("--parts", default="tokenizers,chat,checkpoints")
    a = ap.parse_args()
    parts = a.parts.split(",")
    import importlib
    for mod in ("torch", "transformers", "tokenizers", "sentencepiece", "safetensors", "xxhash", "numpy"):
        try:
            log(mod, importlib.import_module(mod).__version__)
        except Exception as e:
            log(mod, "unavailable", e)
    os.makedirs(a.out, exist_ok=True)
    import traceback
    failed = []
    for part, fn in (("tokenizers", lambda: make_tokenizers(a.corpus, a.out)),
                     ("chat", lambda: make_chat(a.out)), ("checkpoints", lambda: make_checkpoints(a.out)),
                     ("diagnose", lambda: diagnose(a.out))):
        if part in parts:
            try:
                fn()
            except Exception:
                traceback.print_exc()
                failed.append(part)
    log("done; failed parts:", failed)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
