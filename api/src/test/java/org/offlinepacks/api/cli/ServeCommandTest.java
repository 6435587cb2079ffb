package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.http.ServerConfig;
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
}
