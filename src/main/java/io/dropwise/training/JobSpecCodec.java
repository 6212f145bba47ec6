package io.dropwise.training;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored form of a normalized {@link JobSpec} ({@code training_job.spec_json}, passed on to
 * {@code model_version.spec_json}): the spec's JSON with a {@code specVersion} member first, so that renaming or
 * reshaping a field later reads old rows through an upgrade step instead of failing on them.
 *
 * <p>Versions: 1 is what Dropwise wrote before the member existed (no {@code specVersion}); 2 adds it and changes
 * nothing else; 3 lets {@code training.blasThreads} be {@code "auto"} (a number still reads as a cap, so versions 1
 * and 2 read unchanged). A version newer than {@link #CURRENT} was written by a newer Dropwise and is refused.
 *
 * <p>Public for the model registry, which keeps a copy of the stored form and shows it through {@link #readTree}.
 */
@Component
public class JobSpecCodec {

    static final String VERSION_FIELD = "specVersion";
    static final int CURRENT = 3;

    private final JsonMapper json;

    JobSpecCodec(JsonMapper json) {
        this.json = json;
    }

    String write(JobSpec spec) {
        ObjectNode stored = json.createObjectNode();
        stored.put(VERSION_FIELD, CURRENT);
        stored.setAll((ObjectNode) json.valueToTree(spec));
        return json.writeValueAsString(stored);
    }

    /** @throws IllegalStateException when the row was written by a newer format than this code reads */
    JobSpec read(String stored) {
        return json.treeToValue(readTree(stored), JobSpec.class);
    }

    /**
     * A stored spec as the API shows it: upgraded to the current shape, without the {@code specVersion} member
     * (storage bookkeeping, not part of {@link JobSpec}).
     *
     * @throws IllegalStateException when the row was written by a newer format than this code reads
     */
    public JsonNode readTree(String stored) {
        JsonNode node = json.readTree(stored);
        if (!(node instanceof ObjectNode spec)) {
            throw new IllegalStateException("a stored job spec must be a JSON object");
        }
        int version = spec.has(VERSION_FIELD) ? spec.get(VERSION_FIELD).asInt() : 1;
        if (version < 1 || version > CURRENT) {
            throw new IllegalStateException("stored job spec version " + version + " is not readable by this "
                    + "version of Dropwise (it reads 1 to " + CURRENT + ")");
        }
        spec.remove(VERSION_FIELD);
        // versions 1 -> 2 -> 3 changed no field's reading (3 adds blasThreads "auto"); a later rename upgrades the tree
        // here, one version at a time
        return spec;
    }

    /** The request hash of an idempotent submission: the spec's JSON, whatever format stores it. */
    String canonical(JobSpec spec) {
        return json.writeValueAsString(spec);
    }
}
