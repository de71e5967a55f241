package io.accountmonitor.app.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.spi.StateSink;
import io.accountmonitor.scheduler.virtual.VirtualHostContext;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write of the json-file sink that fails once, then the fault clears. */
class JsonFileSinkFaultTest {
    @TempDir
    Path directory;

    private final VirtualTime time = new VirtualTime();
    private final VirtualHostContext context = VirtualHostContext.builder(time).build();

    private StateSink startedSink(Path file) {
        StateSink sink = new JsonFileSinkPlugin().create("file", new JsonFileSinkPlugin.Settings(file, null, null), context);
        sink.start();
        return sink;
    }

    /** Makes the target path a non-empty directory, so the atomic move onto it fails. */
    private static Path block(Path file) throws Exception {
        return Files.createDirectories(file.resolve("blocker"));
    }

    private static void unblock(Path file, Path blocker) throws Exception {
        Files.delete(blocker);
        Files.delete(file);
    }

    @Test
    void failedWriteRetriedAfterFaultClears() throws Exception {
        Path file = directory.resolve("state.json");
        StateSink sink = startedSink(file);
        Path blocker = block(file);

        sink.publish(new AccountUpdate("main", null, SinkFixtures.snapshot("10000.00", List.of()), List.of()));
        time.advance(Duration.ofSeconds(1));
        LinkStatus failing = sink.status();
        unblock(file, blocker);
        time.advance(Duration.ofSeconds(1));

        assertThat(failing.state()).isEqualTo(LinkState.DOWN);
        assertThat(failing.detail()).startsWith("cannot write " + file.toAbsolutePath());
        assertThat(file).as("state written one write interval after the fault cleared, without a new update")
                .isRegularFile();
        assertThat(sink.status().state()).isEqualTo(LinkState.UP);
    }

    @Test
    void closeAfterFailedWriteWritesState() throws Exception {
        Path file = directory.resolve("state.json");
        StateSink sink = startedSink(file);
        Path blocker = block(file);

        sink.publish(new AccountUpdate("main", null, SinkFixtures.snapshot("10000.00", List.of()), List.of()));
        time.advance(Duration.ofSeconds(1));
        unblock(file, blocker);
        sink.close();

        assertThat(file).as("close() writes what is pending").exists();
    }

    @Test
    void failedWriteLeavesNoTemporaryFile() throws Exception {
        Path file = directory.resolve("state.json");
        StateSink sink = startedSink(file);
        block(file);

        sink.publish(new AccountUpdate("main", null, SinkFixtures.snapshot("10000.00", List.of()), List.of()));
        time.advance(Duration.ofSeconds(1));

        try (var entries = Files.list(directory)) {
            assertThat(entries).containsExactly(file);
        }
    }
}
