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

class VersionResolverTests {

    private final AtomicInteger latest = new AtomicInteger(1);
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final VersionResolver resolver = new VersionResolver(name -> {
        loads.incrementAndGet();
        return name.equals("iris")
                ? Optional.of(new VersionResolver.Snapshot(latest.get(), Map.of(), now.get()))
                : Optional.empty();
    }, Duration.ofSeconds(2), now::get);

    @Test
    void answersFromMemoryWithinTheTtl() {
        assertThat(resolver.snapshot("iris").orElseThrow().latest()).isEqualTo(1);
        latest.set(2); // changed by another instance: not seen until the TTL has passed
        assertThat(resolver.snapshot("iris").orElseThrow().latest()).isEqualTo(1);
        assertThat(loads).hasValue(1);
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(resolver.snapshot("iris").orElseThrow().latest()).isEqualTo(2);
        assertThat(loads).hasValue(2);
    }

    @Test
    void unknownNamesAreNotCached() {
        assertThat(resolver.snapshot("nope")).isEmpty();
        assertThat(resolver.snapshot("nope")).isEmpty();
        assertThat(loads).hasValue(2);
    }

    @Test
    void aLocalChangeIsSeenAtOnceAndNothingIsCachedWhileItsTransactionIsOpen() {
        resolver.snapshot("iris");
        TransactionSynchronizationManager.initSynchronization();
        try {
            resolver.changing("iris");
            latest.set(2);
            // inside the open transaction every read goes to the database and is not kept
            resolver.snapshot("iris");
            resolver.snapshot("iris");
            assertThat(loads).hasValue(3);
            for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
                s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED);
            }
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
        assertThat(resolver.snapshot("iris").orElseThrow().latest()).isEqualTo(2);
        assertThat(resolver.snapshot("iris").orElseThrow().latest()).isEqualTo(2);
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
