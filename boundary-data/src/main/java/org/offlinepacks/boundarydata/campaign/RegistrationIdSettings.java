package org.offlinepacks.boundarydata.campaign;

/**
 * {@code registrationIds} of campaign.json: the ID format and how IDs are handed out. Each batch a
 * user asks for holds {@code batchSize} IDs reserved for them alone; a device asks for the next
 * batch when it holds fewer than {@code refillBelow} unused IDs; a user who holds {@code maxHeld}
 * unused IDs (as the service counts them) gets no more until some are used.
 *
 * @param check the check character scheme; {@value RegistrationIdFormat#CHECK_DAMM} is the one
 */
public record RegistrationIdSettings(
        String prefix, int digits, String check, int batchSize, int refillBelow, int maxHeld) {
    public static final int MAX_BATCH_SIZE = 1000;

    public RegistrationIdSettings {
        format(prefix, digits); // checks them
        if (!RegistrationIdFormat.CHECK_DAMM.equals(check)) {
            throw new IllegalArgumentException("\"check\" must be \"" + RegistrationIdFormat.CHECK_DAMM
                    + "\" (the Damm check digit, the one scheme supported), found " + check);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("\"batchSize\" must be 1 to " + MAX_BATCH_SIZE + ", found " + batchSize);
        }
        if (refillBelow < 0 || refillBelow > batchSize) {
            throw new IllegalArgumentException(
                    "\"refillBelow\" must be 0 to batchSize (" + batchSize + "), found " + refillBelow);
        }
        if (maxHeld < batchSize) {
            throw new IllegalArgumentException(
                    "\"maxHeld\" must be at least batchSize (" + batchSize + "), found " + maxHeld);
        }
    }

    public RegistrationIdFormat format() {
        return format(prefix, digits);
    }

    private static RegistrationIdFormat format(String prefix, int digits) {
        return new RegistrationIdFormat(prefix, digits);
    }
}
