package io.dropwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dropwise.training.JobStatus;
import io.dropwise.training.SweepJobs.Metrics;
import io.dropwise.training.SweepJobs.SweepJob;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Leaderboard#trial}: a trial's state and scores from its fold jobs. */
class LeaderboardTests {

    @Test
    void aTrialIsPrunedOnlyWhenThePruningStoppedAJob() {
        // the request reached the job: it ended CANCELLED, the trial is pruned and has no score
        Leaderboard.Trial stopped = Leaderboard.trial(
                2,
                2,
                List.of(job(0, JobStatus.SUCCEEDED, null, 0.30), job(1, JobStatus.CANCELLED, "pruned", 0.50)),
                Objective.VALIDATION_LOSS);
        assertThat(stopped.state()).isEqualTo(Leaderboard.TrialState.PRUNED);
        assertThat(stopped.mean()).isNull();
        assertThat(stopped.done()).isTrue();

        // the job finished its last epoch before it saw the request: the trial has its whole score
        Leaderboard.Trial finished = Leaderboard.trial(
                2,
                2,
                List.of(job(0, JobStatus.SUCCEEDED, null, 0.30), job(1, JobStatus.SUCCEEDED, "pruned", 0.50)),
                Objective.VALIDATION_LOSS);
        assertThat(finished.state()).isEqualTo(Leaderboard.TrialState.SUCCEEDED);
        assertThat(finished.mean()).isEqualTo(0.40);
        assertThat(finished.done()).isTrue();

        // still winding down after the request: pruned, not done
        Leaderboard.Trial stopping = Leaderboard.trial(
                2,
                2,
                List.of(job(0, JobStatus.SUCCEEDED, null, 0.30), job(1, JobStatus.RUNNING, "pruned", null)),
                Objective.VALIDATION_LOSS);
        assertThat(stopping.state()).isEqualTo(Leaderboard.TrialState.PRUNED);
        assertThat(stopping.done()).isFalse();
    }

    @Test
    void aSpreadNeedsTwoScores() {
        Leaderboard.Trial folds = Leaderboard.trial(
                2,
                2,
                List.of(job(0, JobStatus.SUCCEEDED, null, 0.30), job(1, JobStatus.SUCCEEDED, null, 0.50)),
                Objective.VALIDATION_LOSS);
        assertThat(folds.mean()).isEqualTo(0.40);
        assertThat(folds.std()).isCloseTo(0.10, within(1e-12));

        // a holdout: one job, one score, and a spread of 0 would claim a certainty nobody measured
        Leaderboard.Trial holdout =
                Leaderboard.trial(2, 1, List.of(job(0, JobStatus.SUCCEEDED, null, 0.30)), Objective.VALIDATION_LOSS);
        assertThat(holdout.mean()).isEqualTo(0.30);
        assertThat(holdout.std()).isNull();
    }

    private static SweepJob job(int fold, JobStatus status, String cancelReason, Double validationLoss) {
        Instant t = Instant.parse("2026-12-04T12:00:00Z");
        return new SweepJob(
                "job-" + fold,
                2,
                fold,
                status,
                30,
                30,
                validationLoss == null ? null : 20,
                cancelReason,
                null,
                null,
                null,
                t,
                t,
                status.isTerminal() ? t : null,
                validationLoss == null ? null : new Metrics(validationLoss, 0.9, null, 0.05));
    }
}
