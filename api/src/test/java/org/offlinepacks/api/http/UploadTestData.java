package org.offlinepacks.api.http;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.offlinepacks.boundarydata.users.Role;

/** A data folder with the sample campaign and the users of the upload tests; no packs. */
final class UploadTestData {
    static final String ENCAMP = "osm-relation-2804755";
    static final String ORDINO = "osm-relation-2804758";
    static final String ANDORRA_LA_VELLA = "osm-relation-2804753";

    static final String ENCAMP_WORKER = "token-fw-encamp";
    static final String ORDINO_WORKER = "token-fw-ordino";
    static final String NORTH_SUPERVISOR = "token-sup-north";

    private UploadTestData() {}

    static void seed(Path dataDir) {
        SampleStore.seed(
                dataDir,
                List.of(
                        SampleStore.account("fw-encamp", Role.FIELD_WORKER, Set.of(ENCAMP), ENCAMP_WORKER),
                        SampleStore.account("fw-ordino", Role.FIELD_WORKER, Set.of(ORDINO), ORDINO_WORKER),
                        SampleStore.account("sup-north", Role.SUPERVISOR, Set.of(ENCAMP, ORDINO), NORTH_SUPERVISOR)));
    }

    static ApiApplication start(Path dataDir) {
        return ApiApplication.start(ServerConfig.defaults(dataDir).withPort(0), List.of());
    }
}
