package io.triptych.bindings;

import java.util.List;

/** A native library (or the device behind it) cannot be used; says which, why, and every place searched. */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String library;
    private final List<String> tried;

    public BackendUnavailableException(String library, String reason, List<String> tried) {
        super(format(library, reason, tried));
        this.library = library;
        this.tried = List.copyOf(tried);
    }

    public BackendUnavailableException(String library, String reason, List<String> tried, Throwable cause) {
        super(format(library, reason, tried), cause);
        this.library = library;
        this.tried = List.copyOf(tried);
    }

    public String library() {
        return library;
    }

    /** Each candidate location with the outcome, in search order. */
    public List<String> tried() {
        return tried;
    }

    private static String format(String library, String reason, List<String> tried) {
        StringBuilder sb = new StringBuilder(library).append(" is unavailable: ").append(reason);
        if (!tried.isEmpty()) {
            sb.append("\n  searched:");
            for (String t : tried) {
                sb.append("\n    ").append(t);
            }
        }
        return sb.toString();
    }
}
