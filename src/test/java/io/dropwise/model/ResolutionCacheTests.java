package io.dropwise.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class ResolutionCacheTests {

    private final AtomicInteger latest = new AtomicInteger(1);
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final ResolutionCache cache = new ResolutionCache(
            name -> {
                loads.incrementAndGet();
                return name.equals("iris")
                        ? Optional.of(new ResolutionCache.Snapshot(latest.get(), Map.of(), now.get()))
                        : Optional.empty();
            },
            Duration.ofSeconds(2),
            now::get);

    @Test
    void answersFromMemoryWithinTheTtl() {
        assertThat(cache.snapshot("iris").orElseThrow().latest()).isEqualTo(1);
        latest.set(2); // changed by another instance: not seen until the TTL has passed
        assertThat(cache.snapshot("iris").orElseThrow().latest()).isEqualTo(1);
        assertThat(loads).hasValue(1);
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(cache.snapshot("iris").orElseThrow().latest()).isEqualTo(2);
        assertThat(loads).hasValue(2);
    }

    @Test
    void unknownNamesAreNotCached() {
        assertThat(cache.snapshot("nope")).isEmpty();
        assertThat(cache.snapshot("nope")).isEmpty();
        assertThat(loads).hasValue(2);
    }

    @Test
    void aLocalChangeIsSeenAtOnceAndNothingIsCachedWhileItsTransactionIsOpen() {
        cache.snapshot("iris");
        TransactionSynchronizationManager.initSynchronization();
        try {
            cache.changing("iris");
            latest.set(2);
            // inside the open transaction every read goes to the database and is not kept
            cache.snapshot("iris");
            cache.snapshot("iris");
            assertThat(loads).hasValue(3);
            for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
                s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED);
            }
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
        assertThat(cache.snapshot("iris").orElseThrow().latest()).isEqualTo(2);
        assertThat(cache.snapshot("iris").orElseThrow().latest()).isEqualTo(2);
        assertThat(loads).hasValue(4);
    }

    @Test
    void pastHalfItsTtlOneCallerReloadsAndNoCallerWaitsForTheDatabase() {
        cache.snapshot("iris");
        latest.set(2);
        now.addAndGet(Duration.ofMillis(900).toNanos());
        assertThat(cache.snapshot("iris").orElseThrow().latest()).isEqualTo(1);
        assertThat(loads).hasValue(1);
        now.addAndGet(Duration.ofMillis(200).toNanos()); // 1.1 s: past half the ttl, reloaded by this caller
        assertThat(cache.snapshot("iris").orElseThrow().latest()).isEqualTo(2);
        assertThat(loads).hasValue(2);
        now.addAndGet(Duration.ofMillis(900).toNanos()); // 0.9 s after the reload
        assertThat(cache.snapshot("iris").orElseThrow().latest()).isEqualTo(2);
        assertThat(loads).hasValue(2);
    }

    @Test
    void aFailedReloadBeforeTheTtlAnswersFromMemoryAndAfterItFails() {
        AtomicInteger failing = new AtomicInteger();
        ResolutionCache flaky = new ResolutionCache(
                name -> {
                    if (failing.get() > 0) {
                        throw new IllegalStateException("database down");
                    }
                    return Optional.of(new ResolutionCache.Snapshot(1, Map.of(), now.get()));
                },
                Duration.ofSeconds(2),
                now::get);
        flaky.snapshot("iris");
        failing.set(1);
        now.addAndGet(Duration.ofMillis(1500).toNanos());
        assertThat(flaky.snapshot("iris").orElseThrow().latest()).isEqualTo(1);
        now.addAndGet(Duration.ofMillis(600).toNanos());
        assertThatThrownBy(() -> flaky.snapshot("iris")).hasMessage("database down");
    }

    @Test
    void concurrentCallersOfAnExpiredNameShareOneLoad() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowLoads = new AtomicInteger();
        ResolutionCache slow = new ResolutionCache(
                name -> {
                    slowLoads.incrementAndGet();
                    loading.countDown();
                    await(release);
                    return Optional.of(new ResolutionCache.Snapshot(7, Map.of(), now.get()));
                },
                Duration.ofSeconds(2),
                now::get);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            answers.add(threads.submit(() -> slow.snapshot("iris").orElseThrow().latest()));
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 7; i++) {
                answers.add(
                        threads.submit(() -> slow.snapshot("iris").orElseThrow().latest()));
            }
            Thread.sleep(200); // the seven reach the shared load and wait for it
            release.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(7);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(slowLoads).hasValue(1);
    }

    @Test
    void aLoadThatStartedBeforeALocalChangeIsNotJoinedAfterIt() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger version = new AtomicInteger(1);
        AtomicInteger calls = new AtomicInteger();
        ResolutionCache slow = new ResolutionCache(
                name -> {
                    int seen = version.get();
                    if (calls.incrementAndGet() == 1) {
                        loading.countDown();
                        await(release); // reads version 1, then is held while version 2 commits
                    }
                    return Optional.of(new ResolutionCache.Snapshot(seen, Map.of(), now.get()));
                },
                Duration.ofSeconds(2),
                now::get);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> early =
                    threads.submit(() -> slow.snapshot("iris").orElseThrow().latest());
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            version.set(2);
            slow.changing("iris"); // no transaction: the entry is dropped at once, as after a commit
            assertThat(slow.snapshot("iris").orElseThrow().latest()).isEqualTo(2);
            release.countDown();
            assertThat(early.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(calls).hasValue(2);
        // the early load read before the change: it is not kept either
        assertThat(slow.snapshot("iris").orElseThrow().latest()).isEqualTo(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void selectorsParseNumbersLatestAndAliases() {
        assertThat(VersionSelector.parse("3", "m")).isEqualTo(VersionSelector.number(3));
        assertThat(VersionSelector.parse("latest", "m")).isEqualTo(VersionSelector.LATEST);
        assertThat(VersionSelector.parse("LATEST", "m")).isEqualTo(VersionSelector.LATEST);
        assertThat(VersionSelector.parse("champion", "m").alias()).isEqualTo("champion");
        assertThatThrownBy(() -> VersionSelector.parse("-1", "m")).isInstanceOf(ModelVersionNotFoundException.class);
        assertThatThrownBy(() -> VersionSelector.parse("99999999999", "m"))
                .isInstanceOf(ModelVersionNotFoundException.class);
    }
}
