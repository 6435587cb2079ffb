package org.offlinepacks.api.http;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.offlinepacks.api.jobs.RebuildJob;
import org.offlinepacks.api.planning.BoundaryEditor;
import org.offlinepacks.boundarydata.users.User;
import spark.Request;
import spark.Service;

/** Planners change boundaries and ask for rebuilds; anyone follows the jobs of their area. */
public final class PlannerRoutes implements ApiRoutes {
    /** Read into memory to validate, so bounded: a district polygon is a few hundred KB. */
    static final long MAX_BOUNDARY_BYTES = 16L << 20;

    private final BoundaryEditor editor;

    public PlannerRoutes(BoundaryEditor editor) {
        this.editor = editor;
    }

    @Override
    public List<BodyLimit> bodyLimits() {
        return List.of(
                new BodyLimit("PUT", "/v1/boundaries/:boundaryId", MAX_BOUNDARY_BYTES),
                new BodyLimit("POST", "/v1/boundaries/:boundaryId/preview", MAX_BOUNDARY_BYTES));
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.put("/v1/boundaries/:boundaryId", (request, response) -> {
            User user = auth.authenticate(request);
            BoundaryEditor.Update update = editor.replaceGeometry(
                    user, request.params("boundaryId"), request.bodyAsBytes(), confirmed(request));
            if (update.job() != null) {
                response.header("Location", "/v1/jobs/" + update.job().id());
            }
            return ApiJson.respond(response, update.changed() ? 202 : 200, update);
        });
        http.post("/v1/boundaries/:boundaryId/preview", (request, response) -> {
            User user = auth.authenticate(request);
            return ApiJson.respond(
                    response, 200, editor.preview(user, request.params("boundaryId"), request.bodyAsBytes()));
        });
        http.post("/v1/boundaries/:boundaryId/rebuild", (request, response) -> {
            User user = auth.authenticate(request);
            RebuildJob job = editor.rebuild(user, request.params("boundaryId"));
            response.header("Location", "/v1/jobs/" + job.id());
            return ApiJson.respond(response, 202, job);
        });
        http.get("/v1/jobs/:jobId", (request, response) -> {
            User user = auth.authenticate(request);
            return ApiJson.respond(response, 200, editor.job(user, request.params("jobId")));
        });
    }

    /** {@code ?confirm=no-shared-area,no-tiles}: the checks the planner has seen and overrides. */
    private static Set<String> confirmed(Request request) {
        String[] values = request.queryParamsValues("confirm");
        if (values == null) {
            return Set.of();
        }
        return Arrays.stream(values)
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(code -> !code.isEmpty())
                .collect(Collectors.toSet());
    }
}
