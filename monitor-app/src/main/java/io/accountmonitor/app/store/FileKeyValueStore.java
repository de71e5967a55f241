package io.accountmonitor.app.store;

import io.accountmonitor.core.spi.KeyValueStore;
import io.accountmonitor.core.spi.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A {@link KeyValueStore} with one file per key in one directory. A write goes to a temporary file
 * in the same directory, is forced to disk, then renamed over the old file, and the directory is
 * forced too. After a crash a key contains its old or its new value, never a mix.
 *
 * <p>On POSIX file systems, directories the store creates are readable only by their owner
 * ({@code rwx------}) and every file it writes too ({@code rw-------}), because values include
 * refreshed OAuth tokens. Directories that exist already keep their permissions.
 *
 * <p>Each file starts with a header line holding the length and CRC-32 of the value, so a
 * truncated or overwritten file is reported as corrupt instead of being read as a wrong value.
 * A file that is not a regular file, or larger than {@link #MAX_FILE_BYTES}, is reported as
 * corrupt without being read.
 * Safe from several threads; writes of one key are serialised.
 */
public final class FileKeyValueStore implements KeyValueStore {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern HEADER = Pattern.compile("account-monitor-store v1 length=(\\d+) crc32=([0-9a-f]{8})");
    /** The largest file read or written; cursors and tokens take well under a kilobyte. */
    static final int MAX_FILE_BYTES = 1024 * 1024;

    private static final AtomicLong TEMPORARY_SEQUENCE = new AtomicLong();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path directory;
    private final ConcurrentMap<String, Object> keyLocks = new ConcurrentHashMap<>();

    /**
     * Opens the store in {@code directory}, creating it and its parents when missing.
     *
     * @throws StoreException if the directory cannot be created or is not writable
     */
    public FileKeyValueStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        if (Files.exists(this.directory) && !Files.isDirectory(this.directory)) {
            throw new StoreException(this.directory + " is a file, not a directory; point dataDirectory at a"
                    + " directory, or remove the file", null);
        }
        try {
            if (POSIX) {
                Files.createDirectories(this.directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            } else {
                Files.createDirectories(this.directory);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + this.directory + ": " + describe(e)
                    + "; create it with write permission for this user, or set dataDirectory", e);
        }
        if (!Files.isWritable(this.directory)) {
            throw new StoreException("data directory " + this.directory + " is not writable"
                    + "; give this user write permission, or set dataDirectory", null);
        }
    }

    public Path directory() {
        return directory;
    }

    /** Returns the file that stores {@code key}. */
    public Path fileOf(String key) {
        return directory.resolve(requireValidKey(key));
    }

    @Override
    public Optional<String> get(String key) {
        Path file = fileOf(key);
        byte[] content;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                // A pipe would block the read and a device might never end.
                throw corrupt(file, "it is not a regular file");
            }
            if (attributes.size() > MAX_FILE_BYTES) {
                throw corrupt(file, "it holds " + attributes.size() + " bytes, more than the limit of " + MAX_FILE_BYTES);
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + describe(e), e);
        }
        return Optional.of(decode(file, content));
    }

    @Override
    public void put(String key, String value) {
        Objects.requireNonNull(value, "value");
        Path file = fileOf(key);
        byte[] encoded = encode(value);
        if (encoded.length > MAX_FILE_BYTES) {
            throw new StoreException("cannot write " + file + ": the value takes " + encoded.length
                    + " bytes, more than the limit of " + MAX_FILE_BYTES + "; the old value is kept", null);
        }
        synchronized (keyLocks.computeIfAbsent(key, k -> new Object())) {
            Path temporary = directory.resolve("." + key + ".tmp-" + ProcessHandle.current().pid() + "-"
                    + TEMPORARY_SEQUENCE.incrementAndGet());
            try {
                writeForced(temporary, encoded);
                moveAtomically(temporary, file);
                forceDirectory();
            } catch (IOException e) {
                deleteQuietly(temporary);
                throw new StoreException("cannot write " + file + ": " + describe(e) + "; the old value is kept", e);
            }
        }
    }

    @Override
    public void remove(String key) {
        Path file = fileOf(key);
        synchronized (keyLocks.computeIfAbsent(key, k -> new Object())) {
            try {
                Files.deleteIfExists(file);
                forceDirectory();
            } catch (IOException e) {
                throw new StoreException("cannot delete " + file + ": " + describe(e), e);
            }
        }
    }

    /** Returns when {@code key} was last written, or empty when it does not exist. */
    public Optional<FileTime> lastModified(String key) {
        try {
            return Optional.of(Files.getLastModifiedTime(fileOf(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read the time of " + fileOf(key) + ": " + describe(e), e);
        }
    }

    /**
     * Moves the file of {@code key} aside as {@code <key>.corrupt-<n>} so it can be inspected and the
     * key can be written again. Returns the new path.
     */
    public Path quarantine(String key) {
        Path file = fileOf(key);
        for (int attempt = 1; attempt < 1_000; attempt++) {
            Path target = directory.resolve(key + ".corrupt-" + attempt);
            if (Files.exists(target)) {
                continue;
            }
            try {
                Files.move(file, target);
                return target;
            } catch (IOException e) {
                throw new StoreException("cannot move corrupt " + file + " aside: " + describe(e), e);
            }
        }
        throw new StoreException("cannot move corrupt " + file + " aside: 999 earlier copies exist; delete them", null);
    }

    private static byte[] encode(String value) {
        byte[] body = value.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        String header = String.format(Locale.ROOT, "account-monitor-store v1 length=%d crc32=%08x%n", body.length,
                crc.getValue());
        byte[] headerBytes = header.getBytes(StandardCharsets.US_ASCII);
        byte[] content = Arrays.copyOf(headerBytes, headerBytes.length + body.length);
        System.arraycopy(body, 0, content, headerBytes.length, body.length);
        return content;
    }

    private static String decode(Path file, byte[] content) {
        int newline = indexOf(content, (byte) '\n');
        if (newline < 0) {
            throw corrupt(file, "the header line is missing");
        }
        String header = new String(content, 0, newline, StandardCharsets.US_ASCII).strip();
        Matcher matcher = HEADER.matcher(header);
        if (!matcher.matches()) {
            throw corrupt(file, "the header line is not 'account-monitor-store v1 length=N crc32=X'");
        }
        byte[] body = Arrays.copyOfRange(content, newline + 1, content.length);
        if (body.length != Long.parseLong(matcher.group(1))) {
            throw corrupt(file, "it contains " + body.length + " bytes but its header says " + matcher.group(1));
        }
        CRC32 crc = new CRC32();
        crc.update(body);
        if (crc.getValue() != Long.parseLong(matcher.group(2), 16)) {
            throw corrupt(file, "its checksum does not match");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, "it is not valid UTF-8");
        }
    }

    private static StoreException corrupt(Path file, String reason) {
        return new StoreException("corrupt file " + file + ": " + reason, null);
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static void writeForced(Path file, byte[] content) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(file, options, attributes)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", e);
        }
    }

    /** Forces the directory entry of the rename to disk; file systems that cannot do it are skipped. */
    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory as a channel; the rename is still atomic there.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The temporary file is left behind; it never shadows a key because keys cannot start with '.'.
        }
    }

    private static String requireValidKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid store key '" + key
                    + "': use 1 to 100 of [A-Za-z0-9._-], starting with a letter or digit");
        }
        return key;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null ? kind : kind + " " + message;
    }
}
