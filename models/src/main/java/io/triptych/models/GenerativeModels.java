package io.triptych.models;

import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.Json;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the families share in implementing {@link GenerativeModel}: checkpoint metadata, rebuilding a model from a
 * checkpoint, and the checks of a data batch.
 *
 * <p>A checkpoint is a safetensors file whose metadata holds "format" = "pt" (as PyTorch writes it) and the
 * family's config, as JSON, under {@link #configKey}.
 */
public final class GenerativeModels {
    private GenerativeModels() {
    }

    /** The metadata key of a family's config: "triptych.&lt;family&gt;.config". */
    public static String configKey(String family) {
        return "triptych." + family + ".config";
    }

    /** The metadata of a checkpoint of {@code family} saved with {@code config}; callers may add entries. */
    public static Map<String, String> checkpointMetadata(String family, Map<String, Object> config) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(configKey(family), Json.write(config));
        return metadata;
    }

    /**
     * The config a checkpoint of {@code family} was saved with, or null when it has none (e.g. a file written by
     * PyTorch). A checkpoint of another family, or a config that is not a JSON object, is an
     * IllegalArgumentException; {@code modelName} ("GAN", "VAE") names the family in its message.
     */
    public static <C> C savedConfig(Path file, Map<String, String> metadata, String family, String modelName,
                                    Function<Map<?, ?>, C> fromJson) {
        String key = configKey(family);
        String json = metadata.get(key);
        if (json == null) {
            for (String other : metadata.keySet()) {
                if (other.startsWith("triptych.") && other.endsWith(".config")) {
                    throw new IllegalArgumentException(file + " is a checkpoint of another family (metadata '" + other
                            + "'), not a " + modelName + "'s");
                }
            }
            return null;
        }
        if (!(Json.parse(json) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": metadata '" + key + "' is not a JSON object: " + json);
        }
        return fromJson.apply(map);
    }

    /**
     * {@code saved}, the config of a checkpoint of {@code family} to rebuild a model from; null (no config in the
     * file) is an IllegalArgumentException that says how to load it instead, {@code className} ("Gan") naming the
     * model's class.
     */
    public static <C> C requireConfig(Path file, String family, String className, C saved) {
        if (saved == null) {
            throw new IllegalArgumentException(file + " has no '" + configKey(family) + "' metadata; build the "
                    + className + " from its " + className + "Config and call load(file)");
        }
        return saved;
    }

    /** Runs {@code load} on a model just built to receive it and returns the model, closed first if load throws. */
    public static <M extends GenerativeModel> M loadOrClose(M model, Consumer<? super M> load) {
        try {
            load.accept(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /**
     * Checks that {@code x}, which {@code what} names in messages, is a batch [B >= 1, dataShape...] of F32 on
     * {@code device}.
     */
    public static void checkBatch(String call, String what, Tensor x, int[] dataShape, Device device) {
        if (x == null) {
            throw new IllegalArgumentException(call + ": " + what + " is null");
        }
        x.checkAlive(call);
        int[] shape = x.shape();
        if (shape.length != dataShape.length + 1 || shape[0] < 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), dataShape)) {
            throw new IllegalArgumentException(call + ": " + what + " has shape " + Shapes.str(shape)
                    + " but the model takes [B, " + Shapes.str(dataShape).substring(1) + " with B >= 1");
        }
        checkTypeAndDevice(call, what, x, device);
    }

    /** Checks that {@code x} is F32 on {@code device}. */
    public static void checkTypeAndDevice(String call, String what, Tensor x, Device device) {
        if (x.dtype() != DType.F32) {
            throw new IllegalArgumentException(call + ": " + what + " is " + x.dtype() + ", not F32");
        }
        if (!x.device().equals(device)) {
            throw new IllegalArgumentException(call + ": " + what + " is on " + x.device() + " but the model is on "
                    + device);
        }
    }
}
