package org.offlinepacks.api.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The service as its own process for crash tests: {@code UploadServerProcess DATA_DIR PORT_FILE}
 * serves the data folder on a free port, writes the port to PORT_FILE and runs until killed.
 */
public final class UploadServerProcess {
    private UploadServerProcess() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Path portFile = Path.of(args[1]);
        ApiApplication application = UploadTestData.start(dataDir);
        Path temp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(temp, Integer.toString(application.port()));
        Files.move(temp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Thread.currentThread().join();
    }
}
