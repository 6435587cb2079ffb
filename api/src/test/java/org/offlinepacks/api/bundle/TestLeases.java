package org.offlinepacks.api.bundle;

import java.nio.file.Path;
import org.offlinepacks.api.lease.BoundaryLeases;
import org.offlinepacks.api.lease.LeaseTerms;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Databases;

/** Build leases in a data folder's store.sqlite, where `build` and `serve` take them, for tests that build packs. */
public final class TestLeases implements AutoCloseable {
    private final Database database;
    private final BoundaryLeases leases;

    private TestLeases(Database database, String holder) {
        this.database = database;
        this.leases = BoundaryLeases.open(database, LeaseTerms.DEFAULTS, holder);
    }

    public static TestLeases inDataFolder(Path dataDir) {
        return new TestLeases(Database.sqlite(dataDir.resolve(Databases.CAMPAIGN_FILE)), "test");
    }

    public BoundaryLeases leases() {
        return leases;
    }

    @Override
    public void close() {
        database.close();
    }
}
