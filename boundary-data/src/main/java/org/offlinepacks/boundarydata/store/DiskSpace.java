package org.offlinepacks.boundarydata.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Says when a failure is a full disk. SQLite on a full disk often reports only the aftermath
 * ("cannot commit - no transaction is active", after it rolled the transaction back itself), and
 * Java's "No space left on device" names no folder, so the free space of the data folder's disk
 * is looked at too.
 */
public final class DiskSpace {
    /** Below this, a failed write is most probably the disk's fault. */
    static final long LOW_BYTES = 16L << 20;

    private static final String[] FULL_DISK_MESSAGES = {
        "SQLITE_FULL", "database or disk is full", "No space left on device", "Not enough space", "Disk quota exceeded"
    };

    private DiskSpace() {}

    /**
     * A sentence naming the full disk and its free space when {@code failure} looks like one, to
     * put before the failure's own message; empty otherwise.
     */
    public static Optional<String> fullDiskCause(Path dataDir, Throwable failure) {
        Optional<Long> free = usableBytes(dataDir);
        boolean saysFull = saysDiskFull(failure);
        boolean low = free.isPresent() && free.get() < LOW_BYTES;
        if (!saysFull && !low) {
            return Optional.empty();
        }
        String where = "the disk holding " + dataDir.toAbsolutePath().normalize();
        String freeText = free.map(DiskSpace::human).orElse("unknown");
        return Optional.of(
                saysFull
                        ? where + " is full (" + freeText + " free)"
                        : where + " has only " + freeText + " free, which is the most likely cause");
    }

    /** Free bytes for this process on the file system of {@code path} (or its nearest existing parent). */
    public static Optional<Long> usableBytes(Path path) {
        Path existing = path.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.getFileStore(existing).getUsableSpace());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean saysDiskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            for (String full : FULL_DISK_MESSAGES) {
                if (message.contains(full)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
