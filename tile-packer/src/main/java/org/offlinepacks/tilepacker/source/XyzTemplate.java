package org.offlinepacks.tilepacker.source;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.format.TileFormat;

/**
 * An XYZ URL template: {@code {z}}, {@code {x}}, {@code {y}} (XYZ row), {@code {-y}} (TMS row) and
 * {@code {s}} (one of the subdomains, chosen from the tile so that a tile always has the same URL).
 *
 * <p>A server's identity in the shared tile cache is its template exactly as given, so tiles are
 * reused by every build that names the same template. A source whose address changes while its
 * tiles do not (a server that moved, the demo's stand-in server on a free port) names its
 * identity in the fragment, {@code #cache=NAME}, which is never sent to the server.
 *
 * @param cacheName the identity named by {@code #cache=NAME}, or null for the template itself
 */
public record XyzTemplate(String template, List<String> subdomains, String cacheName) implements TileSourceSpec {
    public static final List<String> DEFAULT_SUBDOMAINS = List.of("a", "b", "c");
    public static final String CACHE_FRAGMENT = "#cache=";
    private static final Pattern CACHE_NAME = Pattern.compile("[A-Za-z0-9._:@/-]{1,200}");

    public XyzTemplate {
        subdomains = List.copyOf(subdomains);
        if (template.contains("#")) {
            throw new IllegalArgumentException("tile URL template '" + template + "' has a fragment ('#'); the only one"
                    + " understood is " + CACHE_FRAGMENT + "NAME at the end, naming the source in the tile cache");
        }
        if (cacheName != null && !CACHE_NAME.matcher(cacheName).matches()) {
            throw new IllegalArgumentException("tile source '" + template + CACHE_FRAGMENT + cacheName + "': the cache"
                    + " name must be 1 to 200 letters, digits or . _ : @ / -");
        }
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

    /** Parses a template, with an optional {@code #cache=NAME} at the end. */
    public static XyzTemplate parse(String template) {
        int fragment = template.indexOf('#');
        if (fragment < 0) {
            return new XyzTemplate(template, DEFAULT_SUBDOMAINS, null);
        }
        String rest = template.substring(fragment);
        if (!rest.startsWith(CACHE_FRAGMENT)) {
            throw new IllegalArgumentException(
                    "tile source '" + template + "' ends in '" + rest + "': the only fragment" + " understood is "
                            + CACHE_FRAGMENT + "NAME, naming the source in the tile cache");
        }
        return new XyzTemplate(
                template.substring(0, fragment), DEFAULT_SUBDOMAINS, rest.substring(CACHE_FRAGMENT.length()));
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

    /** The template, or the name given with {@code #cache=NAME}. */
    @Override
    public String cacheKey() {
        return cacheName != null ? cacheName : template;
    }
}
