package org.offlinepacks.tilepacker.source;

import java.io.IOException;
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

/**
 * Tiles copied from a local MBTiles archive. An archive that keeps its tiles in {@code map} and
 * {@code images} tables with keys to find them by ({@link MbtilesReader#copyableInSqlite()}), as
 * most do, is copied inside SQLite ({@link MbtilesWriter#copyFrom}); any other is read column run
 * by column run.
 */
public final class MbtilesTileSource implements TileSource {
    private final MbtilesReader reader;
    private final TileFormat format;

    private MbtilesTileSource(MbtilesReader reader, TileFormat format) {
        this.reader = reader;
        this.format = format;
    }

    public static MbtilesTileSource open(MbtilesArchive archive) throws IOException {
        MbtilesReader reader = MbtilesReader.open(archive.path());
        Optional<TileFormat> format = reader.format();
        if (format.isEmpty()) {
            reader.close();
            throw new IOException("MBTiles " + archive.path() + " declares format '"
                    + reader.metadata().get("format") + "', not one of png, jpg, webp, pbf");
        }
        return new MbtilesTileSource(reader, format.get());
    }

    @Override
    public TileFormat format() {
        return format;
    }

    @Override
    public Optional<String> attribution() {
        return Optional.ofNullable(reader.metadata().get("attribution"));
    }

    @Override
    public String describe() {
        return "MBTiles archive " + reader.path();
    }

    @Override
    public Optional<String> vectorLayersJson() {
        return Optional.ofNullable(reader.metadata().get("json")).filter(j -> j.contains("vector_layers"));
    }

    @Override
    public Optional<FetchStats> prepare(Iterable<TileId> tiles, long count, ProgressListener progress) {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> read(TileId tile) throws IOException {
        return reader.tile(tile);
    }

    @Override
    public void readColumn(ColumnRun run, MbtilesReader.TileVisitor visitor) throws IOException {
        reader.readColumn(run, visitor);
    }

    @Override
    public void copyInto(PackCover cover, MbtilesWriter writer, LongConsumer tilesDone) throws IOException {
        if (reader.copyableInSqlite()) {
            writer.copyFrom(reader.path(), cover, tilesDone);
        } else {
            TileSource.super.copyInto(cover, writer, tilesDone);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
