package io.accountmonitor.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountmonitor.core.spi.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class FileKeyValueStoreTest {
    @TempDir
    Path directory;

    @Test
    void putThenGetReturnsValue() {
        FileKeyValueStore store = new FileKeyValueStore(directory.resolve("tokens"));

        store.put("token-pair", "access=a\nrefresh=r\nmulti-byte=€");

        assertThat(store.get("token-pair")).contains("access=a\nrefresh=r\nmulti-byte=€");
        assertThat(new FileKeyValueStore(directory.resolve("tokens")).get("token-pair")).contains(
                "access=a\nrefresh=r\nmulti-byte=€");
    }

    @Test
    void filesAndCreatedDirectoriesAreOwnerOnly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path created = directory.resolve("monitors/main/broker");
        FileKeyValueStore store = new FileKeyValueStore(created);

        store.put("ctrader.tokens", "access refresh");

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(store.fileOf(
                "ctrader.tokens")))).isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
                .isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                directory.resolve("monitors")))).isEqualTo("rwx------");
    }

    @Test
    void fileInPlaceOfDirectoryIsNamed() throws IOException {
        Path file = Files.writeString(directory.resolve("data"), "x");

        assertThatThrownBy(() -> new FileKeyValueStore(file))
                .isInstanceOf(StoreException.class)
                .hasMessage(file + " is a file, not a directory; point dataDirectory at a directory, or remove the file");
    }

    @Test
    void missingKeyIsEmpty() {
        assertThat(new FileKeyValueStore(directory).get("absent")).isEmpty();
    }

    @Test
    void overwriteAndRemove() {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        store.put("k", "one");
        store.put("k", "two");

        assertThat(store.get("k")).contains("two");
        store.remove("k");
        store.remove("k");
        assertThat(store.get("k")).isEmpty();
    }

    @Test
    void writesLeaveNoTemporaryFiles() throws IOException {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        for (int i = 0; i < 20; i++) {
            store.put("k" + (i % 3), "value " + i);
        }

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("k0", "k1", "k2");
        }
    }

    @Test
    void truncatedFileIsReportedAsCorrupt() throws IOException {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        store.put("cursor", "v1 2026-03-02T10:00:00Z 1,2,3");
        byte[] content = Files.readAllBytes(store.fileOf("cursor"));
        Files.write(store.fileOf("cursor"), java.util.Arrays.copyOf(content, content.length - 3));

        assertThatThrownBy(() -> store.get("cursor"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("corrupt file " + store.fileOf("cursor"))
                .hasMessageContaining("contains 26 bytes but its header says 29");
    }

    @Test
    void changedByteIsReportedAsChecksumMismatch() throws IOException {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        store.put("cursor", "v1 2026-03-02T10:00:00Z 1");
        String text = Files.readString(store.fileOf("cursor"));
        Files.writeString(store.fileOf("cursor"), text.replace("v1 2026", "v1 2027"));

        assertThatThrownBy(() -> store.get("cursor")).hasMessageContaining("its checksum does not match");
    }

    @Test
    void fileWithoutHeaderIsCorrupt() throws IOException {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        Files.writeString(store.fileOf("hand-edited"), "just some text\n");
        Files.write(store.fileOf("binary"), new byte[] {0, 1, 2});

        assertThatThrownBy(() -> store.get("hand-edited")).hasMessageContaining("header line is not");
        assertThatThrownBy(() -> store.get("binary")).hasMessageContaining("header line is missing");
    }

    @Test
    void invalidUtf8IsCorrupt() throws IOException {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        byte[] body = {(byte) 0xC3, (byte) 0x28};
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        String header = String.format("account-monitor-store v1 length=2 crc32=%08x%n", crc.getValue());
        byte[] content = new byte[header.length() + 2];
        System.arraycopy(header.getBytes(StandardCharsets.US_ASCII), 0, content, 0, header.length());
        System.arraycopy(body, 0, content, header.length(), 2);
        Files.write(store.fileOf("bad"), content);

        assertThatThrownBy(() -> store.get("bad")).hasMessageContaining("not valid UTF-8");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void linkToADeviceIsCorruptWithoutBeingRead() throws IOException {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        Files.createSymbolicLink(store.fileOf("cursor"), Path.of("/dev/zero"));

        assertThatThrownBy(() -> store.get("cursor")).isInstanceOf(StoreException.class)
                .hasMessageContaining("it is not a regular file");
        assertThat(store.quarantine("cursor").getFileName().toString()).isEqualTo("cursor.corrupt-1");
        assertThat(store.get("cursor")).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void namedPipeIsCorruptWithoutWaitingForAWriter() throws Exception {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        Process mkfifo = new ProcessBuilder("mkfifo", store.fileOf("cursor").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThatThrownBy(() -> store.get("cursor")).hasMessageContaining("it is not a regular file");
    }

    @Test
    void oversizedFileIsCorruptAndOversizedValueIsNotWritten() throws IOException {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        store.put("token", "small");
        Files.write(store.fileOf("cursor"), new byte[FileKeyValueStore.MAX_FILE_BYTES + 1]);

        assertThatThrownBy(() -> store.get("cursor")).hasMessageContaining("more than the limit of 1048576");
        assertThatThrownBy(() -> store.put("token", "x".repeat(FileKeyValueStore.MAX_FILE_BYTES)))
                .isInstanceOf(StoreException.class).hasMessageContaining("the old value is kept");
        assertThat(store.get("token")).contains("small");
    }

    @Test
    void quarantineMovesFileAsideAndFreesKey() throws IOException {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        Files.writeString(store.fileOf("cursor"), "garbage");

        Path first = store.quarantine("cursor");
        Files.writeString(store.fileOf("cursor"), "garbage again");
        Path second = store.quarantine("cursor");

        assertThat(first.getFileName().toString()).isEqualTo("cursor.corrupt-1");
        assertThat(second.getFileName().toString()).isEqualTo("cursor.corrupt-2");
        assertThat(Files.readString(first)).isEqualTo("garbage");
        assertThat(store.get("cursor")).isEmpty();
    }

    @Test
    void keysThatCouldEscapeDirectoryAreRejected() {
        FileKeyValueStore store = new FileKeyValueStore(directory);

        for (String key : List.of("..", ".", ".hidden", "a/b", "", "x".repeat(101), "sp ace")) {
            assertThatThrownBy(() -> store.put(key, "v"))
                    .as("key '%s'", key)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid store key '" + key + "'");
        }
    }

    @Test
    void directoryThatCannotBeCreatedIsReported() throws IOException {
        Path file = Files.writeString(directory.resolve("not-a-directory"), "x");

        assertThatThrownBy(() -> new FileKeyValueStore(file.resolve("data")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot create data directory " + file.resolve("data"))
                .hasMessageContaining("set dataDirectory");
    }

    @Test
    void concurrentWritesLeaveCompleteValue() throws Exception {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        int threads = 4;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        List<Thread> writers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            String value = ("writer " + t + " ").repeat(200);
            Thread writer = new Thread(() -> {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < 25; i++) {
                        store.put("shared", value);
                        store.get("shared").orElseThrow();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            writer.join(30_000);
        }

        assertThat(failures).isEmpty();
        Set<String> possible = Set.of(("writer 0 ").repeat(200), ("writer 1 ").repeat(200), ("writer 2 ").repeat(200),
                ("writer 3 ").repeat(200));
        assertThat(possible).contains(store.get("shared").orElseThrow());
    }
}
