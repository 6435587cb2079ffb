package org.offlinepacks.tilepacker.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.cover.ColumnRun;
import org.offlinepacks.tilepacker.cover.PackCover;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.fetch.FetchStats;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;
import org.offlinepacks.tilepacker.mbtiles.MbtilesWriter;

/** An open tile source: a tile server behind the shared cache, or a local MBTiles archive. */
public interface TileSource extends AutoCloseable {
    TileFormat format();

    /** The attribution the source declares (an archive's metadata, a server's TileJSON), if any. */
    Optional<String> attribution();

    /** The source as a sentence names it, e.g. where its attribution would come from. */
    String describe();

    /** For vector sources: the MBTiles {@code json} value with {@code vector_layers}, if known. */
    Optional<String> vectorLayersJson();

    /**
     * Makes these tiles readable: a server's tiles are fetched into the cache (the
     * counters are returned); an archive needs nothing.
     */
    Optional<FetchStats> prepare(Iterable<TileId> tiles, long count, ProgressListener progress) throws IOException;

    /** The tile's bytes, or empty when the source has no tile there. Call after {@link #prepare}. */
    Optional<byte[]> read(TileId tile) throws IOException;

    /**
     * Visits the tiles of a column run that the source has, TMS rows ascending (a range read, not
     * one read per tile). Call after {@link #prepare}.
     */
    void readColumn(ColumnRun run, MbtilesReader.TileVisitor visitor) throws IOException;

    /**
     * Writes the cover's tiles that the source has into an empty writer, in the writer's key order
     * (one range read per column run), telling {@code tilesDone} how many tiles of the cover are
     * done as it goes. Call after {@link #prepare}.
     */
    default void copyInto(PackCover cover, MbtilesWriter writer, LongConsumer tilesDone) throws IOException {
        try {
            cover.forEachColumnRun(run -> {
                try {
                    readColumn(run, writer::writeTile);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                tilesDone.accept(run.length());
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    void close() throws IOException;
}
