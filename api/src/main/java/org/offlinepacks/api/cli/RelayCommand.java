package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.offlinepacks.api.http.ServerConfig;
import org.offlinepacks.api.relay.FieldRelay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "relay",
        mixinStandardHelpOptions = true,
        description = {
            "A field relay on a laptop that is online only now and then: mirrors the packs, sync index and"
                    + " documents of its user's area from the central service while it can reach it, serves them"
                    + " to devices on the local network with the same paths, keeps the sealed entry files devices"
                    + " leave with it, and forwards them when the central service is reachable again.",
            "Devices fetch the central answer for each file at GET /v1/relay/receipts/SHA256."
        })
final class RelayCommand implements Callable<Integer>, DataFolderCommand {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--central",
            paramLabel = "URL",
            required = true,
            description = "The central service, e.g. https://packs.example.org")
    URI central;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            required = true,
            description = "A supervisor's or admin's token on the central service: the relay serves that user's area.")
    String token;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "The relay's own data folder.")
    Path dataDir;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description = "The address to listen on (default: 0.0.0.0, the local network).")
    String host = "0.0.0.0";

    @Option(names = "--port", paramLabel = "N", description = "The port (default: 8080; 0 picks a free one).")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(
            names = "--every",
            paramLabel = "SECONDS",
            description = "How often the central service is tried (default: 30).")
    int everySeconds = 30;

    @Override
    public Path dataFolder() {
        return dataDir;
    }

    @Override
    public Integer call() throws Exception {
        if (everySeconds < 1) {
            throw new IllegalArgumentException("--every must be at least 1 second, found " + everySeconds);
        }
        ServerConfig config = ServerConfig.defaults(dataDir).withPort(port).withHost(host);
        FieldRelay relay = FieldRelay.start(config, central, token, Duration.ofSeconds(everySeconds));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            relay.close();
                            stopped.countDown();
                        },
                        "shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Relaying " + relay.baseUri() + "/v1 for " + central + " from " + dataDir.toAbsolutePath()
                + "; Ctrl-C stops.");
        out.flush();
        stopped.await();
        return 0;
    }
}
