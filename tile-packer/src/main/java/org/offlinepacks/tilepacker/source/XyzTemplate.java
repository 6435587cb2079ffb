package org.offlinepacks.tilepacker.source;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.format.TileFormat;

/**
 * An XYZ URL template: {@code {z}}, {@code {x}}, {@code {y}} (XYZ row), {@code {-y}} (TMS row) and
 * {@code {s}} (one of the subdomains, chosen from the tile so that a tile always has the same URL).
 */
public record XyzTemplate(String template, List<String> subdomains) implements TileSourceSpec {
    public static final List<String> DEFAULT_SUBDOMAINS = List.of("a", "b", "c");

    public XyzTemplate {
        subdomains = List.copyOf(subdomains);
        if (!template.contains("{z}")
                || !template.contains("{x}")
                || !(template.contains("{y}") || template.contains("{-y}"))) {
            throw new IllegalArgumentException(
                    "tile URL template '" + template + "' must contain {z}, {x} and {y} (or {-y} for TMS rows)");
        }
        if (template.contains("{s}") && subdomains.isEmpty()) {
            throw new IllegalArgumentException(
                    "tile URL template '" + template + "' uses {s} but no subdomains are given");
        }
        for (String sub : template.contains("{s}") ? subdomains : List.of("")) {
            URI uri;
            try {
                uri = URI.create(template.replace("{s}", sub)
                        .replace("{z}", "0")
                        .replace("{x}", "0")
                        .replace("{-y}", "0")
                        .replace("{y}", "0"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "tile URL template '" + template + "' is not a valid URL: " + e.getMessage());
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("tile URL template '" + template + "' has no host");
            }
            OsmTilePolicy.refusal(uri.getHost()).ifPresent(reason -> {
                throw new IllegalArgumentException(reason);
            });
        }
    }

    public static XyzTemplate parse(String template) {
        return new XyzTemplate(template, DEFAULT_SUBDOMAINS);
    }

    public URI uri(TileId tile) {
        String url = template.replace("{z}", Integer.toString(tile.z()))
                .replace("{x}", Integer.toString(tile.x()))
                .replace("{-y}", Integer.toString(tile.tmsRow()))
                .replace("{y}", Integer.toString(tile.y()));
        if (url.contains("{s}")) {
            url = url.replace("{s}", subdomains.get(Math.floorMod(tile.x() + tile.y(), subdomains.size())));
        }
        return URI.create(url);
    }

    /** The tile format the template's extension names ({@code .png}, {@code .pbf}, ...), if any. */
    public Optional<TileFormat> formatFromExtension() {
        String path = template;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        return dot > slash ? TileFormat.fromName(path.substring(dot + 1)) : Optional.empty();
    }

    @Override
    public String cacheKey() {
        return template;
    }
}
