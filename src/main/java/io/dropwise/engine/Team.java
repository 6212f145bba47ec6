package io.dropwise.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The calling thread plus {@code size - 1} helper threads (daemons, started by the first {@link #run} that needs
 * them) that together run the tasks {@code 0..n-1} of one {@link #run} at a time. Which thread runs which task is not
 * fixed, so a task must write only its own outputs. A team may be shared: a {@link #run} that finds it busy with
 * another caller's tasks runs its own tasks on its own thread (the same tasks, so the same results).
 *
 * <p>Only the first {@link #active} threads (the caller and {@code active - 1} helpers) take part; the owner may
 * change that number between runs ({@link #activate}), the others park. Which thread runs a task never changes the
 * result, so a run's thread count can follow the cores it is given without changing a bit.
 *
 * <p>Tasks are claimed from one counter that also holds the run's generation and task count: a helper that wakes
 * late for an earlier run cannot claim (its compare-and-set fails once the generation has moved on), so it never
 * runs a task of one run with the body of another.
 */
final class Team implements AutoCloseable {

    /**
     * Rounds of {@link Thread#onSpinWait} before a waiting thread parks. Between two runs of a training step there is
     * only short work on the calling thread (a small product, the loss, an element-wise loop), so a helper that parked
     * in every gap would pay a park and an unpark (system calls plus the scheduler's wake-up latency) per run;
     * spinning through such gaps keeps the helpers ready. Parking after a while keeps an idle team (a run between
     * epochs, the inference team between requests) off the cores. A tuning value, not a correctness one: it went
     * from 20,000 to 4,000 when element-wise loops were split into blocks too and the gaps became short.
     */
    private static final int SPINS = 4_000;

    private static final int MAX_TASKS = 1 << 16;

    private final Thread[] helpers;
    /** (generation << 32) | (task count << 16) | index of the next unclaimed task of the current run. */
    private final AtomicLong ticket = new AtomicLong();

    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile IntConsumer body;
    private volatile Thread caller;
    private volatile Throwable failure;
    private volatile boolean closed;
    private volatile int active;

    Team(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a team needs at least 1 thread, got " + size);
        }
        this.helpers = new Thread[size - 1];
        this.active = size;
    }

    int size() {
        return helpers.length + 1;
    }

    /** The threads taking part in the next runs. */
    int active() {
        return active;
    }

    /** Sets how many threads (the caller included) take part in the next runs: clamped to [1, size]. */
    void activate(int threads) {
        int n = Math.max(1, Math.min(size(), threads));
        if (n > active) {
            active = n;
            for (Thread helper : helpers) {
                if (helper != null) {
                    LockSupport.unpark(helper);
                }
            }
        } else {
            active = n;
        }
    }

    /** Runs {@code task.accept(i)} for every i in [0, n) and returns when all have finished. */
    void run(int n, IntConsumer task) {
        if (n >= MAX_TASKS) {
            throw new IllegalArgumentException("at most " + (MAX_TASKS - 1) + " tasks per run, got " + n);
        }
        if (active == 1 || n == 1 || !busy.compareAndSet(false, true)) {
            for (int i = 0; i < n; i++) {
                task.accept(i);
            }
            return;
        }
        try {
            runShared(n, task);
        } finally {
            busy.set(false);
        }
    }

    private void runShared(int n, IntConsumer task) {
        if (helpers[0] == null) {
            start();
        }
        body = task;
        caller = Thread.currentThread();
        failure = null;
        remaining.set(n);
        long generation = (ticket.get() >>> 32) + 1;
        ticket.set(generation << 32 | (long) n << 16); // publishes body and caller to the helpers
        int wake = active - 1;
        for (int i = 0; i < wake; i++) {
            LockSupport.unpark(helpers[i]);
        }
        claimAndRun();
        for (int spins = 0; remaining.get() > 0; spins++) {
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        body = null;
        Throwable t = failure;
        if (t != null) {
            throw t instanceof RuntimeException r ? r : new IllegalStateException("a BLAS task failed", t);
        }
    }

    /** Claims and runs tasks of the current generation until none is left; false if there was none to claim. */
    private boolean claimAndRun() {
        boolean ran = false;
        while (true) {
            long t = ticket.get();
            int index = (int) (t & 0xFFFF);
            int count = (int) (t >>> 16 & 0xFFFF);
            IntConsumer task = body;
            if (index >= count || task == null) {
                return ran;
            }
            if (!ticket.compareAndSet(t, t + 1)) {
                continue;
            }
            ran = true;
            try {
                task.accept(index);
            } catch (Throwable e) {
                failure = e;
            }
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    private void start() {
        for (int i = 0; i < helpers.length; i++) {
            int index = i;
            helpers[i] = new Thread(() -> helperLoop(index), "dropwise-blas-" + (i + 1));
            helpers[i].setDaemon(true);
            helpers[i].start();
        }
    }

    private void helperLoop(int index) {
        long seen = 0;
        int idle = 0;
        while (!closed) {
            if (index >= active - 1) {
                LockSupport.park(this); // not taking part: parked until activated (or closed)
                continue;
            }
            long t = ticket.get();
            if ((t >>> 32) != seen && claimAndRun()) {
                idle = 0;
                continue;
            }
            seen = t >>> 32;
            if (ticket.get() != t) {
                continue;
            }
            if (idle++ < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread helper : helpers) {
            if (helper != null) {
                LockSupport.unpark(helper);
            }
        }
    }
}
