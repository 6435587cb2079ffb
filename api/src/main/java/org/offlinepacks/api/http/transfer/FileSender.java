package org.offlinepacks.api.http.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import org.offlinepacks.api.NotFoundException;

/**
 * Sends a file with HTTP's conditional and range rules: {@code If-Match} → 412 unless it names this
 * representation, {@code If-None-Match} → 304, one {@code Range} → 206 (416 past the end) unless
 * {@code If-Range} names another representation, else the whole file. The body streams from disk
 * asynchronously; HEAD gets the same headers without it.
 */
final class FileSender {
    private FileSender() {}

    static void send(Exchange exchange, FileRepresentation file) throws IOException {
        exchange.setHeader("ETag", file.etag());
        String ifMatch = exchange.header("If-Match");
        if (ifMatch != null && !matches(ifMatch, file.etag(), false)) {
            exchange.respondAnswer(exchange.conventions()
                    .error(412, "precondition-failed", "the resource is now " + file.etag() + ", not " + ifMatch));
            return;
        }
        if (matches(exchange.header("If-None-Match"), file.etag(), true)) {
            exchange.respond(304);
            return;
        }
        exchange.setHeader("Accept-Ranges", "bytes");
        FileChannel channel;
        try {
            channel = FileChannel.open(file.file().path(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("the file was removed; fetch the manifest again");
        }
        try {
            long size = channel.size();
            Optional<ByteRange> range = rangeToSend(exchange, file, size);
            if (range.isPresent() && range.get() == ByteRange.UNSATISFIABLE) {
                channel.close();
                exchange.setHeader("Content-Range", "bytes */" + size);
                exchange.respondAnswer(exchange.conventions()
                        .error(
                                416,
                                "range-not-satisfiable",
                                "the file has " + size + " bytes; ask for a range inside it"));
                return;
            }
            ByteRange bytes = range.orElse(new ByteRange(0, size - 1));
            if (range.isPresent()) {
                exchange.response().setStatus(206);
                exchange.setHeader("Content-Range", "bytes " + bytes.first() + "-" + bytes.last() + "/" + size);
            } else {
                exchange.response().setStatus(200);
            }
            exchange.response().setContentType(file.mediaType());
            if (file.contentEncoding() != null) {
                exchange.setHeader("Content-Encoding", file.contentEncoding());
            }
            long length = size == 0 ? 0 : bytes.length();
            if (exchange.isHead() || length == 0) {
                channel.close();
                exchange.response().setContentLengthLong(length);
                return;
            }
            exchange.streamBody(new RangeChannel(channel, bytes.first(), length), length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Optional<ByteRange> rangeToSend(Exchange exchange, FileRepresentation file, long size) {
        String ifRange = exchange.header("If-Range");
        if (ifRange != null && !ifRange.trim().equals(file.etag())) {
            return Optional.empty(); // the client's copy is another representation: send this one whole
        }
        return ByteRange.parse(exchange.header("Range"), size);
    }

    /**
     * Whether a list of entity tags (or {@code *}) names {@code etag}: weakly for
     * {@code If-None-Match}, strongly (weak tags never match) for {@code If-Match}.
     */
    static boolean matches(String header, String etag, boolean weak) {
        if (header == null) {
            return false;
        }
        return Arrays.stream(header.split(","))
                .map(String::trim)
                .filter(tag -> weak || !tag.startsWith("W/"))
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    /** {@code length} bytes of a file from {@code first}, read by position. */
    private static final class RangeChannel implements ReadableByteChannel {
        private final FileChannel file;
        private long position;
        private long remaining;

        RangeChannel(FileChannel file, long first, long length) {
            this.file = file;
            this.position = first;
            this.remaining = length;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int limit = target.limit();
            if (target.remaining() > remaining) {
                target.limit(target.position() + (int) remaining);
            }
            int read;
            try {
                read = file.read(target, position);
            } finally {
                target.limit(limit);
            }
            if (read < 0) {
                throw new IOException("the file ended " + remaining + " bytes early");
            }
            position += read;
            remaining -= read;
            return read;
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
