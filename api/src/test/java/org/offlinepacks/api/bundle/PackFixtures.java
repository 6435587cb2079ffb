package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignReader;

/** The bundled sample campaign and helpers to look at packs on disk. */
public final class PackFixtures {
    public static final Path SAMPLE_CAMPAIGN =
            Path.of("..", "sample-data", "andorra").toAbsolutePath().normalize();
    public static final String ENCAMP = "osm-relation-2804755";
    public static final String ANDORRA_LA_VELLA = "osm-relation-2804753";

    private static Campaign sample;

    private PackFixtures() {}

    public static synchronized Campaign sampleCampaign() {
        if (sample == null) {
            sample = CampaignReader.readValid(SAMPLE_CAMPAIGN);
        }
        return sample;
    }

    public static PackInput input(String boundaryId) {
        Campaign campaign = sampleCampaign();
        Boundary boundary = campaign.boundary(boundaryId).orElseThrow();
        return new PackInput(campaign, boundary, campaign.pointsOf(boundaryId));
    }

    /** Relative path to sha256 of every file below {@code dir}. */
    public static Map<String, String> fileHashes(Path dir) {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                hashes.put(dir.relativize(file).toString(), Sha256.ofFile(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hashes;
    }
}
