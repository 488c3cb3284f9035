"""PyTorch reference of videogen's patch-DiT, for speed comparisons only.

The same architecture, shapes, initialisation scheme, loss and optimiser as the Java model in
worker/src/main/java/dev/videogen/worker/model (PatchDit, DitBlock, Attention, TextEncoder,
TimestepEmbedder, FinalLayer) and train (AdamW, global-norm clipping, EMA), written the way a
PyTorch user would: nn.Linear, nn.LayerNorm, F.scaled_dot_product_attention (fused) or the
explicit softmax(q k^T / sqrt(d)) v ("math"), torch.optim.AdamW(fused=False, foreach=True).

Shapes: B batch, C channels, T frames, H rows, W columns, N tokens, L text bytes, D width.
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, d, heads, cross, zero_out, math_attention):
        super().__init__()
        self.d, self.h, self.cross, self.math = d, heads, cross, math_attention
        if cross:
            self.q = nn.Linear(d, d)
            self.kv = nn.Linear(d, 2 * d)
        else:
            self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        if zero_out:
            nn.init.zeros_(self.out.weight)
            nn.init.zeros_(self.out.bias)

    def forward(self, x, context=None, key_mask=None):
        b, n, _ = x.shape
        hd = self.d // self.h
        if self.cross:
            l = context.shape[1]
            q = self.q(x).reshape(b, n, self.h, hd).transpose(1, 2)          # (B, h, N, d)
            k, v = self.kv(context).reshape(b, l, 2, self.h, hd).permute(2, 0, 3, 1, 4)
        else:
            q, k, v = self.qkv(x).reshape(b, n, 3, self.h, hd).permute(2, 0, 3, 1, 4)
            context = x
        bias = None
        if key_mask is not None:
            bias = ((key_mask - 1) * 1e9).reshape(b, 1, 1, -1)               # (B, 1, 1, L)
        if self.math:
            s = (q * hd ** -0.5) @ k.transpose(-1, -2)
            if bias is not None:
                s = s + bias
            o = s.softmax(-1) @ v
        else:
            o = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
        return self.out(o.transpose(1, 2).reshape(b, n, self.d))


def modulate(x, shift, scale):
    return x * (1 + scale) + shift


class DitBlock(nn.Module):
    def __init__(self, d, heads, mlp_ratio, math_attention):
        super().__init__()
        self.modulation = nn.Linear(d, 6 * d)
        nn.init.zeros_(self.modulation.weight)
        nn.init.zeros_(self.modulation.bias)
        self.norm1 = nn.LayerNorm(d, elementwise_affine=False, eps=1e-6)
        self.attn = Attention(d, heads, False, False, math_attention)
        self.norm2 = nn.LayerNorm(d, eps=1e-6)
        self.cross = Attention(d, heads, True, True, math_attention)
        self.norm3 = nn.LayerNorm(d, elementwise_affine=False, eps=1e-6)
        self.mlp_in = nn.Linear(d, mlp_ratio * d)
        self.mlp_out = nn.Linear(mlp_ratio * d, d)

    def forward(self, x, c, text, text_mask):
        m = self.modulation(F.silu(c)).unsqueeze(1).chunk(6, dim=2)         # six (B, 1, D)
        x = x + m[2] * self.attn(modulate(self.norm1(x), m[0], m[1]))
        x = x + self.cross(self.norm2(x), text, text_mask)
        h = modulate(self.norm3(x), m[3], m[4])
        return x + m[5] * self.mlp_out(F.gelu(self.mlp_in(h)))


class TextEncoder(nn.Module):
    VOCABULARY = 258

    def __init__(self, d, heads, depth, length, math_attention):
        super().__init__()
        self.embedding = nn.Parameter(torch.randn(self.VOCABULARY, d) * 0.02)
        self.positions = nn.Parameter(torch.randn(1, length, d) * 0.02)
        self.null = nn.Parameter(torch.randn(1, 1, d) * 0.02)
        self.layers = nn.ModuleList()
        for _ in range(depth):
            self.layers.append(nn.ModuleList([
                nn.LayerNorm(d, eps=1e-6), Attention(d, heads, False, False, math_attention),
                nn.LayerNorm(d, eps=1e-6), nn.Linear(d, 4 * d), nn.Linear(4 * d, d)]))
        self.final = nn.LayerNorm(d, eps=1e-6)

    def forward(self, ids, mask, keep):
        b, l = ids.shape
        x = F.embedding(ids, self.embedding) + self.positions[:, :l]
        for n1, attn, n2, fc1, fc2 in self.layers:
            x = x + attn(n1(x), key_mask=mask)
            x = x + fc2(F.gelu(fc1(n2(x))))
        x = self.final(x)
        keep3 = keep.reshape(b, 1, 1)
        first = torch.zeros(1, l)
        first[:, 0] = 1
        tokens = x * keep3 + (1 - keep3) * self.null
        token_mask = mask * keep3.reshape(b, 1) + (1 - keep3.reshape(b, 1)) * first
        pooled = (tokens * token_mask.unsqueeze(2)).sum(1) / token_mask.sum(1, keepdim=True)
        return tokens, token_mask, pooled


class PatchDit(nn.Module):
    def __init__(self, cfg, math_attention=False):
        super().__init__()
        self.cfg = cfg
        d = cfg["width"]
        patch_dim = cfg["channels"] * cfg["patchT"] * cfg["patchH"] * cfg["patchW"]
        self.patch_embed = nn.Linear(patch_dim, d)
        self.t_in, self.t_out = nn.Linear(256, d), nn.Linear(d, d)
        self.text = TextEncoder(d, cfg["heads"], cfg["textDepth"], cfg["textLength"], math_attention)
        self.text_pool = nn.Linear(d, d)
        self.blocks = nn.ModuleList(
            DitBlock(d, cfg["heads"], cfg["mlpRatio"], math_attention) for _ in range(cfg["depth"]))
        self.final_modulation = nn.Linear(d, 2 * d)
        self.final_norm = nn.LayerNorm(d, elementwise_affine=False, eps=1e-6)
        self.final_out = nn.Linear(d, patch_dim)
        for layer in (self.final_modulation, self.final_out):
            nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)

    def positions(self, grid):
        d = self.cfg["width"]
        spatial = 2 * (d // 6)
        temporal = d - 2 * spatial

        def sincos(dim, n):
            half = dim // 2
            omega = 10000.0 ** (-torch.arange(half, dtype=torch.float64) / half)
            a = torch.arange(n, dtype=torch.float64)[:, None] * omega[None]
            return torch.cat([a.sin(), a.cos()], 1).float()

        t, h, w = grid
        pt, ph, pw = sincos(temporal, t), sincos(spatial, h), sincos(spatial, w)
        return torch.cat([
            pt[:, None, None].expand(t, h, w, temporal),
            ph[None, :, None].expand(t, h, w, spatial),
            pw[None, None, :].expand(t, h, w, spatial)], -1).reshape(1, t * h * w, d)

    def forward(self, video, t, ids, mask, keep):
        c = self.cfg
        b, ch, frames, height, width = video.shape
        g = (frames // c["patchT"], height // c["patchH"], width // c["patchW"])
        x = video.reshape(b, ch, g[0], c["patchT"], g[1], c["patchH"], g[2], c["patchW"])
        x = x.permute(0, 2, 4, 6, 1, 3, 5, 7).reshape(b, g[0] * g[1] * g[2], -1)  # (B, N, P)
        x = self.patch_embed(x) + self.positions(g)
        tokens, token_mask, pooled = self.text(ids, mask, keep)
        freqs = torch.exp(-math.log(10000.0) * torch.arange(128) / 128)
        args = (t * 1000).reshape(-1, 1) * freqs.reshape(1, 128)
        temb = self.t_out(F.silu(self.t_in(torch.cat([args.cos(), args.sin()], 1))))
        cond = temb + self.text_pool(pooled)
        for block in self.blocks:
            x = block(x, cond, tokens, token_mask)
        shift, scale = self.final_modulation(F.silu(cond)).unsqueeze(1).chunk(2, dim=2)
        out = self.final_out(modulate(self.final_norm(x), shift, scale))         # (B, N, P)
        out = out.reshape(b, g[0], g[1], g[2], ch, c["patchT"], c["patchH"], c["patchW"])
        out = out.permute(0, 4, 1, 5, 2, 6, 3, 7).reshape(video.shape)
        if c.get("prediction", "VELOCITY") == "DATA":  # x-prediction: v = (x_t - x0) / max(t, 0.05)
            out = (video - out) / t.clamp(min=0.05).reshape(-1, 1, 1, 1, 1)
        return out


def batch(cfg, shape, seed):
    gen = torch.Generator().manual_seed(seed)
    b = shape[0]
    video = torch.rand(shape, generator=gen) * 2 - 1
    ids = torch.randint(0, 256, (b, cfg["textLength"]), generator=gen)
    ids[:, 24:] = 256
    mask = (ids != 256).float()
    return video, ids, mask, torch.ones(b)


def time_training(model, cfg, shape, steps, warmup):
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 or n.endswith("null")]
    no_decay = [p for n, p in model.named_parameters() if not (p.dim() >= 2 or n.endswith("null"))]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": no_decay, "weight_decay": 0.0}], lr=1e-4, betas=(0.9, 0.999))
    ema = [p.detach().clone() for p in model.parameters()]
    video, ids, mask, keep = batch(cfg, shape, 0)
    times = []
    for i in range(warmup + steps):
        start = time.perf_counter()
        noise = torch.randn_like(video)
        t = torch.sigmoid(torch.randn(shape[0]))
        tb = t.reshape(-1, 1, 1, 1, 1)
        v = model((1 - tb) * video + tb * noise, t, ids, mask, keep)
        loss = F.mse_loss(v, noise - video)
        opt.zero_grad(set_to_none=False)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            torch._foreach_mul_(ema, 0.999)
            torch._foreach_add_(ema, list(model.parameters()), alpha=0.001)
        loss.item()
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return times


@torch.no_grad()
def time_sampling(model, cfg, shape, steps, guidance, repeats):
    _, ids, mask, _ = batch(cfg, shape, 1)
    times = []
    for r in range(repeats + 1):
        start = time.perf_counter()
        x = torch.randn(shape)
        ids2, mask2 = torch.cat([ids, ids]), torch.cat([mask, mask])
        keep = torch.cat([torch.ones(shape[0]), torch.zeros(shape[0])])
        for i in range(steps):
            t, nxt = 1 - i / steps, 1 - (i + 1) / steps
            v = model(torch.cat([x, x]), torch.full((2 * shape[0],), t), ids2, mask2, keep)
            vc, vu = v.chunk(2)
            x = x + (nxt - t) * (vu + guidance * (vc - vu))
        x.sum().item()
        if r > 0:
            times.append(time.perf_counter() - start)
    return times


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--config", required=True, help="JSON of the DitConfig record")
    p.add_argument("--shape", required=True, help="B,C,T,H,W")
    p.add_argument("--attention", choices=["sdpa", "math"], default="sdpa")
    p.add_argument("--train-steps", type=int, default=20)
    p.add_argument("--sample-steps", type=int, default=10)
    p.add_argument("--sample-repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=0)
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    cfg = json.loads(a.config)
    shape = tuple(int(s) for s in a.shape.split(","))
    model = PatchDit(cfg, math_attention=a.attention == "math")
    train = time_training(model, cfg, shape, a.train_steps, 10)
    model.eval()
    sample = time_sampling(model, cfg, (1,) + shape[1:], a.sample_steps, 7.0, a.sample_repeats)
    print(json.dumps({
        "implementation": "pytorch-" + a.attention,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "train_step_s": statistics.median(train),
        "sample_s": statistics.median(sample),
    }))


if __name__ == "__main__":
    main()
