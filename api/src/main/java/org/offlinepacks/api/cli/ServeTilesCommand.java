package org.offlinepacks.api.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.offlinepacks.api.tiles.MbtilesTileServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "serve-tiles",
        mixinStandardHelpOptions = true,
        description = {
            "Serves an MBTiles over XYZ: /{z}/{x}/{y}.{ext} (ETag, 304 on If-None-Match, 404 outside) and"
                    + " /tiles.json. For map apps on the LAN, or as a local upstream for `tiles` and `build`.",
            "Stops with Ctrl-C."
        })
final class ServeTilesCommand implements Callable<Integer> {
    @Option(names = "--mbtiles", required = true, paramLabel = "FILE", description = "The MBTiles file to serve.")
    Path mbtiles;

    @Option(
            names = "--port",
            paramLabel = "P",
            defaultValue = "8081",
            description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for the whole LAN (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--public-url",
            paramLabel = "URL",
            description = "Where clients reach this server (e.g. https://tiles.example.org), for the tile URLs of"
                    + " tiles.json; without it they are relative to tiles.json.")
    URI publicUrl;

    @Override
    public Integer call() throws Exception {
        if (publicUrl != null
                && (!List.of("http", "https").contains(String.valueOf(publicUrl.getScheme()))
                        || publicUrl.getHost() == null)) {
            throw new IllegalArgumentException(
                    "--public-url must be an http or https URL such as https://tiles.example.org, got " + publicUrl);
        }
        MbtilesTileServer server = MbtilesTileServer.start(mbtiles, host, port, publicUrl);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // shutting down anyway
            }
        }));
        System.out.println("Serving " + mbtiles + " at " + server.urlTemplate());
        System.out.flush();
        server.join();
        return 0;
    }
}
