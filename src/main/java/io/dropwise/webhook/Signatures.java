package io.dropwise.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery, as the README's recipe checks it: {@code v1=} and the lower-case hex HMAC-SHA256, keyed
 * with the secret's UTF-8 bytes, of {@code <timestamp>.<body>} (the {@code Dropwise-Webhook-Timestamp} header's
 * decimal Unix seconds, a dot, the raw body bytes).
 */
final class Signatures {

    static final String ID = "Dropwise-Webhook-Id";
    static final String TIMESTAMP = "Dropwise-Webhook-Timestamp";
    static final String SIGNATURE = "Dropwise-Webhook-Signature";
    static final String EVENT = "Dropwise-Webhook-Event";
    static final String ATTEMPT = "Dropwise-Webhook-Attempt";

    private Signatures() {}

    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
