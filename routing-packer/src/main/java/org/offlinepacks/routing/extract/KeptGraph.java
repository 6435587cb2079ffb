package org.offlinepacks.routing.extract;

import org.offlinepacks.routing.graph.RoutingGraph;

/**
 * A graph a cache keeps loaded and hands out to several users at once: it is closed when the cache
 * retires it (a newer version of its extract was loaded) and its last user has closed their handle.
 */
final class KeptGraph {
    private final RoutingGraph graph;
    private int users;
    private boolean retired;

    KeptGraph(RoutingGraph graph) {
        this.graph = graph;
    }

    /** A handle for one more user; closing it leaves the graph loaded unless it is retired. */
    synchronized RoutingGraph handOut() {
        if (retired) {
            throw new IllegalStateException("a retired graph is not handed out");
        }
        users++;
        return graph.shared(this::release);
    }

    /** No more handles: the graph closes now, or when the last handle out is closed. */
    synchronized void retire() {
        retired = true;
        closeIfUnused();
    }

    private synchronized void release() {
        users--;
        closeIfUnused();
    }

    private void closeIfUnused() {
        if (retired && users == 0 && !graph.isClosed()) {
            graph.close();
        }
    }
}
