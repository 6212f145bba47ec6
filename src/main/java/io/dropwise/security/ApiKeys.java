package io.dropwise.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Key material. A generated key is {@code dw_} followed by 32 random bytes in base64url (256 bits): so much
 * entropy that a plain SHA-256 is a sound way to store it (no salt or slow hash needed, unlike a password).
 */
final class ApiKeys {

    static final int PREFIX_LENGTH = 10;
    static final int MIN_KEY_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "dw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The first characters of a key: enough to tell keys apart in a listing, far too few to guess the rest. */
    static String prefix(String key) {
        return key.substring(0, Math.min(PREFIX_LENGTH, key.length() / 4));
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Compares two hashes in time independent of where they differ. */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
