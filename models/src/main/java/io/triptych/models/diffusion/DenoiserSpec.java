package io.triptych.models.diffusion;

import io.triptych.engine.Device;
import io.triptych.engine.random.Generator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Which denoiser network a diffusion model uses, with its sizes; builds it and round-trips through JSON. */
public sealed interface DenoiserSpec {
    /** A freshly initialised network for samples of {@code dataShape}, drawing its initial weights from gen. */
    Denoiser build(int[] dataShape, Device device, Generator gen);

    Map<String, Object> toJson();

    static DenoiserSpec fromJson(Map<String, Object> json) {
        String type = JsonFields.string(json, "type");
        return switch (type) {
            case Mlp.TYPE -> new Mlp(JsonFields.int32(json, "hidden"), JsonFields.int32(json, "depth"),
                    JsonFields.int32(json, "time_dim"));
            case Unet.TYPE -> new Unet(JsonFields.ints(json, "widths"), JsonFields.int32(json, "groups"),
                    JsonFields.bool(json, "attention"));
            default -> throw new IllegalArgumentException("unknown denoiser type '" + type + "'; use " + Mlp.TYPE
                    + " or " + Unet.TYPE);
        };
    }

    /** {@link MlpDenoiser} for data of shape [d]. */
    record Mlp(int hidden, int depth, int timeDim) implements DenoiserSpec {
        static final String TYPE = "mlp";

        @Override
        public Denoiser build(int[] dataShape, Device device, Generator gen) {
            if (dataShape.length != 1) {
                throw new IllegalArgumentException("the MLP denoiser takes flat samples [d], got data shape "
                        + Arrays.toString(dataShape) + "; use the UNet for images");
            }
            return new MlpDenoiser(dataShape[0], hidden, depth, timeDim, device, gen);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", TYPE);
            m.put("hidden", (long) hidden);
            m.put("depth", (long) depth);
            m.put("time_dim", (long) timeDim);
            return m;
        }
    }

    /** {@link UNetDenoiser} for images [C, H, W]. */
    record Unet(int[] widths, int groups, boolean attention) implements DenoiserSpec {
        static final String TYPE = "unet";

        public Unet {
            widths = widths.clone();
        }

        @Override
        public int[] widths() {
            return widths.clone();
        }

        @Override
        public Denoiser build(int[] dataShape, Device device, Generator gen) {
            return new UNetDenoiser(dataShape, widths, groups, attention, device, gen);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", TYPE);
            m.put("widths", Arrays.stream(widths).mapToObj(w -> (Object) (long) w).toList());
            m.put("groups", (long) groups);
            m.put("attention", attention);
            return m;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unet u && Arrays.equals(u.widths, widths) && u.groups == groups
                    && u.attention == attention;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(widths) * 31 + groups * 2 + (attention ? 1 : 0);
        }

        @Override
        public String toString() {
            return "Unet[widths=" + Arrays.toString(widths) + ", groups=" + groups + ", attention=" + attention + "]";
        }
    }
}
