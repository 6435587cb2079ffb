package org.offlinepacks.api.relay;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.offlinepacks.api.http.ApiServer;
import org.offlinepacks.api.http.ServerConfig;
import org.offlinepacks.boundarydata.storage.FolderObjectStore;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A laptop's field relay: serves its area's mirror to devices on the local network and takes their
 * sealed files, and every few seconds tries the central service: forwards what waits, then mirrors
 * again. Offline, it goes on serving what it has; nothing taken is lost to a crash.
 */
public final class FieldRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FieldRelay.class);
    public static final String STORE_FILE = "relay.sqlite";

    private final Database database;
    private final ObjectStore objects;
    private final RelayMirror mirror;
    private final RelayForwarder forwarder;
    private final ApiServer server;
    private final ScheduledExecutorService contact = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relay-contact");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean reachable;

    private FieldRelay(
            Database database, ObjectStore objects, RelayStore store, CentralClient central, ServerConfig config) {
        this.database = database;
        this.objects = objects;
        this.mirror = new RelayMirror(central, store);
        this.forwarder = new RelayForwarder(central, store);
        this.server = ApiServer.start(config, new RelayAuthenticator(store), List.of(new MirrorRoutes(store)));
    }

    /** Starts serving {@code dataDir}'s mirror at once, and contacts {@code central} every {@code every}. */
    public static FieldRelay start(ServerConfig config, URI central, String token, Duration every) {
        Path dataDir = config.dataDir();
        Database database = Database.sqlite(dataDir.resolve(STORE_FILE));
        ObjectStore objects = new FolderObjectStore(dataDir);
        FieldRelay relay;
        try {
            RelayStore store = new RelayStore(database, objects, Clock.systemUTC());
            relay = new FieldRelay(database, objects, store, new CentralClient(central, token), config);
        } catch (RuntimeException e) {
            database.close();
            objects.close();
            throw e;
        }
        relay.contact.scheduleWithFixedDelay(relay::contactCentral, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return relay;
    }

    /** Forwards, then mirrors; a central service out of reach is tried again next time. */
    void contactCentral() {
        try {
            int forwarded = forwarder.forward();
            mirror.mirror();
            if (!reachable || forwarded > 0) {
                LOG.info("the central service is reachable: {} sealed files forwarded, mirror up to date", forwarded);
            }
            reachable = true;
        } catch (IOException | RuntimeException e) {
            if (reachable) {
                LOG.info(
                        "the central service is out of reach ({}): serving the mirror, keeping uploads",
                        e.getMessage());
            }
            reachable = false;
        }
    }

    public URI baseUri() {
        return server.baseUri();
    }

    @Override
    public void close() {
        contact.shutdownNow();
        server.close();
        database.close();
        objects.close();
    }
}
