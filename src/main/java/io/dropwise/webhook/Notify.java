package io.dropwise.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where to tell a client that something it submitted (a job, a sweep, a batch prediction) ended: the {@code notify}
 * member of a request body. Check it with {@link Webhooks#problems} before storing anything.
 *
 * <p>The {@code secret} is write-only: Jackson reads it from a request but never writes it, so it appears in no
 * response and in no JSON the owner stores (its spec); {@link Webhooks#subscribe} keeps it in its own table.
 *
 * @param url where the event is POSTed: {@code http} or {@code https}, at most 2048 characters
 * @param secret the HMAC-SHA256 key that signs this owner's deliveries (16 to 256 characters); absent: the server's
 *     {@code dropwise.webhooks.signing-secret}
 */
public record Notify(
        String url,

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        String secret) {

    static final int MAX_URL = 2048;
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;

    /** The same target without its secret, as an owner may store and show it. */
    public Notify withoutSecret() {
        return new Notify(url, null);
    }

    @Override
    public String toString() {
        return "Notify[url=" + url + ", secret=" + (secret == null ? "none" : "(hidden)") + "]";
    }
}
