package io.dropwise.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What an API key may do. A key holds one or more scopes. */
public enum ApiScope {
    /** Datasets, jobs and the model registry (including aliases). */
    @JsonProperty("train")
    TRAIN,
    /** Prediction only: {@code /models/{name}/.../predict} and the {@code /v2} inference protocol. */
    @JsonProperty("predict")
    PREDICT,
    /** Managing API keys ({@code /api-keys}) and the actuator endpoints that are not public. */
    @JsonProperty("admin")
    ADMIN,
    /** Reading metrics: {@code /actuator/prometheus} and {@code /actuator/metrics}, e.g. for a scraper. */
    @JsonProperty("metrics")
    METRICS;

    /** The lower-case name used in the API and stored in the database. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    String authority() {
        return "SCOPE_" + value();
    }

    static ApiScope fromValue(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
