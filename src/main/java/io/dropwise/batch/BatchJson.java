package io.dropwise.batch;

import java.util.List;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON stored in batch rows (header rows, metrics). */
final class BatchJson {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    /** Numbers written as the application's mapper writes them ({@code spring.jackson.write.*}). */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private BatchJson() {}

    static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    static List<String> strings(String json) {
        return JSON.readValue(json, STRINGS);
    }

    static JsonNode tree(String json) {
        return json == null ? null : JSON.readTree(json);
    }
}
