package org.offlinepacks.api.upload;

import java.io.IOException;
import java.io.InputStream;

/** Where an uploaded file's bytes come from, once its checksum was verified; opened as often as needed. */
@FunctionalInterface
public interface FileSource {
    InputStream open() throws IOException;
}
