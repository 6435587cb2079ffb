package org.offlinepacks.api.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import javax.servlet.ServletOutputStream;
import org.eclipse.jetty.server.HttpOutput;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.download.FileResource;
import spark.Request;
import spark.Response;

/**
 * Sends a published file with HTTP's conditional and range rules: {@code If-None-Match} → 304, a
 * single {@code Range} → 206 (416 when it starts past the end), {@code If-Range} with the current
 * entity tag, else the whole file. Files are streamed from disk in chunks, never read whole into
 * memory.
 */
final class FileResponder {
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "no-cache";

    private static final int CHUNK_BYTES = 128 * 1024;
    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK_BYTES));

    private FileResponder() {}

    static Object send(Request request, Response response, FileResource resource) throws IOException {
        response.header("ETag", resource.etag());
        response.header("Accept-Ranges", "bytes");
        response.header("Cache-Control", resource.immutable() ? IMMUTABLE : REVALIDATE);
        if (matches(request.headers("If-None-Match"), resource.etag())) {
            response.status(304);
            return "";
        }
        try (FileChannel channel = FileChannel.open(resource.file(), StandardOpenOption.READ)) {
            long size = channel.size();
            Optional<ByteRange> range = rangeToSend(request, resource, size);
            if (range.isPresent() && range.get() == ByteRange.UNSATISFIABLE) {
                response.header("Content-Range", "bytes */" + size);
                return ApiJson.respond(
                        response,
                        416,
                        new ErrorMapper.ErrorBody(
                                "range-not-satisfiable", "the file has " + size + " bytes; ask for a range inside it"));
            }
            ByteRange bytes = range.orElse(new ByteRange(0, size - 1));
            if (range.isPresent()) {
                response.status(206);
                response.header("Content-Range", "bytes " + bytes.first() + "-" + bytes.last() + "/" + size);
            } else {
                response.status(200);
            }
            response.type(resource.mediaType());
            response.raw().setContentLengthLong(size == 0 ? 0 : bytes.length());
            if (size > 0 && !"HEAD".equals(request.requestMethod())) {
                write(channel, bytes, response.raw().getOutputStream());
            }
            return "";
        } catch (NoSuchFileException e) {
            throw new NotFoundException("the file was removed; fetch the manifest again");
        }
    }

    private static Optional<ByteRange> rangeToSend(Request request, FileResource resource, long size) {
        String ifRange = request.headers("If-Range");
        if (ifRange != null && !ifRange.trim().equals(resource.etag())) {
            return Optional.empty(); // the file changed since the client's copy: send it whole
        }
        return ByteRange.parse(request.headers("Range"), size);
    }

    /** {@code If-None-Match}: a list of entity tags or {@code *}; weak tags compare weakly. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    /**
     * Copies the range in chunks through one direct buffer per thread. Not memory-mapped: mappings
     * live until the garbage collector frees them, so under load thousands pile up (counted in the
     * process's memory, and bounded by the kernel's map count).
     */
    private static void write(FileChannel channel, ByteRange bytes, ServletOutputStream out) throws IOException {
        ByteBuffer buffer = BUFFER.get();
        long position = bytes.first();
        long remaining = bytes.length();
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new IOException("the file ended early");
            }
            buffer.flip();
            if (out instanceof HttpOutput jetty) {
                jetty.write(buffer); // blocks until written, so the buffer is free again
            } else {
                byte[] copy = new byte[read];
                buffer.get(copy);
                out.write(copy);
            }
            position += read;
            remaining -= read;
        }
    }
}
