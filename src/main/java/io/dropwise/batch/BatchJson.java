package io.dropwise.batch;

import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON stored in batch rows (header rows, metrics). */
final class BatchJson {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private BatchJson() {}

    static String write(Object value) {
        return JsonMapper.shared().writeValueAsString(value);
    }

    static List<String> strings(String json) {
        return JsonMapper.shared().readValue(json, STRINGS);
    }

    static JsonNode tree(String json) {
        return json == null ? null : JsonMapper.shared().readTree(json);
    }
}
