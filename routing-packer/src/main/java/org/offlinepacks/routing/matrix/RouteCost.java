package org.offlinepacks.routing.matrix;

/**
 * The cost of one shortest route.
 *
 * @param timeMillis travel time as GraphHopper computes it for the profile
 * @param distanceM route length in metres
 * @param polyline the route as an encoded polyline (precision 1e5, lat/lon order as Google's
 *     format has it), or null when no geometry was asked for
 */
public record RouteCost(long timeMillis, double distanceM, String polyline) {}
