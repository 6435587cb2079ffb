package org.offlinepacks.tilepacker.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.offlinepacks.tilepacker.cache.TileCache;

/**
 * Applies the cache changes of a fetch run on one thread, as many at a time as have queued up (one
 * transaction each), so the fetching threads never wait for the database and the cache does not
 * commit once per tile. The queue is bounded: when the database falls behind, the fetchers wait.
 * {@link #close()} returns once every change is applied, and throws the first failure.
 */
final class CacheWriter implements AutoCloseable {
    private static final int QUEUED = 1024;
    private static final int BATCH = 256;
    private static final TileCache.Change END = new TileCache.Change.Checked(null);

    private final TileCache cache;
    private final String source;
    private final BlockingQueue<TileCache.Change> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread thread;
    private volatile RuntimeException failure;

    CacheWriter(TileCache cache, String source) {
        this.cache = cache;
        this.source = source;
        this.thread = new Thread(this::run, "tile-cache-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void add(TileCache.Change change) throws InterruptedException {
        RuntimeException failed = failure;
        if (failed != null) {
            throw failed;
        }
        queue.put(change);
    }

    private void run() {
        List<TileCache.Change> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                boolean end = batch.remove(END);
                cache.write(source, batch);
                batch.clear();
                if (end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            failure = new IllegalStateException("the tile cache writer was interrupted");
        } catch (RuntimeException e) {
            failure = e;
            queue.clear(); // let the fetchers that wait to add go on, to fail
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (failure == null) {
                queue.put(END);
            }
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the tile cache", e);
        }
        if (failure instanceof UncheckedIOException e) {
            throw e.getCause();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
