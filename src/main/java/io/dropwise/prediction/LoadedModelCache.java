package io.dropwise.prediction;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Decoded models by key, bounded by the sum of their sizes: the least recently used are evicted when a load pushes
 * the total over {@code maxBytes} (the newest entry always stays, even alone over the bound). A hit is lock-free;
 * concurrent first requests for one key load it once, the others wait for that load. A failed load is not cached.
 * Not Caffeine: its admission policy (W-TinyLFU) may turn away a newly registered version in favour of a cold one
 * (decoding it again on the next requests) and drops at once an entry heavier than the bound, which would then be
 * decoded on every request; LoadedModelCacheTests pins the behaviour that serving needs.
 */
final class LoadedModelCache<K, V> {

    private static final class Slot<V> {
        final CompletableFuture<V> future = new CompletableFuture<>();
        volatile V value;
        volatile long lastUsed;
        long bytes;
    }

    private final Map<K, Slot<V>> slots = new ConcurrentHashMap<>();
    private final AtomicLong totalBytes = new AtomicLong();
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong clock = new AtomicLong();
    private final Function<K, V> loader;
    private final ToLongFunction<V> weigher;
    private final long maxBytes;

    LoadedModelCache(Function<K, V> loader, ToLongFunction<V> weigher, long maxBytes) {
        this.loader = loader;
        this.weigher = weigher;
        this.maxBytes = maxBytes;
    }

    V get(K key) {
        Slot<V> slot = slots.get(key);
        if (slot != null) {
            V value = slot.value;
            if (value != null) {
                slot.lastUsed = clock.incrementAndGet();
                return value;
            }
            return await(slot);
        }
        Slot<V> fresh = new Slot<>();
        slot = slots.putIfAbsent(key, fresh);
        if (slot != null) {
            return await(slot);
        }
        return load(key, fresh);
    }

    /** Number of loads (decodes) so far. */
    long loads() {
        return loads.get();
    }

    long totalBytes() {
        return totalBytes.get();
    }

    /** True when a loaded entry's key matches. */
    boolean containsAny(Predicate<K> which) {
        return slots.entrySet().stream().anyMatch(e -> e.getValue().value != null && which.test(e.getKey()));
    }

    boolean contains(K key) {
        Slot<V> slot = slots.get(key);
        return slot != null && slot.value != null;
    }

    private V load(K key, Slot<V> slot) {
        V value;
        try {
            loads.incrementAndGet();
            value = loader.apply(key);
        } catch (RuntimeException | Error e) {
            slots.remove(key, slot);
            slot.future.completeExceptionally(e);
            throw e;
        }
        slot.bytes = weigher.applyAsLong(value);
        slot.lastUsed = clock.incrementAndGet();
        synchronized (this) {
            // counted only while in the map: invalidate() may have removed the slot during the load
            if (slots.get(key) == slot) {
                totalBytes.addAndGet(slot.bytes);
            }
            slot.value = value;
        }
        slot.future.complete(value);
        evict(slot);
        return value;
    }

    /** Drops every entry whose key matches (a deleted model version); a load in progress is not cached. */
    synchronized void invalidate(Predicate<K> which) {
        for (Map.Entry<K, Slot<V>> e : slots.entrySet()) {
            Slot<V> s = e.getValue();
            if (which.test(e.getKey()) && slots.remove(e.getKey(), s) && s.value != null) {
                totalBytes.addAndGet(-s.bytes);
            }
        }
    }

    private synchronized void evict(Slot<V> keep) {
        while (totalBytes.get() > maxBytes) {
            Map.Entry<K, Slot<V>> oldest = null;
            for (Map.Entry<K, Slot<V>> e : slots.entrySet()) {
                Slot<V> s = e.getValue();
                if (s != keep && s.value != null && (oldest == null || s.lastUsed < oldest.getValue().lastUsed)) {
                    oldest = e;
                }
            }
            if (oldest == null) {
                return;
            }
            if (slots.remove(oldest.getKey(), oldest.getValue())) {
                totalBytes.addAndGet(-oldest.getValue().bytes);
            }
        }
    }

    private static <V> V await(Slot<V> slot) {
        try {
            return slot.future.join();
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
}
