package org.offlinepacks.api.http;

import java.util.Optional;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.planning.BoundaryOverviews;
import org.offlinepacks.api.tiles.CampaignTiles;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.tilepacker.cover.TileId;
import spark.Service;

/**
 * What the planner console reads: the signed-in user, their boundaries with each pack's state,
 * one boundary's overview, and the map tiles of the campaign (from its own archive or packs).
 */
public final class OverviewRoutes implements ApiRoutes {
    private final BoundaryOverviews overviews;
    private final CampaignTiles tiles;

    public OverviewRoutes(BoundaryOverviews overviews, CampaignTiles tiles) {
        this.overviews = overviews;
        this.tiles = tiles;
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.get(
                "/v1/me",
                (request, response) -> ApiJson.respond(response, 200, overviews.me(auth.authenticate(request))));
        http.get("/v1/boundaries", (request, response) -> {
            User user = auth.authenticate(request);
            response.type("application/geo+json");
            return overviews.boundaries(user).toString();
        });
        http.get("/v1/boundaries/:boundaryId/overview", (request, response) -> {
            User user = auth.authenticate(request);
            return ApiJson.respond(response, 200, overviews.overview(user, request.params("boundaryId")));
        });
        http.get("/v1/tiles/:z/:x/:file", (request, response) -> {
            User user = auth.authenticate(request);
            TileId tile = tileId(request.params("z"), request.params("x"), request.params("file"));
            Optional<CampaignTiles.Tile> found = tiles.tile(user, tile);
            if (found.isEmpty()) {
                throw new NotFoundException(
                        "no tile " + tile.z() + "/" + tile.x() + "/" + tile.y() + " in the campaign's tiles");
            }
            response.type(found.get().format().mediaType());
            response.header("Cache-Control", "private, max-age=3600");
            response.raw().getOutputStream().write(found.get().data());
            return "";
        });
    }

    /** {@code 12/2048/1361.png}: XYZ, the extension ignored. */
    private static TileId tileId(String z, String x, String file) {
        String y = file.contains(".") ? file.substring(0, file.indexOf('.')) : file;
        try {
            return new TileId(Integer.parseInt(z), Integer.parseInt(x), Integer.parseInt(y));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "a tile is /v1/tiles/Z/X/Y.png with whole numbers in range, not " + z + "/" + x + "/" + file);
        }
    }

    @Override
    public void close() {
        tiles.close();
    }
}
