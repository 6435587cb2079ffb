package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.offlinepacks.api.bundle.PackManifest;

class AccessControlTest {
    @TempDir
    static Path dataDir;

    static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start(dataDir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @ParameterizedTest
    @CsvSource({
        "/v1/packs/osm-relation-2804755/manifest",
        "/v1/packs/osm-relation-2804755/bundle.zip",
        "/v1/parts/0000000000000000000000000000000000000000000000000000000000000000",
        "/v1/forms",
        "/v1/jobs/whatever"
    })
    void withoutAValidTokenEverythingButHealthIs401(String path) throws Exception {
        for (String token : new String[] {null, "not-a-token-of-anybody"}) {
            HttpResponse<String> response = service.send("GET", path, token, null);
            assertEquals(401, response.statusCode(), path);
            assertEquals("unauthorized", error(response).get("error"));
            assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
        }
        assertEquals(200, service.send("GET", "/v1/health", null, null).statusCode());
    }

    @ParameterizedTest
    @CsvSource({
        // token, boundary, may read
        "token-field-worker-encamp, osm-relation-2804755, 200",
        "token-field-worker-encamp, osm-relation-2804753, 403",
        "token-supervisor-ordino, osm-relation-2804758, 200",
        "token-supervisor-ordino, osm-relation-2804755, 403",
        "token-planner-encamp-and-vella, osm-relation-2804753, 200",
        "token-planner-encamp-and-vella, osm-relation-2804758, 403",
        "token-admin-of-the-campaign, osm-relation-2804758, 200",
    })
    void usersReadThePacksOfTheirAreaOnly(String token, String boundaryId, int status) throws Exception {
        assertEquals(
                status,
                service.send("GET", "/v1/packs/" + boundaryId + "/manifest", token, null)
                        .statusCode());
        // the bundle's mutable URL redirects readers to the current bundle's immutable one
        assertEquals(
                status == 200 ? 307 : status,
                service.send("GET", "/v1/packs/" + boundaryId + "/bundle.zip", token, null)
                        .statusCode());
    }

    @Test
    void anotherAreasBoundaryAndANonexistentOneGetTheSameAnswer() throws Exception {
        HttpResponse<String> other =
                service.send("GET", "/v1/packs/" + TestService.ORDINO + "/manifest", TestService.FIELD_WORKER, null);
        HttpResponse<String> missing = service.send(
                "GET", "/v1/packs/" + TestService.NO_SUCH_BOUNDARY + "/manifest", TestService.FIELD_WORKER, null);
        assertEquals(403, other.statusCode());
        assertEquals(other.statusCode(), missing.statusCode());
        assertEquals(
                other.body().replace(TestService.ORDINO, "X"),
                missing.body().replace(TestService.NO_SUCH_BOUNDARY, "X"));

        HttpResponse<String> otherPut = service.send(
                "PUT", "/v1/boundaries/" + TestService.ORDINO, TestService.PLANNER, TestService.square(0.01));
        HttpResponse<String> missingPut = service.send(
                "PUT", "/v1/boundaries/" + TestService.NO_SUCH_BOUNDARY, TestService.PLANNER, TestService.square(0.01));
        assertEquals(403, otherPut.statusCode());
        assertEquals(403, missingPut.statusCode());
    }

    @Test
    void theSameIsTrueOfParts() throws Exception {
        PackManifest ordino = service.manifest(TestService.ORDINO);
        String ordinoOnly = ordino.part("boundary.geojson").orElseThrow().sha256();
        HttpResponse<String> otherArea = service.send("GET", "/v1/parts/" + ordinoOnly, TestService.FIELD_WORKER, null);
        HttpResponse<String> unknown =
                service.send("GET", "/v1/parts/" + "ab".repeat(32), TestService.FIELD_WORKER, null);
        assertEquals(404, otherArea.statusCode());
        assertEquals(404, unknown.statusCode());
        assertEquals(
                200,
                service.send("GET", "/v1/parts/" + ordinoOnly, TestService.SUPERVISOR, null)
                        .statusCode());
    }

    @ParameterizedTest
    @CsvSource({
        "token-field-worker-encamp, 403",
        "token-supervisor-ordino, 403",
        "token-planner-encamp-and-vella, 202",
        "token-admin-of-the-campaign, 202",
    })
    void onlyPlannersAndAdminsAskForRebuilds(String token, int status) throws Exception {
        HttpResponse<String> response =
                service.send("POST", "/v1/boundaries/" + TestService.ENCAMP + "/rebuild", token, null);
        assertEquals(status, response.statusCode(), response.body());
        if (status == 202) {
            String jobId = (String) error(response).get("id");
            assertEquals("SUCCEEDED", service.awaitJob(jobId, token).get("state"));
            assertEquals(
                    404,
                    service.send("GET", "/v1/jobs/" + jobId, TestService.SUPERVISOR, null)
                            .statusCode(),
                    "a job of another area is not found");
        } else {
            assertEquals("forbidden", error(response).get("error"));
        }
    }

    @Test
    void aFieldWorkerCannotChangeTheirOwnBoundary() throws Exception {
        HttpResponse<String> response = service.send(
                "PUT", "/v1/boundaries/" + TestService.ENCAMP, TestService.FIELD_WORKER, TestService.square(0.01));
        assertEquals(403, response.statusCode());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> error(HttpResponse<String> response) throws Exception {
        return ApiJson.MAPPER.readValue(response.body(), Map.class);
    }
}
