package io.dropwise.batch;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work of one batch operation run ahead on a few threads of its own: at most {@code size} pieces in flight, their
 * results taken in the order the pieces were handed over. It bounds memory (a piece is a chunk) and keeps the order
 * that commits need, while reading, scoring, formatting and storing overlap on the cores.
 *
 * <p>Its threads are never interrupted: they may be in a database call (an interrupt can close the embedded
 * database's file). Closing cancels the pieces not started and waits for the running ones.
 */
final class Window<T> implements AutoCloseable {

    private final ExecutorService threads;
    private final Deque<Future<T>> pending = new ArrayDeque<>();
    private final int size;

    /**
     * @param name the threads' name prefix
     * @param threadCount threads working on pieces (1 keeps them in order on one thread)
     * @param size the most pieces in flight
     */
    Window(String name, int threadCount, int size) {
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(Math.max(1, threadCount), work -> {
            Thread t = new Thread(work, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.size = Math.max(1, size);
    }

    /** True when another piece would exceed the window: take the oldest result first. */
    boolean full() {
        return pending.size() >= size;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    void submit(Callable<T> piece) {
        if (full()) {
            throw new IllegalStateException("the window is full: take a result first");
        }
        pending.add(threads.submit(piece));
    }

    /** The oldest piece's result, once it is there; its failure rethrown (unchecked as it was thrown). */
    T takeOldest() {
        Future<T> oldest = pending.removeFirst();
        try {
            return oldest.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a batch chunk");
        }
    }

    /** Cancels the pieces not started and waits for the running ones to end. */
    @Override
    public void close() {
        pending.forEach(f -> f.cancel(false));
        pending.clear();
        threads.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (threads.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
