package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link LoadedModelCache#invalidate}: what a deleted model version needs from the decoded-model cache. */
class LoadedModelCacheInvalidationTests {

    @Test
    void invalidatedEntriesAreLoadedAgainAndTheirBytesNoLongerCount() {
        LoadedModelCache<String, String> cache = new LoadedModelCache<>(key -> key + "!", v -> 10, 1000);
        cache.get("a/1");
        cache.get("a/2");
        cache.get("b/1");
        assertThat(cache.totalBytes()).isEqualTo(30);

        cache.invalidate(key -> key.startsWith("a/"));

        assertThat(cache.totalBytes()).isEqualTo(10);
        assertThat(cache.contains("a/1")).isFalse();
        assertThat(cache.containsAny(key -> key.startsWith("b/"))).isTrue();
        long loads = cache.loads();
        assertThat(cache.get("a/1")).isEqualTo("a/1!");
        assertThat(cache.loads()).isEqualTo(loads + 1);
        assertThat(cache.totalBytes()).isEqualTo(20);
    }

    @Test
    void aLoadInvalidatedWhileInProgressIsNotKeptNorCounted() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LoadedModelCache<String, String> cache = new LoadedModelCache<>(
                key -> {
                    loading.countDown();
                    await(release);
                    return key;
                },
                v -> 10,
                1000);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> cache.get("a/1"));
        assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();

        cache.invalidate(key -> true);
        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("a/1");
        assertThat(cache.contains("a/1")).isFalse();
        assertThat(cache.totalBytes()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
