package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadedModelCacheTests {

    /** A fake "decoded model": its key and its size. */
    record Loaded(String key, long bytes) {}

    private final Map<String, Long> sizes = Map.of("a", 40L, "b", 40L, "c", 40L, "big", 500L);
    private final AtomicInteger decodes = new AtomicInteger();

    private LoadedModelCache<String, Loaded> cache(long maxBytes) {
        return new LoadedModelCache<>(
                key -> {
                    decodes.incrementAndGet();
                    Long size = sizes.get(key);
                    if (size == null) {
                        throw new IllegalStateException("no such model " + key);
                    }
                    return new Loaded(key, size);
                },
                Loaded::bytes,
                maxBytes);
    }

    @Test
    void hitsDoNotReload() {
        LoadedModelCache<String, Loaded> cache = cache(1000);
        Loaded first = cache.get("a");
        for (int i = 0; i < 100; i++) {
            assertThat(cache.get("a")).isSameAs(first);
        }
        assertThat(decodes).hasValue(1);
        assertThat(cache.loads()).isEqualTo(1);
        assertThat(cache.totalBytes()).isEqualTo(40);
    }

    @Test
    void evictsLeastRecentlyUsedWhenOverTheByteBound() {
        LoadedModelCache<String, Loaded> cache = cache(100);
        cache.get("a");
        cache.get("b");
        cache.get("a"); // b is now the least recently used
        cache.get("c"); // 120 bytes > 100: b goes
        assertThat(cache.contains("a")).isTrue();
        assertThat(cache.contains("b")).isFalse();
        assertThat(cache.contains("c")).isTrue();
        assertThat(cache.totalBytes()).isEqualTo(80);
        cache.get("b"); // reloaded; a is now the oldest
        assertThat(decodes).hasValue(4);
        assertThat(cache.contains("a")).isFalse();
        assertThat(cache.totalBytes()).isEqualTo(80);
    }

    @Test
    void aModelBiggerThanTheBoundIsServedAndKeptAlone() {
        LoadedModelCache<String, Loaded> cache = cache(100);
        cache.get("a");
        assertThat(cache.get("big").bytes()).isEqualTo(500);
        assertThat(cache.contains("a")).isFalse();
        assertThat(cache.contains("big")).isTrue();
        cache.get("big");
        assertThat(decodes).hasValue(2);
    }

    @Test
    void aFailedLoadIsNotCached() {
        LoadedModelCache<String, Loaded> cache = cache(100);
        assertThatThrownBy(() -> cache.get("missing")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cache.get("missing")).isInstanceOf(IllegalStateException.class);
        assertThat(decodes).hasValue(2);
        assertThat(cache.totalBytes()).isZero();
    }

    @Test
    void concurrentFirstRequestsDecodeOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowDecodes = new AtomicInteger();
        LoadedModelCache<String, Loaded> cache = new LoadedModelCache<>(
                key -> {
                    slowDecodes.incrementAndGet();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Loaded(key, 10);
                },
                Loaded::bytes,
                1000);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Loaded>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> cache.get("a")));
            }
            Thread.sleep(100);
            release.countDown();
            Loaded first = results.get(0).get(5, TimeUnit.SECONDS);
            for (Future<Loaded> result : results) {
                assertThat(result.get(5, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(slowDecodes).hasValue(1);
    }
}
