package io.dropwise.model;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A cache of "model name → latest version and aliases" ({@link ModelResolver} resolves from it), so that resolving {@code latest} or an alias costs no
 * database round trip. Changes made through this instance are seen at once: a registering or alias-moving
 * transaction drops the entry and stops anyone from caching while it is open, and drops it again when it ends, so
 * no reader can keep what it read before the commit. Changes made by other instances (a new version, a moved alias,
 * a deleted version or model) are seen after at most {@code ttl}.
 */
final class ResolutionCache {

    /**
     * What the database said about one name.
     *
     * @param latest the newest version (0 when every version was deleted)
     * @param ids every existing version number and the id of its row (a deleted and re-created name gets new ids),
     *     or null when not known (every number is then taken as is)
     */
    record Snapshot(int latest, Map<String, Integer> aliases, Map<Integer, Long> ids, long loadedAtNanos) {

        Snapshot(int latest, Map<String, Integer> aliases, long loadedAtNanos) {
            this(latest, aliases, null, loadedAtNanos);
        }
    }

    private final Map<String, Snapshot> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger openChanges = new AtomicInteger();
    private final Function<String, Optional<Snapshot>> loader;
    private final long ttlNanos;
    private final LongSupplier nanoTime;

    ResolutionCache(Function<String, Optional<Snapshot>> loader, Duration ttl, LongSupplier nanoTime) {
        this.loader = loader;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The current snapshot of {@code name}, empty when no such model is registered. */
    Optional<Snapshot> snapshot(String name) {
        Snapshot cached = entries.get(name);
        if (cached != null && nanoTime.getAsLong() - cached.loadedAtNanos() < ttlNanos) {
            return Optional.of(cached);
        }
        long seen = generation.get();
        boolean cacheable = openChanges.get() == 0;
        Optional<Snapshot> loaded = loader.apply(name);
        if (cacheable && loaded.isPresent()) {
            // same bin lock as forget(): either this put happens first and is dropped, or it sees the new generation
            entries.compute(name, (key, current) -> generation.get() == seen ? loaded.get() : current);
        }
        return loaded;
    }

    /** The snapshot read from the database now (another instance may have registered a version since). */
    Optional<Snapshot> reload(String name) {
        forget(name);
        return snapshot(name);
    }

    /**
     * Call inside the transaction that changes {@code name}'s versions or aliases, before the change is visible.
     * Without a transaction the entry is simply dropped.
     */
    void changing(String name) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            forget(name);
            return;
        }
        openChanges.incrementAndGet();
        forget(name);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                forget(name);
                openChanges.decrementAndGet();
            }
        });
    }

    void forget(String name) {
        entries.compute(name, (key, current) -> {
            generation.incrementAndGet();
            return null;
        });
    }
}
