package io.accountmonitor.app.cli;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * The command line's output: the one class that writes to standard output and standard error.
 * Everything else logs through SLF4J. Tests pass their own writers.
 */
public final class ConsoleOutput {
    private final PrintWriter out;
    private final PrintWriter err;

    public ConsoleOutput(PrintWriter out, PrintWriter err) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** Returns output to the process's standard streams, flushed after each line. */
    public static ConsoleOutput system() {
        return new ConsoleOutput(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }
}
