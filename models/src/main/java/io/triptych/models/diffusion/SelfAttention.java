package io.triptych.models.diffusion;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.nn.GroupNorm;
import io.triptych.engine.nn.Linear;
import io.triptych.engine.nn.Module;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

/**
 * Single-head self-attention over the pixels of [B, C, H, W] with a residual connection, as diffusers' Attention in
 * a UNet mid block (names group_norm, to_q, to_k, to_v, to_out): x + to_out(softmax(q k^T / sqrt(C)) v).
 */
final class SelfAttention extends Module {
    private final GroupNorm norm;
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear toOut;
    private final float scale;

    SelfAttention(int channels, int groups, Device device, Generator gen) {
        super(device);
        this.norm = child("group_norm", new GroupNorm(groups, channels, device));
        this.toQ = child("to_q", new Linear(channels, channels, true, device, gen));
        this.toK = child("to_k", new Linear(channels, channels, true, device, gen));
        this.toV = child("to_v", new Linear(channels, channels, true, device, gen));
        this.toOut = child("to_out", new Linear(channels, channels, true, device, gen));
        this.scale = (float) (1 / Math.sqrt(channels));
    }

    @Override
    public Tensor forward(Tensor x) {
        int b = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        Tensor tokens = norm.forward(x).reshape(b, c, h * w).transpose(1, 2);
        Tensor q = toQ.forward(tokens).mul(scale);
        Tensor k = toK.forward(tokens);
        Tensor v = toV.forward(tokens);
        Tensor attention = F.softmax(q.matmul(k.transpose(1, 2)), -1);
        Tensor o = toOut.forward(attention.matmul(v));
        return x.add(o.transpose(1, 2).reshape(b, c, h, w));
    }
}
