#!/usr/bin/env python3
"""Trains the demo models of resources/demo (see resources/demo/README.md).

A small Llama-architecture base trained on a general mix of three public-domain corpora, and two FULL
fine-tunes of it: `scripture` (King James Bible) and `jargon` (The Jargon File). Both fine-tunes also see
ChatML question/answer pairs so the studio's Chat page answers visibly differently. Measures held-out loss
of base and fine-tunes on each domain, and (for the report) what a plain-PyTorch BitDelta keeps of each
fine-tune's gain.

usage (GPU machine): python3 tests/data/recipes/make_demo.py --corpus .corpus --out /tmp/demo
"""
import argparse
import json
import math
import random
import re
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import golden_inputs as gi  # noqa: E402
from demo_data import SYSTEM, chat, docs_from_lines, qa_devil, qa_jargon, qa_scripture  # noqa: E402,F401

SEED = 4321
SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
SEQ = 256
T0 = time.time()


def log(*a):
    print(f"[{time.time() - T0:7.1f}s]", *a, flush=True)


# ------------------------------------------------------------------------------------------------ data
def split_blocks(lines, rng, block=40, heldout=0.04, calib=0.02):
    """Splits consecutive-line blocks into train / heldout / calib (no line in two sets)."""
    blocks = [lines[i:i + block] for i in range(0, len(lines), block)]
    idx = list(range(len(blocks)))
    rng.shuffle(idx)
    nh, nc = max(1, int(len(blocks) * heldout)), max(1, int(len(blocks) * calib))
    h, c = set(idx[:nh]), set(idx[nh:nh + nc])
    pick = lambda s: [l for i in sorted(s) for l in blocks[i]]  # noqa: E731
    tr = set(idx[nh + nc:])
    return pick(tr), pick(h), pick(c)


# ----------------------------------------------------------------------------------------- tokenizer
def train_tokenizer(texts, vocab):
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from make_fixtures import LLAMA3_SPLIT
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3_SPLIT), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    tr = trainers.BpeTrainer(vocab_size=vocab, min_frequency=2, special_tokens=SPECIALS,
                             initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(texts, tr)
    return tok


def encode_docs(tok, docs):
    eot = tok.token_to_id("<|endoftext|>")
    out = []
    for enc in tok.encode_batch(docs, add_special_tokens=False):
        out.extend(enc.ids)
        out.append(eot)
    return torch.tensor(out, dtype=torch.int32)


# ------------------------------------------------------------------------------------------------ model
def make_config(vocab, tok):
    from transformers import LlamaConfig
    return LlamaConfig(
        vocab_size=vocab, hidden_size=192, intermediate_size=512, num_hidden_layers=4,
        num_attention_heads=6, num_key_value_heads=2, head_dim=32, max_position_embeddings=1024,
        rms_norm_eps=1e-5, tie_word_embeddings=False, initializer_range=0.02,
        rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
        bos_token_id=tok.token_to_id("<|endoftext|>"), eos_token_id=tok.token_to_id("<|im_end|>"),
        pad_token_id=tok.token_to_id("<|endoftext|>"))


def batches(stream, bs, rng_t):
    n = stream.numel() - SEQ - 1
    while True:
        starts = torch.randint(0, n, (bs,), generator=rng_t)
        x = torch.stack([stream[s:s + SEQ + 1] for s in starts.tolist()]).long()
        yield x.cuda(non_blocking=True)


def train(model, streams, weights, steps, lr, bs, max_s, tag, warmup=100, val=None, every=100,
          linear_lr_scale=1.0):
    """streams: list of token tensors mixed with the given weights per batch row. With `val` (token
    streams), keeps the weights of the step with the lowest mean validation loss (early stopping on the
    calibration split, never on the held-out split)."""
    import copy
    best = (float("inf"), -1, None)
    g = torch.Generator().manual_seed(SEED)
    its = [batches(s, bs, g) for s in streams]
    lin = [p for n, p in model.named_parameters() if any(f".{k}." in n for k in LINEAR)]
    rest = [p for n, p in model.named_parameters() if not any(f".{k}." in n for k in LINEAR)]
    opt = torch.optim.AdamW([{"params": lin, "scale": linear_lr_scale}, {"params": rest, "scale": 1.0}],
                            lr=lr, betas=(0.9, 0.95), weight_decay=0.1, fused=True)
    model.train()
    t0, step = time.time(), 0
    wsum = sum(weights)
    counts = [max(1, round(bs * w / wsum)) for w in weights]
    while step < steps and time.time() - t0 < max_s:
        x = torch.cat([next(it)[:c] for it, c in zip(its, counts)])
        cur = lr * min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(1.0, step / steps)))
        for pg in opt.param_groups:
            pg["lr"] = cur * pg["scale"]
        with torch.autocast("cuda", dtype=torch.bfloat16):
            logits = model(input_ids=x[:, :-1]).logits
        loss = F.cross_entropy(logits.float().reshape(-1, logits.size(-1)), x[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if val is not None and (step % every == 0 or step == steps):
            v = sum(eval_loss(model, s, 40_000) for s in val) / len(val)
            model.train()
            if v < best[0]:
                best = (v, step, copy.deepcopy(model.state_dict()))
            log(f"{tag} step {step} loss {loss.item():.3f} val {v:.3f} lr {cur:.2e}")
        elif step % 100 == 0:
            log(f"{tag} step {step} loss {loss.item():.3f} lr {cur:.2e}")
    log(f"{tag}: {step} steps in {time.time() - t0:.0f}s")
    if best[2] is not None:
        model.load_state_dict(best[2])
        log(f"{tag}: kept step {best[1]} (val {best[0]:.3f})")
    model.eval()
    return best[1] if best[2] is not None else step


@torch.no_grad()
def eval_loss(model, stream, max_tokens=120_000):
    model.eval()
    s = stream[:max_tokens + 1].long().cuda()
    n = (s.numel() - 1) // SEQ
    x = s[:n * SEQ + 1]
    inp = x[:-1].view(n, SEQ)
    tgt = x[1:].view(n, SEQ)
    tot = 0.0
    for i in range(0, n, 64):
        logits = model(input_ids=inp[i:i + 64]).logits.float()
        tot += F.cross_entropy(logits.reshape(-1, logits.size(-1)), tgt[i:i + 64].reshape(-1),
                               reduction="sum").item()
    return tot / (n * SEQ)


def to_bf16_copy(model):
    """The model as shipped (bf16 weights), evaluated in fp32."""
    import copy
    m = copy.deepcopy(model)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(p.to(torch.bfloat16).float())
    return m.eval()


LINEAR = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def bitdelta_eval(base, ft, calib, held, held_base_loss, held_ft_loss, tag):
    """Plain-PyTorch BitDelta (paper's method) to report what compression keeps; not the product code."""
    import copy
    from torch.func import functional_call
    bp = dict(base.named_parameters())
    fp = dict(ft.named_parameters())
    names = [n for n in fp if n.endswith(".weight") and any(f".{k}." in n for k in LINEAR)]
    signs, alphas = {}, {}
    for n in names:
        d = (fp[n] - bp[n]).detach()
        signs[n] = torch.where(d > 0, 1.0, -1.0)
        alphas[n] = torch.nn.Parameter(d.abs().mean().clone())
    fixed = {n: p.detach() for n, p in fp.items() if n not in names}

    def params():
        out = dict(fixed)
        for n in names:
            out[n] = bp[n].detach() + alphas[n] * signs[n]
        return out

    comp = copy.deepcopy(ft)

    def load(p):
        with torch.no_grad():
            for n, t in comp.named_parameters():
                t.copy_(p[n])
        return comp.eval()

    res = {}
    res["bitdelta_init"] = eval_loss(load(params()), held)
    # scale distillation: 200 steps, batch 4, seq 128, AdamW lr 1e-4, cosine to 0 (paper's settings)
    opt = torch.optim.AdamW(list(alphas.values()), lr=1e-4, weight_decay=0.0)
    g = torch.Generator().manual_seed(7)
    cs = calib.long().cuda()
    for step in range(200):
        for pg in opt.param_groups:
            pg["lr"] = 1e-4 * 0.5 * (1 + math.cos(math.pi * step / 200))
        st = torch.randint(0, cs.numel() - 129, (4,), generator=g).tolist()
        x = torch.stack([cs[s:s + 128] for s in st])
        with torch.no_grad():
            zt = ft(input_ids=x).logits.float()
        zb = functional_call(ft, params(), (x,)).logits.float()
        loss = ((zt - zb) ** 2).sum(-1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    res["bitdelta_distilled"] = eval_loss(load(params()), held)
    # rank-16 SVD delta baseline
    p = dict(fixed)
    for n in names:
        d = (fp[n] - bp[n]).detach().float()
        u, s, vh = torch.linalg.svd(d, full_matrices=False)
        p[n] = bp[n].detach() + (u[:, :16] * s[:16]) @ vh[:16]
    res["svd_rank16"] = eval_loss(load(p), held)
    gain = held_base_loss - held_ft_loss
    for k in ("bitdelta_init", "bitdelta_distilled", "svd_rank16"):
        res[k + "_kept"] = (held_base_loss - res[k]) / gain if gain > 0 else float("nan")
    log(tag, json.dumps(res))
    return res


@torch.no_grad()
def sample_answers(model, tok, prompts, n_new=60):
    out = {}
    im_end = tok.token_to_id("<|im_end|>")
    for q in prompts:
        text = (f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\n{q}<|im_end|>\n"
                "<|im_start|>assistant\n")
        ids = tok.encode(text, add_special_tokens=False).ids
        x = torch.tensor([ids]).cuda()
        for _ in range(n_new):
            nxt = int(model(input_ids=x).logits[0, -1].argmax())
            if nxt == im_end:
                break
            x = torch.cat([x, torch.tensor([[nxt]], device=x.device)], 1)
        out[q] = tok.decode(x[0, len(ids):].tolist())
    return out


def save(model, tok_dir, out_dir):
    import shutil
    m = to_bf16_copy(model).to(torch.bfloat16)
    m.config.dtype = torch.bfloat16
    m.save_pretrained(str(out_dir))
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(Path(tok_dir) / f, Path(out_dir) / f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=".corpus")
    ap.add_argument("--out", default="/tmp/demo")
    ap.add_argument("--base-steps", type=int, default=1500)
    ap.add_argument("--ft-steps", type=int, default=600)
    ap.add_argument("--base-seconds", type=float, default=150)
    ap.add_argument("--ft-seconds", type=float, default=75)
    ap.add_argument("--sweep-deadline", type=float, default=420, help="seconds since start")
    a = ap.parse_args()
    torch.manual_seed(SEED)
    torch.backends.cuda.matmul.allow_tf32 = True
    rng = random.Random(SEED)
    out = Path(a.out)
    (out / "heldout").mkdir(parents=True, exist_ok=True)
    (out / "calib").mkdir(parents=True, exist_ok=True)
    c = Path(a.corpus)
    kjv = c.joinpath("kjv.txt").read_text(encoding="utf-8").splitlines()
    jar = c.joinpath("jargon.txt").read_text(encoding="utf-8").splitlines()
    dev = c.joinpath("devil.txt").read_text(encoding="utf-8").splitlines()
    kjv_tr, kjv_h, kjv_c = split_blocks(kjv, rng)
    jar_tr, jar_h, jar_c = split_blocks(jar, rng, block=20)
    dev_tr, dev_h, dev_c = split_blocks(dev, rng, block=10)
    for name, h, cc in (("scripture", kjv_h, kjv_c), ("jargon", jar_h, jar_c), ("general", dev_h, dev_c)):
        (out / "heldout" / f"{name}.txt").write_text("\n".join(h) + "\n", encoding="utf-8")
        (out / "calib" / f"{name}.txt").write_text("\n".join(cc) + "\n", encoding="utf-8")

    # tokenizer on all corpora (train parts)
    tok = train_tokenizer(kjv_tr[::2] + jar_tr + dev_tr, 2048)
    from transformers import PreTrainedTokenizerFast
    tdir = out / "_tok"
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|endoftext|>", eos_token="<|im_end|>",
                                   pad_token="<|endoftext|>", model_max_length=1024)
    fast.chat_template = gi.CHATML
    fast.save_pretrained(str(tdir))
    cfgp = tdir / "tokenizer_config.json"
    cfg = json.loads(cfgp.read_text())
    cfg["chat_template"] = gi.CHATML
    cfgp.write_text(json.dumps(cfg, ensure_ascii=False, indent=1) + "\n")
    (tdir / "chat_template.jinja").unlink(missing_ok=True)
    log("tokenizer vocab", tok.get_vocab_size())

    # token streams
    dev_qa = qa_devil(dev_tr, rng, 3000)
    s_general = encode_docs(tok, docs_from_lines(dev_tr, 4) + dev_qa)
    s_kjv = encode_docs(tok, docs_from_lines(kjv_tr, 20))
    s_jar = encode_docs(tok, docs_from_lines(jar_tr, 6))
    s_kjv_qa = encode_docs(tok, qa_scripture(kjv_tr, rng, 4000))
    s_jar_qa = encode_docs(tok, qa_jargon(jar_tr, rng, 4000))
    held = {n: encode_docs(tok, docs_from_lines(h, 20)) for n, h in
            (("scripture", kjv_h), ("jargon", jar_h), ("general", dev_h))}
    calib = {n: encode_docs(tok, docs_from_lines(cc, 20)) for n, cc in
             (("scripture", kjv_c), ("jargon", jar_c))}
    log("tokens: general", s_general.numel(), "kjv", s_kjv.numel(), "jargon", s_jar.numel(),
        "held", {k: v.numel() for k, v in held.items()})

    from transformers import LlamaForCausalLM
    cfg = make_config(tok.get_vocab_size(), tok)
    base = LlamaForCausalLM(cfg).cuda()
    log("params", sum(p.numel() for p in base.parameters()))
    # base: mostly the general corpus, a little of each fine-tune domain
    s_dev_val = encode_docs(tok, docs_from_lines(dev_c, 20))
    train(base, [s_general, s_kjv, s_jar], [0.5, 0.3, 0.2], a.base_steps, 2e-3, 32, a.base_seconds, "base",
          val=[calib["scripture"], calib["jargon"], s_dev_val])
    base = to_bf16_copy(base)
    results = {"base": {n: eval_loss(base, s) for n, s in held.items()}}
    log("base heldout", results["base"])

    import copy
    fts = {}
    # Fine-tune recipes tried per domain: (label, lr, steps, linear-layer lr scale). The one kept is the
    # one with the largest held-out gain among those where the reference BitDelta keeps >= 95% of the
    # gain; if none does, the one where it keeps the most. All results go to metrics.json.
    recipes = [("lr5e-4_600", 5e-4, 600, 1.0), ("lr2e-4_300", 2e-4, 300, 1.0), ("lr1e-4_600", 1e-4, 600, 1.0),
               ("lr3e-4_150", 3e-4, 150, 1.0), ("lr2e-3_lin0.05_600", 2e-3, 600, 0.05),
               ("lr1e-3_lin0.1_400", 1e-3, 400, 0.1)]
    for name, dom, qa in (("scripture", s_kjv, s_kjv_qa), ("jargon", s_jar, s_jar_qa)):
        tried = {}
        for label, lr, steps, lin_scale in recipes:
            if tried and time.time() - T0 > a.sweep_deadline * (1 if name == "jargon" else 0.6):
                log(name, "time budget reached; skipping", label)
                continue
            ft = copy.deepcopy(base).train()
            kept_step = train(ft, [dom, qa, s_general], [0.75, 0.2, 0.05], steps, lr, 32, a.ft_seconds,
                              f"{name}/{label}", warmup=50, val=[calib[name]], every=50,
                              linear_lr_scale=lin_scale)
            ft = to_bf16_copy(ft)
            r = {n: eval_loss(ft, s) for n, s in held.items()}
            r["kept_step"] = kept_step
            r["bitdelta"] = bitdelta_eval(base, ft, calib[name], held[name], results["base"][name], r[name],
                                          f"{name}/{label}")
            r["gain"] = results["base"][name] - r[name]
            tried[label] = (r, ft)
            log(name, label, "gain %.3f kept %.3f" % (r["gain"], r["bitdelta"]["bitdelta_distilled_kept"]))
        ok = [k for k, (r, _) in tried.items() if r["bitdelta"]["bitdelta_distilled_kept"] >= 0.95]
        if ok:
            pick = max(ok, key=lambda k: tried[k][0]["gain"])
        else:
            pick = max(tried, key=lambda k: tried[k][0]["bitdelta"]["bitdelta_distilled_kept"])
        results[name] = dict(tried[pick][0], recipe=pick)
        results[name + "_sweep"] = {k: r for k, (r, _) in tried.items()}
        fts[name] = tried[pick][1]
        log(name, "picked", pick)
    prompts = ["What is love?", "Tell me about light.", "What is a hacker?", "Define money.",
               "What does bug mean?"]
    samples = {"base": sample_answers(base, tok, prompts)}
    for name, ft in fts.items():
        samples[name] = sample_answers(ft, tok, prompts)
    results["samples"] = samples
    save(base, tdir, out / "base")
    for name, ft in fts.items():
        save(ft, tdir, out / name)
    import shutil
    shutil.rmtree(tdir)
    (out / "metrics.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    log("done", json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
