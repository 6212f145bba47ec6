package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The watcher's decisions from what the database says about this instance's runs. */
@ExtendWith(OutputCaptureExtension.class)
class RunningJobsTests {

    private final TrainingJobRepository repository = mock(TrainingJobRepository.class);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @SuppressWarnings("unchecked")
    private final RunningJobs jobs = new RunningJobs(
            repository, timer, mock(ObjectProvider.class), TrainingBudgetTests.trainingProperties(2, 0));

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aRunLostToAnotherAttemptIsFencedAndSaidOnceWhileItFinishesItsBatch(CapturedOutput output) {
        RunningJobs.Run run = jobs.register("job-a", 1);
        when(repository.signals(anyCollection()))
                .thenReturn(List.of(new JobSignal("job-a", JobStatus.RUNNING, 2, false)));

        jobs.watch();
        jobs.watch();
        jobs.watch();

        assertThat(run.stopReason()).isEqualTo(RunningJobs.StopReason.FENCED);
        assertThat(output.getOut().split("no longer belongs to this worker", -1))
                .as("one warning, not one per watch round")
                .hasSize(2);
    }

    @Test
    void aCancelReachesTheRunAndAnUnchangedRunIsLeftAlone() {
        RunningJobs.Run cancelled = jobs.register("job-a", 1);
        RunningJobs.Run untouched = jobs.register("job-b", 3);
        when(repository.signals(anyCollection()))
                .thenReturn(List.of(
                        new JobSignal("job-a", JobStatus.RUNNING, 1, true),
                        new JobSignal("job-b", JobStatus.RUNNING, 3, false)));

        jobs.watch();

        assertThat(cancelled.stopReason()).isEqualTo(RunningJobs.StopReason.CANCEL);
        assertThat(untouched.stopRequested()).isFalse();
    }
}
