package org.offlinepacks.api.http.transfer;

import java.util.Locale;

/** Reads {@code Accept-Encoding} (RFC 9110 §12.5.3) for the one coding the service offers: gzip. */
public final class AcceptEncoding {
    private AcceptEncoding() {}

    /** True when gzip (or {@code *}) is listed with a quality above zero and gzip is not refused. */
    public static boolean acceptsGzip(String header) {
        if (header == null) {
            return false;
        }
        Double gzip = null;
        Double any = null;
        for (String member : header.split(",")) {
            String[] parts = member.trim().split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            double quality = quality(parts);
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = quality;
            } else if (coding.equals("*")) {
                any = quality;
            }
        }
        return gzip != null ? gzip > 0 : any != null && any > 0;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
