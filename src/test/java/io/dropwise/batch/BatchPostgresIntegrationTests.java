package io.dropwise.batch;

import static io.dropwise.batch.BatchTestSupport.await;
import static io.dropwise.batch.BatchTestSupport.irisCsv;
import static io.dropwise.batch.BatchTestSupport.result;
import static io.dropwise.batch.BatchTestSupport.submit;
import static io.dropwise.batch.BatchTestSupport.submitOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.dataset.DatasetProvider;
import io.dropwise.model.ModelRegistry;
import io.dropwise.prediction.TrainedModels;
import io.dropwise.support.PostgresIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Batch predictions on PostgreSQL: chunk rows as bytea (stored without pglz), the fenced commits, paging, a refusal
 * that stores nothing.
 */
class BatchPostgresIntegrationTests extends PostgresIntegrationTest {

    @Autowired
    ModelRegistry registry;

    @Autowired
    DatasetProvider datasets;

    @Test
    void aBatchWithMonteCarloAndEvaluationRunsAndARefusalStoresNothing() {
        String name = register();
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

    /**
     * The blob columns are stored without PostgreSQL's own compression (V14, storage EXTERNAL): what Dropwise stores is
     * compressed already or floats, and pglz only cost CPU. Not listed: db-scheduler's small {@code task_data} and
     * {@code checkpoint.data}, empty since checkpoints went to chunk rows (V6). A scored batch's result chunks take
     * their own size.
     */
    @Test
    void blobsAreStoredWithoutPglz() {
        assertThat(jdbc.queryForList(
                        "select concat(c.relname, '.', a.attname, ' ', a.attstorage) from pg_attribute a"
                                + " join pg_class c on c.oid = a.attrelid"
                                + " where c.relnamespace = current_schema()::regnamespace and a.attnum > 0"
                                + " and format_type(a.atttypid, a.atttypmod) = 'bytea' and c.relkind = 'r'"
                                + " and c.relname not in ('scheduled_tasks', 'webhook_tasks', 'checkpoint')"
                                + " order by 1",
                        String.class))
                .containsExactly(
                        "batch_input_chunk.data e",
                        "batch_output_chunk.data e",
                        "checkpoint_chunk.data e",
                        "dataset.data e",
                        "model_version.model_data e");
        String id = submitOk(api, "model=" + register(), irisCsv(3000));
        assertThat(await(api, id, Duration.ofSeconds(120)).path("status").asString())
                .isEqualTo("SUCCEEDED");
        List<long[]> sizes = jdbc.query(
                "select octet_length(data), pg_column_size(data) from batch_output_chunk where batch_id = ?",
                (r, n) -> new long[] {r.getLong(1), r.getLong(2)},
                id);
        assertThat(sizes)
                .hasSize(3)
                .allSatisfy(size -> assertThat(size[1])
                        .as("stored size of a %d-byte chunk", size[0])
                        .isEqualTo(size[0]));
    }

    /** A dropout model trained on iris, registered under a new name; the name. */
    private String register() {
        String name = "batch-pg-" + UUID.randomUUID().toString().substring(0, 8);
        registry.register(TrainedModels.irisDropout(datasets).registration(name));
        return name;
    }
}
