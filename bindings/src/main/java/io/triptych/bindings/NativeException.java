package io.triptych.bindings;

import java.nio.file.Path;

/** A native call returned a failure status. Carries the call, the status, the library's message and context. */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The status used when the library does not export the called symbol at all. */
    public static final int SYMBOL_MISSING = -1;

    private final String call;
    private final int status;
    private final String statusName;
    private final String nativeMessage;

    public NativeException(String call, int status, String statusName, String nativeMessage, Path library,
                           Object... args) {
        super(format(call, statusName, nativeMessage, library, args));
        this.call = call;
        this.status = status;
        this.statusName = statusName;
        this.nativeMessage = nativeMessage;
    }

    static NativeException missingSymbol(String call, Path library) {
        return new NativeException(call, SYMBOL_MISSING, "SYMBOL_MISSING",
                "the library does not export " + call + " (built from an older or partial source?)", library);
    }

    public String call() {
        return call;
    }

    public int status() {
        return status;
    }

    public String statusName() {
        return statusName;
    }

    public String nativeMessage() {
        return nativeMessage;
    }

    private static String format(String call, String statusName, String nativeMessage, Path library, Object[] args) {
        StringBuilder sb = new StringBuilder(call).append(" failed: ").append(statusName);
        if (nativeMessage != null && !nativeMessage.isEmpty()) {
            sb.append(": ").append(nativeMessage);
        }
        if (args.length > 0) {
            sb.append(" [");
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(args[i]).append('=').append(args[i + 1]);
            }
            sb.append(']');
        }
        if (library != null) {
            sb.append(" (").append(library.getFileName()).append(')');
        }
        return sb.toString();
    }
}
