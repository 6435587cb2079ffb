package org.offlinepacks.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A field link on loopback: a TCP proxy to the service that lets {@code bytesPerSecond} through in
 * each direction and cuts every connection once {@code cutEveryBytes} have crossed it (both
 * directions together), as a 2G link does. The device's side is reset; the service's side sees the
 * end of the stream, like a connection whose peer went away. Counts what crossed, for the bytes a
 * phone pays for.
 */
public final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final long bytesPerSecond;
    private final long cutEveryBytes;
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "cutting-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();

    private CuttingProxy(ServerSocket listener, int targetPort, long bytesPerSecond, long cutEveryBytes) {
        this.listener = listener;
        this.targetPort = targetPort;
        this.bytesPerSecond = bytesPerSecond;
        this.cutEveryBytes = cutEveryBytes;
    }

    public static CuttingProxy start(int targetPort, long bytesPerSecond, long cutEveryBytes) throws IOException {
        ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        CuttingProxy proxy = new CuttingProxy(listener, targetPort, bytesPerSecond, cutEveryBytes);
        proxy.pumps.execute(proxy::accept);
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String baseUri() {
        return "http://127.0.0.1:" + port();
    }

    /** Bytes the device sent that crossed the link. */
    public long bytesUp() {
        return up.get();
    }

    /** Bytes the service sent that crossed the link. */
    public long bytesDown() {
        return down.get();
    }

    public int connections() {
        return connections.get();
    }

    public int cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket device = listener.accept();
                Socket service = new Socket();
                service.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                connections.incrementAndGet();
                Link link = new Link(device, service);
                pumps.execute(() -> link.pump(device, service, up));
                pumps.execute(() -> link.pump(service, device, down));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One connection through the link: both directions share its byte budget before the cut. */
    private final class Link {
        private final Socket device;
        private final Socket service;
        private final AtomicLong crossed = new AtomicLong();
        private volatile boolean cut;
        private volatile boolean finished;

        Link(Socket device, Socket service) {
            this.device = device;
            this.service = service;
        }

        void pump(Socket from, Socket to, AtomicLong counter) {
            byte[] buffer = new byte[2048];
            long started = System.nanoTime();
            long sent = 0;
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    if (cut) {
                        continue; // after a cut the service's bytes go nowhere, until it closes
                    }
                    int pass = (int) Math.min(read, Math.max(0, cutEveryBytes - crossed.get()));
                    out.write(buffer, 0, pass);
                    out.flush();
                    crossed.addAndGet(pass);
                    counter.addAndGet(pass);
                    sent += pass;
                    if (pass < read || crossed.get() >= cutEveryBytes) {
                        cut();
                        continue;
                    }
                    long due = started + sent * 1_000_000_000L / bytesPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                if (!cut) {
                    to.shutdownOutput(); // a clean end in one direction is passed on
                }
            } catch (IOException | InterruptedException e) {
                if (!finished) {
                    cut();
                }
            } finally {
                if (from == service) { // the service is done with the connection: so is the link
                    finished = true;
                    closeQuietly(service);
                    closeQuietly(device);
                }
            }
        }

        /**
         * The device's side is reset at once; the service's side gets the end of its input (it
         * reads every byte that crossed first) and is closed once the service closes its end.
         */
        private synchronized void cut() {
            if (cut) {
                return;
            }
            cut = true;
            cuts.incrementAndGet();
            try {
                device.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
            closeQuietly(device);
            try {
                service.shutdownOutput();
            } catch (IOException ignored) {
                // the service closed first
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        pumps.shutdownNow();
    }
}
