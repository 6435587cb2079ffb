package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.boundarydata.campaign.FormSchema;

@SuppressWarnings("unchecked")
class PlannerAndFormsTest {
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

    @Test
    void anInvalidGeometryIs422WithTheValidationReport() throws Exception {
        String swapped =
                "{\"type\":\"Polygon\",\"coordinates\":[[[42.5,1.5],[42.6,1.5],[42.6,181],[42.5,181],[42.5,1.5]]]}";
        for (String body : List.of(swapped, "{\"type\":\"Point\",\"coordinates\":[1.5,42.5]}", "{not json")) {
            HttpResponse<String> response =
                    service.send("PUT", "/v1/boundaries/" + TestService.ENCAMP, TestService.PLANNER, body);
            Map<String, Object> error = AccessControlTest.error(response);
            assertEquals(422, response.statusCode(), body);
            assertEquals("invalid-input", error.get("error"));
            List<Map<String, Object>> issues = (List<Map<String, Object>>) error.get("issues");
            assertTrue(!issues.isEmpty() && issues.get(0).get("code") != null, response.body());
        }
        HttpResponse<String> otherId = service.send(
                "PUT",
                "/v1/boundaries/" + TestService.ENCAMP,
                TestService.PLANNER,
                "{\"type\":\"Feature\",\"properties\":{\"id\":\"" + TestService.ANDORRA_LA_VELLA + "\"},\"geometry\":"
                        + TestService.square(0.01) + "}");
        assertEquals(422, otherId.statusCode());
        assertTrue(otherId.body().contains("id-mismatch"), otherId.body());
        assertEquals(1, service.manifest(TestService.ENCAMP).packVersion(), "nothing was rebuilt");
    }

    @Test
    void aNewGeometryGivesANewVersionAndAPackAndTheSameOneChangesNothing() throws Exception {
        PackManifest before = service.manifest(TestService.ANDORRA_LA_VELLA);
        HttpResponse<String> changed = service.send(
                "PUT",
                "/v1/boundaries/" + TestService.ANDORRA_LA_VELLA,
                TestService.PLANNER,
                TestService.squareWithin(TestService.ANDORRA_LA_VELLA, 0.03));
        assertEquals(202, changed.statusCode(), changed.body());
        Map<String, Object> update = AccessControlTest.error(changed);
        Map<String, Object> job =
                service.awaitJob((String) ((Map<String, Object>) update.get("job")).get("id"), TestService.PLANNER);
        assertEquals("SUCCEEDED", job.get("state"));
        assertTrue(((List<?>) job.get("progress")).size() > 0, "the job shows its steps: " + job);

        PackManifest after = service.manifest(TestService.ANDORRA_LA_VELLA);
        assertEquals(update.get("boundaryVersion"), after.boundaryVersion());
        assertNotEquals(before.boundaryVersion(), after.boundaryVersion());
        assertEquals(before.packVersion() + 1, after.packVersion());
        assertEquals(
                before.part("forms.json").orElseThrow().sha256(),
                after.part("forms.json").orElseThrow().sha256(),
                "unchanged parts keep their address, so devices skip them");
        String oldBoundaryPart = before.part("boundary.geojson").orElseThrow().sha256();
        assertNotEquals(
                oldBoundaryPart, after.part("boundary.geojson").orElseThrow().sha256());
        assertEquals(
                200,
                service.get("/v1/parts/" + oldBoundaryPart, TestService.PLANNER).statusCode(),
                "a device that began with the previous manifest can still finish");

        HttpResponse<String> same = service.send(
                "PUT",
                "/v1/boundaries/" + TestService.ANDORRA_LA_VELLA,
                TestService.PLANNER,
                TestService.squareWithin(TestService.ANDORRA_LA_VELLA, 0.03));
        assertEquals(200, same.statusCode(), same.body());
        assertEquals(false, AccessControlTest.error(same).get("changed"));
        assertNull(AccessControlTest.error(same).get("job"));
    }

    @Test
    void formsAreFilteredByTheirUpdateTime() throws Exception {
        List<FormSchema> forms = PackFixtures.sampleCampaign().forms();
        Map<String, Object> all =
                AccessControlTest.error(service.send("GET", "/v1/forms", TestService.FIELD_WORKER, null));
        assertEquals(forms.size(), ((List<?>) all.get("forms")).size());
        String latest = (String) all.get("latest");
        Map<String, Object> none = AccessControlTest.error(
                service.send("GET", "/v1/forms?since=" + latest, TestService.FIELD_WORKER, null));
        assertEquals(0, ((List<?>) none.get("forms")).size());
        Map<String, Object> old = AccessControlTest.error(
                service.send("GET", "/v1/forms?since=2000-01-01T00:00:00Z", TestService.FIELD_WORKER, null));
        assertEquals(forms.size(), ((List<?>) old.get("forms")).size());
        HttpResponse<String> bad = service.send("GET", "/v1/forms?since=yesterday", TestService.FIELD_WORKER, null);
        assertEquals(400, bad.statusCode());
        assertEquals("bad-request", AccessControlTest.error(bad).get("error"));
    }

    @Test
    void healthSaysLiveAndReadyWithoutAToken() throws Exception {
        HttpResponse<String> response = service.send("GET", "/v1/health", null, null);
        assertEquals(200, response.statusCode());
        Map<String, Object> health = AccessControlTest.error(response);
        assertEquals(true, health.get("live"));
        assertEquals(true, health.get("ready"));
    }

    @Test
    void unknownEndpointsAreJson404() throws Exception {
        HttpResponse<String> response = service.send("GET", "/v1/nothing-here", TestService.ADMIN, null);
        assertEquals(404, response.statusCode());
        assertEquals("not-found", AccessControlTest.error(response).get("error"));
    }
}
