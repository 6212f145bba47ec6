package io.dropwise.training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Shares this instance's cores among the jobs training on it, work-conserving: every job gets one thread, then the
 * remaining cores go one at a time, in the order the jobs started, to the jobs that can still use one (up to their
 * {@code training.blasThreads} cap and to what their network can split a product into). The split is recomputed
 * when a job starts or ends, and a job's engine asks its {@link Share} before every batch, so a lone job on an idle
 * machine uses every core, two jobs share them, and a sweep's many small trials (one useful thread each) never run
 * more threads than there are jobs. The thread count never changes a job's bits (the engine's products are cut the
 * same way on any count), so this is a pure speed decision. Batch predictions running on this instance join too (a
 * batch's pipeline overlaps its stages only while its share is more than one thread).
 */
@Component
public class ThreadShares {

    private static final Logger log = LoggerFactory.getLogger(ThreadShares.class);

    /** One job's share: the threads its engine may use now. */
    public final class Share implements IntSupplier, AutoCloseable {

        final String jobId;
        final int wanted;
        private volatile int threads = 1;

        private Share(String jobId, int wanted) {
            this.jobId = jobId;
            this.wanted = Math.max(1, wanted);
        }

        @Override
        public int getAsInt() {
            return threads;
        }

        @Override
        public void close() {
            leave(this);
        }
    }

    private final int cores;
    private final List<Share> shares = new ArrayList<>();

    ThreadShares() {
        this(Runtime.getRuntime().availableProcessors());
    }

    ThreadShares(int cores) {
        this.cores = Math.max(1, cores);
    }

    /** The cores shared among this instance's jobs. */
    int cores() {
        return cores;
    }

    /**
     * Adds a starting job and re-balances.
     *
     * @param wanted the most threads the job can use (its cap, and what its products can be split into)
     */
    public synchronized Share join(String jobId, int wanted) {
        Share share = new Share(jobId, wanted);
        shares.add(share);
        rebalance();
        return share;
    }

    private synchronized void leave(Share share) {
        if (shares.remove(share)) {
            rebalance();
        }
    }

    /** The threads each running job has now, in the order they started (for tests and logs). */
    synchronized List<Integer> split() {
        return shares.stream().map(s -> s.threads).toList();
    }

    private void rebalance() {
        int[] given = new int[shares.size()];
        int left = cores - shares.size();
        boolean more = true;
        while (left > 0 && more) {
            more = false;
            for (int i = 0; i < given.length && left > 0; i++) {
                if (given[i] + 1 < shares.get(i).wanted) {
                    given[i]++;
                    left--;
                    more = true;
                }
            }
        }
        for (int i = 0; i < given.length; i++) {
            shares.get(i).threads = given[i] + 1;
        }
        if (log.isDebugEnabled()) {
            log.debug("Training threads over {} cores: {}", cores, split());
        }
    }
}
