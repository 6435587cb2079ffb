package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.http.NodeRole;
import org.offlinepacks.api.http.ServerConfig;
import org.offlinepacks.api.jobs.JobSettings;
import org.offlinepacks.api.lease.LeaseTerms;
import org.offlinepacks.boundarydata.storage.StorageConfig;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void serveRefusesThePublicSampleTokensUnlessItIsADemo() {
        StringWriter err = new StringWriter();
        CommandLine command = OfflinePacksCommand.commandLine().setErr(new PrintWriter(err));
        int exit = command.execute(
                "serve",
                "--data",
                dir.resolve("data").toString(),
                "--campaign",
                PackFixtures.SAMPLE_CAMPAIGN.toString(),
                "--port",
                "0");
        assertEquals(FailureHandler.FAILED, exit);
        assertTrue(err.toString().contains("--demo"), err.toString());
    }

    @Test
    void metricsAreOffUnlessATokenHashOrAPortOfTheirOwnIsGiven() throws Exception {
        ServerConfigLoader.Options none = new ServerConfigLoader.Options(null, null, null, null, null, null);
        assertEquals(
                org.offlinepacks.api.metrics.MetricsAccess.OFF,
                ServerConfigLoader.load(none, null, Map.of(), false).metrics());
        String hash = org.offlinepacks.boundarydata.users.TokenHash.of("scraper");
        var withToken = ServerConfigLoader.load(none, null, Map.of("OFFLINE_PACKS_METRICS_TOKEN_SHA256", hash), false)
                .metrics();
        assertTrue(withToken.onPublicPort() && withToken.allows("Bearer scraper") && !withToken.allows("Bearer x"));
        Path file = Files.writeString(dir.resolve("metrics.properties"), "metricsPort=9464\nmetricsHost=10.0.0.5\n");
        var ownPort = ServerConfigLoader.load(none, file, Map.of(), false).metrics();
        assertTrue(ownPort.ownListener() && !ownPort.onPublicPort());
        assertEquals(9464, ownPort.port());
        assertEquals("10.0.0.5", ownPort.host());
        IllegalArgumentException notAHash = assertThrows(
                IllegalArgumentException.class,
                () -> ServerConfigLoader.load(
                        none, null, Map.of("OFFLINE_PACKS_METRICS_TOKEN_SHA256", "scraper"), false));
        assertTrue(notAHash.getMessage().contains("metricsTokenSha256"), notAHash.getMessage());
    }

    @Test
    void optionsOverrideTheEnvironmentWhichOverridesTheFileAndDefaultsNeedNoSetUp() throws Exception {
        Path file = Files.writeString(dir.resolve("serve.properties"), "port=9000\nhost=0.0.0.0\nbuildWorkers=2\n");
        ServerConfigLoader.Options none = new ServerConfigLoader.Options(null, null, null, null, null, null);

        ServerConfig defaults = ServerConfigLoader.load(none, null, Map.of(), false);
        assertEquals(Path.of("data"), defaults.dataDir());
        assertEquals("127.0.0.1", defaults.host());
        assertEquals(8080, defaults.port());

        ServerConfig fromFile = ServerConfigLoader.load(none, file, Map.of("OFFLINE_PACKS_PORT", "9100"), false);
        assertEquals("0.0.0.0", fromFile.host());
        assertEquals(9100, fromFile.port());
        assertEquals(2, fromFile.buildWorkers());

        ServerConfig fromOptions = ServerConfigLoader.load(
                new ServerConfigLoader.Options(dir, null, 0, null, 3, null),
                file,
                Map.of("OFFLINE_PACKS_PORT", "9100", "OFFLINE_PACKS_BUILD_WORKERS", "5"),
                true);
        assertEquals(0, fromOptions.port());
        assertEquals(3, fromOptions.buildWorkers());
        assertEquals(dir, fromOptions.dataDir());
        assertTrue(fromOptions.demo());
    }

    @Test
    void badValuesAreRefusedWithTheValueAndWhereItCameFrom() throws Exception {
        ServerConfigLoader.Options none = new ServerConfigLoader.Options(null, null, null, null, null, null);
        IllegalArgumentException notANumber = assertThrows(
                IllegalArgumentException.class,
                () -> ServerConfigLoader.load(none, null, Map.of("OFFLINE_PACKS_PORT", "eighty"), false));
        assertTrue(notANumber.getMessage().contains("eighty")
                && notANumber.getMessage().contains("OFFLINE_PACKS_PORT"));
        IllegalArgumentException outOfRange = assertThrows(
                IllegalArgumentException.class,
                () -> ServerConfigLoader.load(none, null, Map.of("OFFLINE_PACKS_PORT", "70000"), false));
        assertTrue(outOfRange.getMessage().contains("70000"));
        Path typo = Files.writeString(dir.resolve("typo.properties"), "prot=80\n");
        assertThrows(IllegalArgumentException.class, () -> ServerConfigLoader.load(none, typo, Map.of(), false));
    }

    @Test
    void theRoleAndTheJobLeasesComeFromOptionsEnvironmentOrFile() throws Exception {
        Path file = Files.writeString(dir.resolve("node.properties"), "role=worker\njobLease=10s\njobHeartbeat=1s\n");
        ServerConfigLoader.Options none = new ServerConfigLoader.Options(null, null, null, null, null, null);

        ServerConfig defaults = ServerConfigLoader.load(none, null, Map.of(), false);
        assertEquals(NodeRole.ALL, defaults.role());
        assertEquals(JobSettings.DEFAULTS, defaults.jobs());

        ServerConfig fromFile = ServerConfigLoader.load(none, file, Map.of("OFFLINE_PACKS_JOB_POLL", "250ms"), false);
        assertEquals(NodeRole.WORKER, fromFile.role());
        assertEquals(
                new JobSettings(
                        new LeaseTerms(Duration.ofSeconds(10), Duration.ofSeconds(1)), Duration.ofMillis(250), 3),
                fromFile.jobs());

        ServerConfig fromOptions = ServerConfigLoader.load(
                jobOptions("api", "3s", "500ms", null, 5), file, Map.of("OFFLINE_PACKS_ROLE", "all"), false);
        assertEquals(NodeRole.API, fromOptions.role());
        assertEquals(
                new JobSettings(
                        new LeaseTerms(Duration.ofSeconds(3), Duration.ofMillis(500)), JobSettings.DEFAULTS.poll(), 5),
                fromOptions.jobs());
    }

    @Test
    void aBadRoleOrLeaseIsRefusedWithTheValueAndWhereItCameFrom() throws Exception {
        ServerConfigLoader.Options none = new ServerConfigLoader.Options(null, null, null, null, null, null);
        IllegalArgumentException role = assertThrows(
                IllegalArgumentException.class,
                () -> ServerConfigLoader.load(none, null, Map.of("OFFLINE_PACKS_ROLE", "leader"), false));
        assertTrue(
                role.getMessage().contains("'leader'")
                        && role.getMessage().contains("OFFLINE_PACKS_ROLE")
                        && role.getMessage().contains("api, worker, all"),
                role.getMessage());

        Path file = Files.writeString(dir.resolve("bad.properties"), "jobLease=soon\n");
        IllegalArgumentException lease = assertThrows(
                IllegalArgumentException.class, () -> ServerConfigLoader.load(none, file, Map.of(), false));
        assertTrue(
                lease.getMessage().contains("'soon'") && lease.getMessage().contains(file.toString()),
                lease.getMessage());

        IllegalArgumentException heartbeat = assertThrows(
                IllegalArgumentException.class,
                () -> ServerConfigLoader.load(jobOptions(null, "30s", "20s", null, null), null, Map.of(), false));
        assertTrue(heartbeat.getMessage().contains("at most half the lease"), heartbeat.getMessage());
    }

    private static ServerConfigLoader.Options jobOptions(
            String role, String lease, String heartbeat, String poll, Integer attempts) {
        return new ServerConfigLoader.Options(
                null, null, null, null, null, null, null, null, null, null, null, null, role, lease, heartbeat, poll,
                attempts);
    }

    @Test
    void storageComesFromTheOptionsTheEnvironmentOrTheFileAndItsCredentialsFromTheEnvironment() throws Exception {
        Map<String, String> credentials = Map.of("AWS_ACCESS_KEY_ID", "key-id", "AWS_SECRET_ACCESS_KEY", "secret");
        ServerConfigLoader.Options none = new ServerConfigLoader.Options(null, null, null, null, null, null);
        assertTrue(
                ServerConfigLoader.load(none, null, Map.of(), false).storage().dataFolder());

        Path file = Files.writeString(
                dir.resolve("serve.properties"),
                "storage=s3://from-file?region=eu-west-1&endpoint=http://127.0.0.1:9000\n");
        StorageConfig fromFile =
                ServerConfigLoader.load(none, file, credentials, false).storage();
        assertEquals("from-file", fromFile.bucket());
        assertEquals("eu-west-1", fromFile.region());
        assertEquals(URI.create("http://127.0.0.1:9000"), fromFile.endpoint());
        assertEquals("key-id", fromFile.accessKeyId());
        assertTrue(!fromFile.toString().contains("secret"), fromFile.toString());

        Map<String, String> environment = new java.util.HashMap<>(credentials);
        environment.put("OFFLINE_PACKS_STORAGE", "s3://from-env/packs?region=us-east-1");
        StorageConfig fromEnvironment =
                ServerConfigLoader.load(none, file, environment, false).storage();
        assertEquals("from-env", fromEnvironment.bucket());
        assertEquals("packs/", fromEnvironment.prefix());

        ServerConfigLoader.Options option = new ServerConfigLoader.Options(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "s3://from-option?region=us-east-1",
                null,
                null,
                null,
                null,
                null,
                null);
        assertEquals(
                "from-option",
                ServerConfigLoader.load(option, file, environment, false)
                        .storage()
                        .bucket());
    }

    @Test
    void aStorageUrlThatCannotWorkIsRefusedAtStartSayingWhy() {
        for (var refused : Map.of(
                        "s3://packs?endpoint=http://127.0.0.1:9000", "region",
                        "https://bucket.example.org", "s3://BUCKET",
                        "s3://packs?region=r&endpont=http://x", "endpont",
                        "s3://Packs_1?region=r", "bucket name")
                .entrySet()) {
            StringWriter err = new StringWriter();
            int exit = OfflinePacksCommand.commandLine()
                    .setErr(new PrintWriter(err))
                    .execute("serve", "--data", dir.toString(), "--port", "0", "--storage", refused.getKey());
            assertEquals(FailureHandler.BAD_INPUT, exit, err.toString());
            assertTrue(err.toString().contains(refused.getValue()), refused.getKey() + ": " + err);
        }
        IllegalArgumentException noCredentials = assertThrows(
                IllegalArgumentException.class, () -> StorageConfig.parse("s3://packs?region=us-east-1", Map.of()));
        assertTrue(noCredentials.getMessage().contains("AWS_ACCESS_KEY_ID"), noCredentials.getMessage());
    }
}
