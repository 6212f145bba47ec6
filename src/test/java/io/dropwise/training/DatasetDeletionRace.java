package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code DELETE /datasets/{id}} racing {@code POST /jobs} on that dataset, many times: never both succeed (a job
 * accepted on a dataset that is gone fails later). Shared by the H2 and PostgreSQL tests.
 */
final class DatasetDeletionRace {

    private static final Duration TIMEOUT = JobScenarios.TIMEOUT;

    private final Api api;

    DatasetDeletionRace(Api api) {
        this.api = api;
    }

    /** @return how many tries the job won (202, delete refused) and how many the delete won (204, job refused) */
    int[] run(int tries) throws Exception {
        int jobWon = 0;
        int deleteWon = 0;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < tries; i++) {
                Api.Response uploaded = api.send(
                        "POST",
                        "/datasets?name=race" + i,
                        "text/csv",
                        "a,b,label\n" + "1,2,x\n3,4,y\n5,6,x\n7,8,y\n".repeat(5),
                        Map.of());
                assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
                String datasetId = uploaded.json().get("id").asString();
                String job = """
                        {"datasetId": "%s", "model": {"hiddenLayers": [{"units": 2}]}, "training": {"epochs": 1}}""".formatted(datasetId);
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<Api.Response> deleted = CompletableFuture.supplyAsync(
                        together(start, () -> api.delete("/datasets/" + datasetId)), pool);
                CompletableFuture<Api.Response> submitted =
                        CompletableFuture.supplyAsync(together(start, () -> api.postJson("/jobs", job)), pool);
                Api.Response delete = deleted.get();
                Api.Response submit = submitted.get();
                assertThat(delete.status() == 204 && submit.status() == 202)
                        .as("try %d: the dataset was deleted (%s) and a job on it accepted (%s)", i, delete, submit)
                        .isFalse();
                if (submit.status() == 202) {
                    assertThat(delete.status()).as("%s", delete).isEqualTo(409);
                    String id = submit.json().get("id").asString();
                    assertThat(api.awaitJob(id, TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED")
                                    .get("status")
                                    .asString())
                            .isEqualTo("SUCCEEDED");
                    assertThat(api.delete("/datasets/" + datasetId).status()).isEqualTo(204);
                    jobWon++;
                } else {
                    assertThat(delete.status()).as("%s", delete).isEqualTo(204);
                    assertThat(submit.status()).as("%s", submit).isEqualTo(400);
                    assertThat(submit.json().at("/errors/0/field").asString()).isEqualTo("datasetId");
                    deleteWon++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new int[] {jobWon, deleteWon};
    }

    private static <T> Supplier<T> together(CyclicBarrier start, Supplier<T> action) {
        return () -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return action.get();
        };
    }
}
