package org.offlinepacks.api.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * What both file storages do with the bytes of one append: write them to a channel up to the
 * file's announced length, feed the chunk's checksum, and stop when a newer request took over.
 * Where the bytes go and how an append ends is each storage's.
 */
abstract class ChannelAppend implements FileStorage.Append {
    /**
     * A request the client gave up on may still be delivering the bytes that crossed the link
     * before the cut; it is stopped once it has been quiet this long (or after {@link #MAX_WAIT}).
     */
    private static final Duration QUIET = Duration.ofMillis(150);

    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    final StoredFile file;
    final ChunkChecksum checksum;
    final MessageDigest digest;
    final FileChannel channel;
    long written;
    boolean closed;
    private volatile long lastWriteNanos = System.nanoTime();

    ChannelAppend(StoredFile file, ChunkChecksum checksum, FileChannel channel) {
        this.file = file;
        this.checksum = checksum;
        this.digest = checksum == null ? null : checksum.newDigest();
        this.channel = channel;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        requireOpen();
        long room = file.length() - file.offset() - written;
        int keep = (int) Math.min(length, room);
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, keep);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        if (digest != null) {
            digest.update(bytes, offset, keep);
        }
        written += keep;
        lastWriteNanos = System.nanoTime();
        if (keep < length) {
            throw new UploadException(
                    UploadException.Reason.PAST_ANNOUNCED_LENGTH,
                    "file " + file.id() + " was announced with " + file.length()
                            + " bytes; the bytes past that were not kept");
        }
    }

    /** The chunk's checksum does not match what arrived: nothing of it may be kept. */
    UploadException checksumMismatch() {
        return new UploadException(
                UploadException.Reason.CHUNK_CHECKSUM_MISMATCH,
                "the chunk's " + checksum.algorithm() + " does not match its " + written
                        + " bytes; none of them was kept, send the chunk again from offset " + file.offset());
    }

    void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("a newer request on file " + file.id() + " took over");
        }
    }

    /** Lets a request the client gave up on deliver what is still in flight, then closes it. */
    void closeWhenQuiet() throws IOException {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        try {
            while (System.nanoTime() - lastWriteNanos < QUIET.toNanos() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }
}
