package io.triptych.models.data;

import java.io.IOException;

/** A dataset could not be fetched, read or converted; the message says what went wrong and how to fix it by hand. */
public final class DataUnavailableException extends IOException {
    public DataUnavailableException(String message) {
        super(message);
    }

    public DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
