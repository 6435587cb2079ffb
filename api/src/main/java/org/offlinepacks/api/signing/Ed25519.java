package org.offlinepacks.api.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 with the JDK's own provider, and its keys in the standard PEM forms that openssl reads
 * and writes: public keys as SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}), private keys as
 * PKCS#8 ({@code BEGIN PRIVATE KEY}). A signature is the raw 64 bytes of RFC 8032.
 */
public final class Ed25519 {
    public static final String ALGORITHM = "Ed25519";
    public static final int SIGNATURE_BYTES = 64;
    private static final String PUBLIC = "PUBLIC KEY";
    private static final String PRIVATE = "PRIVATE KEY";

    private Ed25519() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 has Ed25519", e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is {@code key}'s signature of exactly {@code message}. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is not a signature
        }
    }

    /** The key's id: the first 8 bytes of the SHA-256 of its SubjectPublicKeyInfo, in hex. */
    public static String keyId(PublicKey key) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        return HexFormat.of().formatHex(Arrays.copyOf(digest, 8));
    }

    public static String publicPem(PublicKey key) {
        return pem(PUBLIC, key.getEncoded());
    }

    public static String privatePem(PrivateKey key) {
        return pem(PRIVATE, key.getEncoded());
    }

    /** A public key from PEM; {@link IllegalArgumentException} saying why when it is not an Ed25519 one. */
    public static PublicKey readPublicPem(String pem) {
        byte[] der = der(PUBLIC, pem);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "not an Ed25519 public key (openssl pkey -pubout writes one): " + e.getMessage(), e);
        }
    }

    /** A private key from PKCS#8 PEM ({@code openssl genpkey -algorithm ed25519} writes one). */
    public static PrivateKey readPrivatePem(String pem) {
        byte[] der = der(PRIVATE, pem);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "not an Ed25519 private key (openssl genpkey -algorithm ed25519 writes one): " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String type, String pem) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem == null ? -1 : pem.indexOf(begin);
        int to = from < 0 ? -1 : pem.indexOf(end, from);
        if (to < 0) {
            throw new IllegalArgumentException("expected a PEM block '" + begin + "' … '" + end + "'");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block " + type + " is not valid base64", e);
        }
    }
}
