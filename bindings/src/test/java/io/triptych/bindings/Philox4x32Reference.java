package io.triptych.bindings;

/**
 * Pure-Java reference of Triptych's Philox4x32-10 streams: the stream definition at the top of
 * {@code native/common/philox.h} transcribed operation for operation, so that its results are bit-identical to
 * the CPU and CUDA kernels. Java's float arithmetic is IEEE single precision, every multiply-add is an explicit
 * {@link Math#fma(float, float, float)} as in the header, and {@code (float) Math.sqrt(x)} is the correctly
 * rounded float square root, like sqrtf.
 *
 * <ul>
 *   <li>key = (lo32(seed), hi32(seed)); element i of a draw at {@code offset} takes lane i % 4 of the block at
 *       counter c = offset + i / 4 (mod 2^64), passed as (lo32(c), hi32(c), 0, 0);</li>
 *   <li>uniform: u = (x &gt;&gt;&gt; 8) * 2^-24, value = fma(high - low, u, low);</li>
 *   <li>normal: lanes (0, 1) and (2, 3) are Box-Muller pairs, u1 = ((x_even &gt;&gt;&gt; 8) + 1) * 2^-24,
 *       u2 = (x_odd &gt;&gt;&gt; 8) * 2^-24, r = sqrt(-2 log u1), z_even = r cos(2 pi u2), z_odd = r sin(2 pi u2),
 *       value = fma(std, z, mean);</li>
 *   <li>dropout: mask = u &gt;= p ? 1 / (1 - p) : 0, y = x * mask.</li>
 * </ul>
 */
public final class Philox4x32Reference {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final float TWO_POW_M24 = 0x1p-24f;

    private Philox4x32Reference() {
    }

    /** Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1): the four output words. */
    public static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] c = {c0, c1, c2, c3};
        round(c, k0, k1);
        for (int r = 1; r < 10; r++) {
            k0 += W0;
            k1 += W1;
            round(c, k0, k1);
        }
        return c;
    }

    private static void round(int[] c, int k0, int k1) {
        long p0 = (M0 & 0xFFFFFFFFL) * (c[0] & 0xFFFFFFFFL);
        long p1 = (M1 & 0xFFFFFFFFL) * (c[2] & 0xFFFFFFFFL);
        int c1 = c[1];
        int c3 = c[3];
        c[0] = (int) (p1 >>> 32) ^ c1 ^ k0;
        c[1] = (int) p1;
        c[2] = (int) (p0 >>> 32) ^ c3 ^ k1;
        c[3] = (int) p0;
    }

    /** The block at {@code counter} of the stream keyed by {@code seed}. */
    public static int[] streamBlock(long seed, long counter) {
        return block((int) counter, (int) (counter >>> 32), 0, 0, (int) seed, (int) (seed >>> 32));
    }

    /** The top 24 bits of a lane as a float in [0, 1). */
    public static float u24(int x) {
        return (x >>> 8) * TWO_POW_M24;
    }

    /** log(x) for a positive normal float, as tri_philox_logf. */
    public static float log(float x) {
        final float ln2Hi = 0x1.62e3p-1f;
        final float ln2Lo = 0x1.2fefa2p-17f;
        final float lg1 = 0x1.555554p-1f;
        final float lg2 = 0x1.999c26p-2f;
        final float lg3 = 0x1.23d3dcp-2f;
        final float lg4 = 0x1.f13c4cp-3f;
        int ix = Float.floatToRawIntBits(x) + (0x3f800000 - 0x3f3504f3);
        int k = (ix >>> 23) - 0x7f;
        float f = Float.intBitsToFloat((ix & 0x007fffff) + 0x3f3504f3) - 1.0f;
        float s = f / (2.0f + f);
        float z = s * s;
        float w = z * z;
        float r = Math.fma(z, Math.fma(w, lg3, lg1), w * Math.fma(w, lg4, lg2));
        float hfsq = 0.5f * f * f;
        float dk = (float) k;
        float t = Math.fma(s, hfsq + r, dk * ln2Lo);
        return Math.fma(dk, ln2Hi, (t - hfsq) + f);
    }

    /** {sin(2 pi u), cos(2 pi u)} for u in [0, 1), as tri_philox_sincos2pi. */
    public static float[] sinCos2Pi(float u) {
        final float twoPiHi = 0x1.921fb6p+2f;
        final float twoPiLo = -0x1.777a5cp-23f;
        final float s3 = -0x1.4abbcep+5f;
        final float s5 = 0x1.466bc6p+6f;
        final float s7 = -0x1.32d2ccp+6f;
        final float s9 = 0x1.507834p+5f;
        final float s11 = -0x1.e3075p+3f;
        final float c2 = -0x1.3bd3ccp+4f;
        final float c4 = 0x1.03c1fp+6f;
        final float c6 = -0x1.55d3c8p+6f;
        final float c8 = 0x1.e1f506p+5f;
        final float c10 = -0x1.a6d1f2p+4f;
        final float c12 = 0x1.f9d38ap+2f;
        int q = (int) Math.fma(4.0f, u, 0.5f);
        float r = Math.fma(-0.25f, (float) q, u);
        float r2 = r * r;
        float sp = Math.fma(Math.fma(Math.fma(Math.fma(s11, r2, s9), r2, s7), r2, s5), r2, s3);
        float s = Math.fma(r, twoPiHi, r * Math.fma(sp, r2, twoPiLo));
        float cp = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(c12, r2, c10), r2, c8), r2, c6), r2, c4), r2, c2);
        float c = Math.fma(cp, r2, 1.0f);
        float sn = (q & 1) != 0 ? c : s;
        float cs = (q & 1) != 0 ? s : c;
        return new float[] {(q & 2) != 0 ? -sn : sn, ((q + 1) & 2) != 0 ? -cs : cs};
    }

    /** The standard normals {z_even, z_odd} of one Box-Muller pair of lanes. */
    public static float[] boxMuller(int xEven, int xOdd) {
        float u1 = ((xEven >>> 8) + 1) * TWO_POW_M24;
        float u2 = u24(xOdd);
        float r = (float) Math.sqrt(-2.0f * log(u1));
        float[] sc = sinCos2Pi(u2);
        return new float[] {r * sc[1], r * sc[0]};
    }

    /** n uniform floats in [low, high) of the draw at {@code offset}, as tri_philox_uniform_f32. */
    public static float[] uniform(long seed, long offset, int n, float low, float high) {
        float span = high - low;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int[] x = streamBlock(seed, offset + i / 4);
            out[i] = Math.fma(span, u24(x[i % 4]), low);
        }
        return out;
    }

    /** n normal floats of the draw at {@code offset}, as tri_philox_normal_f32. */
    public static float[] normal(long seed, long offset, int n, float mean, float std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i += 4) {
            int[] x = streamBlock(seed, offset + i / 4);
            float[] z01 = boxMuller(x[0], x[1]);
            float[] z23 = boxMuller(x[2], x[3]);
            float[] z = {z01[0], z01[1], z23[0], z23[1]};
            for (int l = 0; l < 4 && i + l < n; l++) {
                out[i + l] = Math.fma(std, z[l], mean);
            }
        }
        return out;
    }

    /** The dropout mask of n elements of the draw at {@code offset}, as tri_dropout_f32 writes it. */
    public static float[] dropoutMask(long seed, long offset, int n, float p) {
        float scale = 1.0f / (1.0f - p);
        float[] u = uniform(seed, offset, n, 0.0f, 1.0f);
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = u[i] >= p ? scale : 0.0f;
        }
        return mask;
    }
}
