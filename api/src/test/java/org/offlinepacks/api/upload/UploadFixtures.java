package org.offlinepacks.api.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.Sha256;

/** Entries against the sample campaign's forms, and the files devices make of them. */
public final class UploadFixtures {
    public static final String ENCAMP = "osm-relation-2804755";
    public static final String ORDINO = "osm-relation-2804758";
    public static final String ANDORRA_LA_VELLA = "osm-relation-2804753";
    private static final ObjectMapper JSON = new ObjectMapper();

    private UploadFixtures() {}

    public static final String CAMPAIGN = "andorra-bednets-2026";

    /** The forms of the sample campaign, whatever campaign id is asked for. */
    public static FormCatalog sampleForms(String campaignId) {
        return FormCatalog.of(PackFixtures.sampleCampaign().forms());
    }

    /** A field worker of Encamp. */
    public static Uploader encampWorker() {
        return uploader("fw-encamp", ENCAMP);
    }

    public static Uploader uploader(String userId, String... boundaryIds) {
        Set<String> boundaries = Set.of(boundaryIds);
        return new Uploader(userId, CAMPAIGN, boundaries::contains);
    }

    /** An uploader who may relay entries created by others, as supervisors do. */
    public static Uploader supervisor(String userId, String... boundaryIds) {
        Set<String> boundaries = Set.of(boundaryIds);
        return new Uploader(userId, CAMPAIGN, boundaries::contains, true);
    }

    /** A valid household registration. */
    public static ObjectNode household(String id, String boundaryId, String createdBy, int members) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("clientReferenceId", id);
        entry.put("formId", "household-registration");
        entry.put("formVersion", 3);
        entry.put("boundaryId", boundaryId);
        entry.put("createdBy", createdBy);
        entry.put("createdAt", "2026-11-02T09:30:00Z");
        ObjectNode data = entry.putObject("data");
        data.put("head_name", "Household " + id.substring(0, 8));
        data.put("members", members);
        data.put("children_under_5", 1);
        data.putObject("location").put("lat", 42.53).put("lon", 1.58);
        return entry;
    }

    public static ObjectNode household(String boundaryId) {
        return household(UUID.randomUUID().toString(), boundaryId, "fw-encamp", 4);
    }

    public static byte[] ndjson(List<?> lines) {
        StringBuilder out = new StringBuilder();
        for (Object line : lines) {
            out.append(line instanceof ObjectNode node ? node.toString() : line.toString())
                    .append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(bytes));
    }
}
