package org.offlinepacks.tilepacker.pack;

/** A pack's cover has more tiles than the budget allows (bad input, like any refused value); nothing was fetched. */
public final class TileBudgetExceededException extends IllegalArgumentException {
    private final transient TileEstimate estimate;
    private final long maxTiles;

    public TileBudgetExceededException(TileEstimate estimate, long maxTiles) {
        super(String.format(
                "the tile cover has %,d tiles, over the budget of %,d (maxTiles); nothing was fetched. Lower the max"
                        + " zoom or the buffer, or raise maxTiles.%n%s",
                estimate.total(), maxTiles, estimate.describe()));
        this.estimate = estimate;
        this.maxTiles = maxTiles;
    }

    public TileEstimate estimate() {
        return estimate;
    }

    public long maxTiles() {
        return maxTiles;
    }
}
