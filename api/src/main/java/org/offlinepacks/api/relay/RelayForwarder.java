package org.offlinepacks.api.relay;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the files devices left with the relay to the central service, oldest first, as the relay's
 * user (a sealed file as it is, an entry file as a supervisor's relayed upload), and keeps its
 * answer for the devices. A file whose answer was lost (the relay killed, the link cut) is sent
 * again: the central service answers the same carrier's same file with its first receipt, so its
 * entries are stored exactly once.
 */
public final class RelayForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(RelayForwarder.class);

    private final CentralClient central;
    private final RelayStore store;

    public RelayForwarder(CentralClient central, RelayStore store) {
        this.central = central;
        this.store = store;
    }

    /** Forwards what waits; {@link IOException} when the central service cannot be reached. */
    public int forward() throws IOException {
        int forwarded = 0;
        for (RelayStore.Waiting waiting : store.waitingFiles()) {
            String fileSha256 = waiting.fileSha256();
            byte[] file = store.file(fileSha256);
            HttpResponse<byte[]> answer = waiting.kind() == RelayStore.Kind.SEALED
                    ? central.postSealed(file)
                    : central.postEntries(file, fileSha256);
            int status = answer.statusCode();
            if (status >= 500 || status == 401 || status == 403 || status == 429) {
                throw new IOException("the central service answered " + status + " for sealed file " + fileSha256
                        + ": it is kept and sent again");
            }
            store.forwarded(fileSha256, status, new String(answer.body(), StandardCharsets.UTF_8));
            LOG.info("forwarded {} file {}: central answered {}", waiting.kind(), fileSha256, status);
            forwarded++;
        }
        return forwarded;
    }
}
