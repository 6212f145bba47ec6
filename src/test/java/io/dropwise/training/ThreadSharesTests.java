package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Work-conserving shares of an instance's cores among its running jobs. */
class ThreadSharesTests {

    @Test
    void aLoneJobTakesEveryCoreItCanUse() {
        ThreadShares shares = new ThreadShares(2);
        try (ThreadShares.Share lone = shares.join("a", 4)) {
            assertThat(lone.getAsInt()).isEqualTo(2);
        }
        ThreadShares eight = new ThreadShares(8);
        try (ThreadShares.Share capped = eight.join("a", 3)) {
            assertThat(capped.getAsInt())
                    .as("its cap, or what its products split into")
                    .isEqualTo(3);
        }
    }

    @Test
    void twoJobsShareAndTheSurvivorGetsTheCoresBack() {
        ThreadShares shares = new ThreadShares(2);
        ThreadShares.Share first = shares.join("a", 4);
        ThreadShares.Share second = shares.join("b", 4);
        assertThat(List.of(first.getAsInt(), second.getAsInt())).containsExactly(1, 1);
        second.close();
        assertThat(first.getAsInt()).as("re-balanced when a job ends").isEqualTo(2);
        first.close();
        assertThat(shares.split()).isEmpty();
    }

    @Test
    void coresAJobCannotUseGoToTheOthers() {
        ThreadShares shares = new ThreadShares(8);
        ThreadShares.Share small = shares.join("small", 1);
        ThreadShares.Share capped = shares.join("capped", 2);
        ThreadShares.Share big = shares.join("big", 16);
        assertThat(shares.split()).containsExactly(1, 2, 5);
        small.close();
        capped.close();
        assertThat(big.getAsInt()).isEqualTo(8);
    }

    @Test
    void manySmallTrialsNeverRunMoreThreadsThanCoresOrJobs() {
        ThreadShares shares = new ThreadShares(4);
        List<ThreadShares.Share> trials = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            trials.add(shares.join("trial-" + i, 8));
            int total = shares.split().stream().mapToInt(Integer::intValue).sum();
            assertThat(total).as("%d jobs on 4 cores", i + 1).isEqualTo(Math.max(4, i + 1));
        }
        assertThat(shares.split()).allMatch(t -> t == 1);
        trials.forEach(ThreadShares.Share::close);
    }
}
