package org.offlinepacks.api.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who created the entries of an entry file (gzip or not), read as the upload channel reads it: for
 * a field relay, which takes only a device user's own entries. Lines that are not entries are left
 * to the service, which rejects them on its own.
 */
public final class EntryCreators {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EntryCreators() {}

    /** Each creator named by the file, with the first line that names them. */
    public static Map<String, Integer> of(byte[] file, UploadLimits limits) throws IOException {
        Map<String, Integer> creators = new TreeMap<>();
        new EntryFileReader(limits).read(new ByteArrayInputStream(file), new EntryFileReader.LineHandler() {
            @Override
            public void line(int lineNumber, byte[] bytes, int length) {
                try {
                    JsonNode entry = JSON.readTree(bytes, 0, length);
                    if (entry != null && entry.path("createdBy").isTextual()) {
                        creators.putIfAbsent(entry.get("createdBy").asText(), lineNumber);
                    }
                } catch (IOException e) {
                    // not an entry: the service rejects that line
                }
            }

            @Override
            public void oversized(int lineNumber, long length) {}
        });
        return creators;
    }
}
