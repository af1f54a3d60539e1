package io.triptych.engine.io;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file is malformed, truncated or holds something Triptych cannot read; names the file and why. */
public final class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafeTensorsException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public SafeTensorsException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
