package io.accountmonitor.bench.report;

import java.io.PrintWriter;

/** The benchmark's output on the console: the one class of the benchmark module that writes to standard output. */
public final class ReportOutput {
    private final PrintWriter out = new PrintWriter(System.out, true);

    public void line(String text) {
        out.println(text);
    }

    public void blank() {
        out.println();
    }
}
