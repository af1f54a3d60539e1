package io.triptych.cli;

/** A command line that does not parse; printed with the command's name and exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
