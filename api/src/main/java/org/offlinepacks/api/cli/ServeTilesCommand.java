package org.offlinepacks.api.cli;

import java.nio.file.Path;
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

    @Override
    public Integer call() throws Exception {
        MbtilesTileServer server = MbtilesTileServer.start(mbtiles, host, port);
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
