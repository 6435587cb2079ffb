package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.accounts.DeviceTerms;
import org.offlinepacks.api.jobs.JobSettings;
import org.offlinepacks.boundarydata.store.DatabaseConfig;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.User;

class ApiServerTest {
    private static final Authenticator NOBODY = new Authenticator() {
        @Override
        public User authenticate(String authorization) {
            throw new UnauthenticatedException("nobody is let in");
        }

        @Override
        public AccessPolicy policyFor(User user) {
            throw new UnsupportedOperationException();
        }
    };

    @TempDir
    Path dataDir;

    @Test
    void aTakenPortIsAnErrorForTheCallerNotAProcessExit() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            ServerConfig config = ServerConfig.defaults(dataDir).withPort(taken.getLocalPort());
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> ApiServer.start(config, NOBODY, List.of()));
            assertTrue(e.getMessage().contains(Integer.toString(taken.getLocalPort())), e.getMessage());
        }
    }

    @Test
    void portZeroPicksAFreePortAndSeveralServersRunSideBySide() {
        ServerConfig config = ServerConfig.defaults(dataDir).withPort(0);
        try (ApiServer first = ApiServer.start(config, NOBODY, List.of());
                ApiServer second = ApiServer.start(config, NOBODY, List.of())) {
            assertTrue(first.port() > 0);
            assertTrue(first.port() != second.port());
            assertEquals("127.0.0.1", first.baseUri().getHost());
        }
    }

    @Test
    void configValuesOutOfRangeAreRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ServerConfig(
                        dataDir,
                        "127.0.0.1",
                        8080,
                        2,
                        1,
                        false,
                        null,
                        LinkLimits.DEFAULTS,
                        DatabaseConfig.EMBEDDED,
                        org.offlinepacks.boundarydata.storage.StorageConfig.DATA_FOLDER,
                        ServerConfig.DEFAULT_RETIRED_GRACE,
                        NodeRole.ALL,
                        JobSettings.DEFAULTS,
                        org.offlinepacks.api.metrics.MetricsAccess.OFF,
                        DeviceTerms.DEFAULTS));
        assertTrue(e.getMessage().contains("2"), e.getMessage());
    }
}
