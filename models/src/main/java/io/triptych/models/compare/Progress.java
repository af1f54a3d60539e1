package io.triptych.models.compare;

/** Where a long comparison reports what it is doing; the command line draws it as a progress bar. */
public interface Progress {
    /** A new phase of {@code total} units of work begins. */
    void phase(String name, long total);

    /** {@code done} of the current phase's units are complete. */
    void advance(long done);

    /** A line worth keeping in the log (a result, a warning). */
    void note(String line);

    Progress SILENT = new Progress() {
        @Override
        public void phase(String name, long total) {
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void note(String line) {
        }
    };
}
