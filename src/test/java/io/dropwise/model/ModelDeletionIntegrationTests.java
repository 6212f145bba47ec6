package io.dropwise.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.prediction.ServingTestBase;
import io.dropwise.prediction.TrainedModels;
import io.dropwise.prediction.TrainedModels.Trained;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /models/{name}/versions/{v}} and {@code DELETE /models/{name}}: 409 while aliased, 404 on predict
 * afterwards, numbers not reused, and (simulating another instance by changing the rows behind this one's back)
 * a deleted version stops being served within the resolution TTL and a name deleted and registered again never
 * serves the old model from the decoded-model cache.
 */
class ModelDeletionIntegrationTests extends ServingTestBase {

    private static final float[][] ROWS = {{5.1f, 3.5f, 1.4f, 0.2f}, {6.3f, 3.3f, 6.0f, 2.5f}, {5.9f, 3.0f, 5.1f, 1.8f}
    };

    @Test
    void anAliasedVersionIs409AnUnaliasedOneGoesAndIsThen404() {
        Trained trained = TrainedModels.irisPlain(datasets);
        String name = uniqueName("del-version");
        register(name, trained);
        register(name, trained);
        assertThat(putJson("/models/" + name + "/aliases/champion", "{\"version\": 1}")
                        .status())
                .isEqualTo(200);
        assertThat(predict(name, "1").status()).isEqualTo(200);

        Response aliased = delete("/models/" + name + "/versions/1");
        assertThat(aliased.status()).as(aliased.body()).isEqualTo(409);
        assertThat(read(aliased).path("type").asString()).isEqualTo(PROBLEMS + "model-version-aliased");
        assertThat(read(aliased).path("aliases").get(0).asString()).isEqualTo("champion");
        assertThat(predict(name, "1").status()).isEqualTo(200);

        assertThat(delete("/models/" + name + "/aliases/champion").status()).isEqualTo(204);
        assertThat(delete("/models/" + name + "/versions/1").status()).isEqualTo(204);
        assertThat(predict(name, "1").status()).isEqualTo(404);
        assertThat(get("/models/" + name + "/versions/1").status()).isEqualTo(404);
        assertThat(delete("/models/" + name + "/versions/1").status()).isEqualTo(404);
        assertThat(delete("/models/" + name + "/versions/latest").status()).isEqualTo(400);
        JsonNode model = read(get("/models/" + name));
        assertThat(model.path("latestVersion").asInt()).isEqualTo(2);
        assertThat(model.path("versions")).hasSize(1);
        assertThat(predict(name, "2").status()).isEqualTo(200);
    }

    @Test
    void deletingTheNewestVersionMovesLatestBackAndItsNumberIsNotReused() {
        Trained trained = TrainedModels.irisPlain(datasets);
        String name = uniqueName("del-latest");
        register(name, trained);
        register(name, trained);
        assertThat(read(predict(name, "latest")).path("model").path("version").asInt())
                .isEqualTo(2);

        assertThat(delete("/models/" + name + "/versions/2").status()).isEqualTo(204);

        assertThat(read(predict(name, "latest")).path("model").path("version").asInt())
                .isEqualTo(1);
        assertThat(register(name, trained).version()).isEqualTo(3);
        assertThat(delete("/models/" + name + "/versions/1").status()).isEqualTo(204);
        assertThat(delete("/models/" + name + "/versions/3").status()).isEqualTo(204);
        assertThat(predict(name, "latest").status()).isEqualTo(404);
        assertThat(read(get("/models/" + name)).path("latestVersion").asInt()).isEqualTo(0);
    }

    @Test
    void aVersionPinnedByAnUnfinishedBatchIsNotDeletedNorIsItsModel() {
        Trained trained = TrainedModels.irisPlain(datasets);
        String name = uniqueName("del-pinned");
        register(name, trained);
        register(name, trained);
        // a batch accepted on version 1 and waiting on the queue (written directly: only its pin matters here)
        String batch = "batch-pin-" + name;
        jdbc.update(
                "insert into batch_prediction (id, status, model_name, model_version, input_header, output_header, "
                        + "input_bytes, total_rows, total_chunks, rows_done, chunks_done, attempts, cancel_requested, "
                        + "created_at) values (?, 'QUEUED', ?, 1, '[]', '[]', 0, 0, 0, 0, 0, 0, false, ?)",
                batch,
                name,
                java.sql.Timestamp.from(java.time.Instant.now()));
        try {
            Response version = delete("/models/" + name + "/versions/1");
            assertThat(version.status()).as(version.body()).isEqualTo(409);
            assertThat(read(version).path("type").asString()).isEqualTo(PROBLEMS + "model-version-in-use");
            assertThat(read(version).path("batchIds").get(0).asString()).isEqualTo(batch);
            Response model = delete("/models/" + name);
            assertThat(model.status()).isEqualTo(409);
            assertThat(read(model).path("type").asString()).isEqualTo(PROBLEMS + "model-version-in-use");
            assertThat(predict(name, "1").status()).isEqualTo(200);
            // version 2 is not pinned
            assertThat(delete("/models/" + name + "/versions/2").status()).isEqualTo(204);

            jdbc.update("update batch_prediction set status = 'SUCCEEDED' where id = ?", batch);
            assertThat(read(get("/batch-predictions/" + batch)).path("model").has("deletedAt"))
                    .isFalse();
            assertThat(delete("/models/" + name + "/versions/1").status()).isEqualTo(204);
            // the finished batch keeps the name and number it was scored with, and says they are gone
            JsonNode scoredWith = read(get("/batch-predictions/" + batch)).path("model");
            assertThat(scoredWith.path("name").asString()).isEqualTo(name);
            assertThat(scoredWith.path("version").asInt()).isEqualTo(1);
            assertThat(scoredWith.path("deletedAt").asString()).isNotEmpty();
        } finally {
            jdbc.update("delete from batch_prediction where id = ?", batch);
        }
    }

    @Test
    void finishedBatchesRecordThatTheVersionTheyUsedWasDeleted() {
        Trained trained = TrainedModels.irisPlain(datasets);
        String name = uniqueName("del-batches");
        String other = uniqueName("del-batches-other");
        register(name, trained);
        register(name, trained);
        register(other, trained);
        List<String> batches = List.of("batch-v1-" + name, "batch-v2-" + name, "batch-other-" + other);
        finishedBatch(batches.get(0), name, 1);
        finishedBatch(batches.get(1), name, 2);
        finishedBatch(batches.get(2), other, 1);
        try {
            assertThat(delete("/models/" + name).status()).isEqualTo(204);

            assertThat(deletedAt(batches.get(0))).isNotEmpty();
            assertThat(deletedAt(batches.get(1))).isNotEmpty();
            assertThat(deletedAt(batches.get(2))).as("another model's batch").isEmpty();
            // the name registered anew: version 1 is another model, and the old batch still says its own is gone
            assertThat(register(name, trained).version()).isEqualTo(1);
            assertThat(deletedAt(batches.get(0))).isNotEmpty();
        } finally {
            batches.forEach(id -> jdbc.update("delete from batch_prediction where id = ?", id));
        }
    }

    private void finishedBatch(String id, String model, int version) {
        jdbc.update(
                "insert into batch_prediction (id, status, model_name, model_version, input_header, output_header, "
                        + "input_bytes, total_rows, total_chunks, rows_done, chunks_done, attempts, cancel_requested, "
                        + "created_at) values (?, 'SUCCEEDED', ?, ?, '[]', '[]', 0, 0, 0, 0, 0, 1, false, ?)",
                id,
                model,
                version,
                java.sql.Timestamp.from(java.time.Instant.now()));
    }

    private String deletedAt(String batch) {
        return read(get("/batch-predictions/" + batch))
                .path("model")
                .path("deletedAt")
                .asString("");
    }

    @Test
    void deletingAModelRemovesEveryVersionAndAlias() {
        Trained trained = TrainedModels.irisPlain(datasets);
        String name = uniqueName("del-model");
        register(name, trained);
        register(name, trained);
        putJson("/models/" + name + "/aliases/staging", "{\"version\": 2}");
        assertThat(predict(name, "staging").status()).isEqualTo(200);

        assertThat(delete("/models/" + name).status()).isEqualTo(204);

        assertThat(get("/models/" + name).status()).isEqualTo(404);
        assertThat(predict(name, "staging").status()).isEqualTo(404);
        assertThat(predict(name, "1").status()).isEqualTo(404);
        assertThat(count("model_version where model_name = '" + name + "'")).isZero();
        assertThat(count("model_alias where model_name = '" + name + "'")).isZero();
        assertThat(delete("/models/" + name).status()).isEqualTo(404);
        // the name can be used again, from version 1
        assertThat(register(name, trained).version()).isEqualTo(1);
    }

    @Test
    void aVersionDeletedByAnotherInstanceStopsBeingServedWithinTheResolutionTtl() {
        Trained trained = TrainedModels.irisPlain(datasets);
        String name = uniqueName("del-elsewhere");
        register(name, trained);
        register(name, trained);
        assertThat(predict(name, "1").status()).isEqualTo(200);

        // what DELETE /models/{name}/versions/1 on another instance leaves in the shared database
        jdbc.update("delete from model_version where model_name = ? and version = 1", name);

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (predict(name, "1").status() == 200) {
            assertThat(System.nanoTime()).as("still served after 10 s").isLessThan(deadline);
            sleep(100);
        }
        assertThat(predict(name, "1").status()).isEqualTo(404);
        assertThat(predict(name, "2").status()).isEqualTo(200);
    }

    @Test
    void aNameDeletedElsewhereAndRegisteredAgainServesTheNewModelNotTheCachedOne() {
        Trained old = TrainedModels.irisDropout(datasets);
        Trained fresh = TrainedModels.irisPlain(datasets);
        String name = uniqueName("del-reuse");
        register(name, old);
        assertThat(probabilities(predict(name, "1"), old)).isEqualTo(old.model().predict(ROWS));

        // another instance deleted the model (its rows go; this instance's caches are not told)
        jdbc.update("delete from model_version where model_name = ?", name);
        jdbc.update("delete from registered_model where name = ?", name);
        assertThat(register(name, fresh).version()).isEqualTo(1);

        assertThat(probabilities(predict(name, "1"), fresh))
                .isEqualTo(fresh.model().predict(ROWS));
    }

    private Response predict(String name, String version) {
        StringBuilder rows = new StringBuilder("[");
        for (float[] row : ROWS) {
            rows.append(rows.length() > 1 ? "," : "").append(java.util.Arrays.toString(row));
        }
        return postJson("/models/" + name + "/versions/" + version + "/predict", "{\"instances\":" + rows + "]}");
    }

    private static float[][] probabilities(Response response, Trained trained) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> classes = trained.schema().classes();
        JsonNode predictions = read(response).path("predictions");
        float[][] out = new float[predictions.size()][classes.size()];
        for (int r = 0; r < predictions.size(); r++) {
            for (int k = 0; k < classes.size(); k++) {
                out[r][k] = exactFloat(predictions.get(r).path("probabilities").path(classes.get(k)));
            }
        }
        return out;
    }
}
