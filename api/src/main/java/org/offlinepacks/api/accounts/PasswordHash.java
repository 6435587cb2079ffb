package org.offlinepacks.api.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Passwords as Argon2id hashes (Bouncy Castle's), memory-hard so that a stolen store is slow to
 * guess from, in the PHC string form other tools read: {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}
 * (OWASP's minimum: 19 MiB, two passes). A stored hash keeps its own parameters, so stronger ones
 * later still verify the old hashes. Hashes run a few at a time ({@link HashingLimit}).
 */
public final class PasswordHash {
    /** Shorter passwords are refused when set: NIST SP 800-63B's minimum for chosen passwords. */
    public static final int MIN_LENGTH = 8;

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** As many hashes at once as there are cores (more would only wait for CPU), 38 MiB on 2 cores. */
    private static final HashingLimit LIMIT =
            new HashingLimit(Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(10));

    private PasswordHash() {}

    /** A new hash of {@code password}, with a fresh salt. */
    public static String of(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new IllegalArgumentException("a password has at least " + MIN_LENGTH + " characters");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} is the one {@code stored} was made from (in constant time). */
    public static boolean matches(String password, String stored) {
        Matcher phc = stored == null ? null : PHC.matcher(stored);
        if (password == null || phc == null || !phc.matches()) {
            return false;
        }
        byte[] salt = B64_DECODER.decode(phc.group(4));
        byte[] expected = B64_DECODER.decode(phc.group(5));
        byte[] actual = argon2(
                password,
                salt,
                Integer.parseInt(phc.group(1)),
                Integer.parseInt(phc.group(2)),
                Integer.parseInt(phc.group(3)),
                expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] argon2(
            String password, byte[] salt, int memoryKib, int iterations, int parallelism, int bytes) {
        return LIMIT.run(() -> argon2Now(password, salt, memoryKib, iterations, parallelism, bytes));
    }

    private static byte[] argon2Now(
            String password, byte[] salt, int memoryKib, int iterations, int parallelism, int bytes) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build());
        byte[] hash = new byte[bytes];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        return hash;
    }
}
