package io.dropwise.model;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 *
 * <p>Under load no request waits for the database while the name is in use: once an entry is half its {@code ttl}
 * old, one request reloads it (the others answer from the entry, which is still within its {@code ttl}); and when an
 * entry has expired or is missing, concurrent requests share one load instead of each querying the database (and
 * queueing for its connection pool) at once. A shared load is only joined when nothing changed since it started.
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

    /** A load in progress, started at {@code generation}. */
    private record Flight(long generation, CompletableFuture<Optional<Snapshot>> result) {}

    private final Map<String, Snapshot> entries = new ConcurrentHashMap<>();
    private final Map<String, Flight> flights = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
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
        if (cached != null) {
            long age = nanoTime.getAsLong() - cached.loadedAtNanos();
            if (age < ttlNanos / 2) {
                return Optional.of(cached);
            }
            if (age < ttlNanos) {
                return refreshAhead(name, cached);
            }
        }
        long seen = generation.get();
        if (openChanges.get() != 0) {
            return loader.apply(name); // not kept, not shared: a change is being made
        }
        Flight mine = new Flight(seen, new CompletableFuture<>());
        Flight running = flights.putIfAbsent(name, mine);
        if (running != null) {
            // joined only if nothing changed since it started; otherwise this request loads on its own
            return running.generation() == seen ? join(running) : load(name, seen);
        }
        try {
            Optional<Snapshot> loaded = load(name, seen);
            mine.result().complete(loaded);
            return loaded;
        } catch (RuntimeException | Error e) {
            mine.result().completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(name, mine);
        }
    }

    /**
     * An entry past half its ttl: one caller reloads it, the others (and that caller, if the database fails) answer
     * from the entry, which is still within its ttl.
     */
    private Optional<Snapshot> refreshAhead(String name, Snapshot cached) {
        if (!refreshing.add(name)) {
            return Optional.of(cached);
        }
        try {
            if (openChanges.get() != 0) {
                return Optional.of(cached);
            }
            return load(name, generation.get());
        } catch (RuntimeException e) {
            return Optional.of(cached);
        } finally {
            refreshing.remove(name);
        }
    }

    /** Loads {@code name} and keeps it unless something changed since {@code seen} (or is changing). */
    private Optional<Snapshot> load(String name, long seen) {
        boolean cacheable = openChanges.get() == 0;
        Optional<Snapshot> loaded = loader.apply(name);
        if (cacheable && loaded.isPresent()) {
            // same bin lock as forget(): either this put happens first and is dropped, or it sees the new generation
            entries.compute(name, (key, current) -> generation.get() == seen ? loaded.get() : current);
        }
        return loaded;
    }

    private static Optional<Snapshot> join(Flight flight) {
        try {
            return flight.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
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
