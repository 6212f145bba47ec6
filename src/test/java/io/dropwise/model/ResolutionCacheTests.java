package io.dropwise.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
