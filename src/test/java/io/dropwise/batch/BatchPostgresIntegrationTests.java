package io.dropwise.batch;

import static io.dropwise.batch.BatchTestSupport.await;
import static io.dropwise.batch.BatchTestSupport.irisCsv;
import static io.dropwise.batch.BatchTestSupport.result;
import static io.dropwise.batch.BatchTestSupport.submit;
import static io.dropwise.batch.BatchTestSupport.submitOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.dataset.DatasetProvider;
import io.dropwise.engine.ModelCodec;
import io.dropwise.model.ModelRegistration;
import io.dropwise.model.ModelRegistry;
import io.dropwise.prediction.TrainedModels;
import io.dropwise.prediction.TrainedModels.Trained;
import io.dropwise.support.PostgresIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Batch predictions on PostgreSQL: chunk rows as bytea, the fenced commits, paging, a refusal that stores nothing. */
class BatchPostgresIntegrationTests extends PostgresIntegrationTest {

    @Autowired
    ModelRegistry registry;

    @Autowired
    DatasetProvider datasets;

    @Test
    void aBatchWithMonteCarloAndEvaluationRunsAndARefusalStoresNothing() {
        String name = "batch-pg-" + UUID.randomUUID().toString().substring(0, 8);
        Trained trained = TrainedModels.irisDropout(datasets);
        registry.register(new ModelRegistration(
                name,
                null,
                "iris",
                trained.specJson(),
                trained.schema(),
                ModelCodec.encode(trained.model()),
                trained.bestEpoch(),
                trained.bestMetrics(),
                Instant.now()));
        String id = submitOk(api, "model=" + name + "&mcSamples=5&mcSeed=1", irisCsv(2100));
        JsonNode batch = await(api, id, Duration.ofSeconds(120));
        assertThat(batch.path("status").asString()).as(batch.toString()).isEqualTo("SUCCEEDED");
        assertThat(batch.path("evaluation").path("rows").asLong()).isEqualTo(2100);
        List<String[]> rows = result(api, id);
        assertThat(rows).hasSize(2101);
        assertThat(rows.get(2100)[0]).isEqualTo("r2099");
        assertThat(api.get("/batch-predictions?page=0&size=5")
                        .json()
                        .path("items")
                        .size())
                .isPositive();

        List<Long> before = counts();
        long batches = count("batch_prediction");
        long chunks = count("batch_input_chunk");
        String late = irisCsv(1500) + "late,1,2,3,four,setosa\n";
        assertThat(submit(api, "model=" + name, late).status()).isEqualTo(400);
        assertThat(count("batch_prediction")).isEqualTo(batches);
        assertThat(count("batch_input_chunk")).isEqualTo(chunks);
        assertThat(counts()).isEqualTo(before);
    }
}
