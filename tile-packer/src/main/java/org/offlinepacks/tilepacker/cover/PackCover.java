package org.offlinepacks.tilepacker.cover;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/** The tile cover of one boundary over a zoom range, one {@link TileCover} per zoom, lowest first. */
public record PackCover(List<TileCover> byZoom) implements Iterable<TileId> {
    public PackCover {
        byZoom = List.copyOf(byZoom);
    }

    public long count() {
        return byZoom.stream().mapToLong(TileCover::count).sum();
    }

    /** Tile count per zoom, in zoom order. */
    public Map<Integer, Long> countsByZoom() {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        byZoom.forEach(c -> counts.put(c.zoom(), c.count()));
        return counts;
    }

    public int minZoom() {
        return byZoom.get(0).zoom();
    }

    public int maxZoom() {
        return byZoom.get(byZoom.size() - 1).zoom();
    }

    public boolean contains(TileId tile) {
        return byZoom.stream().anyMatch(c -> c.contains(tile));
    }

    /** Visits every tile: zoom ascending, then rows north to south, then columns west to east. */
    @Override
    public void forEach(Consumer<? super TileId> action) {
        byZoom.forEach(c -> c.forEach(action::accept));
    }

    /** The tiles in the order of {@link #forEach}, one at a time: nothing is held per tile. */
    @Override
    public Iterator<TileId> iterator() {
        Iterator<TileCover> zooms = byZoom.iterator();
        return new Iterator<>() {
            private Iterator<TileId> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && zooms.hasNext()) {
                    current = zooms.next().iterator();
                }
                return current.hasNext();
            }

            @Override
            public TileId next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /**
     * Visits the tiles in the order of the MBTiles key (zoom, column, TMS row) as runs of
     * consecutive rows of one column ({@link TileCover#forEachColumnRun}).
     */
    public void forEachColumnRun(Consumer<ColumnRun> action) {
        byZoom.forEach(c -> c.forEachColumnRun(action));
    }
}
