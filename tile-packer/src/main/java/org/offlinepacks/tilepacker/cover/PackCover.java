package org.offlinepacks.tilepacker.cover;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The tile cover of one boundary over a zoom range, one {@link TileCover} per zoom, lowest first. */
public record PackCover(List<TileCover> byZoom) {
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
    public void forEach(Consumer<TileId> action) {
        byZoom.forEach(c -> c.forEach(action));
    }
}
