package io.dropwise.prediction;

import io.dropwise.config.LimitsProperties;
import io.dropwise.config.PredictionProperties;
import io.dropwise.engine.McPrediction;
import io.dropwise.web.ApiException;
import io.dropwise.web.ProblemHandler.FieldProblem;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What one prediction request may cost, for both APIs: instances, MC samples, the work budget (rows × passes ×
 * parameters), and for Monte-Carlo dropout a bounded number of slots, a deadline and cancellation when the client
 * has gone. Plain predictions never wait here: MC requests queue only among themselves, and only a few of them.
 */
@Component
class PredictionGuard {

    /** MC dropout as asked for (defaults filled in). */
    record MonteCarlo(int samples, long seed) {}

    private static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final LimitsProperties limits;
    private final PredictionProperties properties;
    private final Semaphore computing;
    private final Semaphore admitted;
    private final MeterRegistry meters;

    PredictionGuard(LimitsProperties limits, PredictionProperties properties, MeterRegistry meters) {
        this.limits = limits;
        this.properties = properties;
        this.meters = meters;
        int slots = properties.maxConcurrentMonteCarlo() > 0
                ? properties.maxConcurrentMonteCarlo()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        this.computing = new Semaphore(slots, true);
        this.admitted = new Semaphore(slots + properties.maxQueuedMonteCarlo());
    }

    /** 400 for none, 413 for more than {@code dropwise.limits.max-instances-per-predict}. */
    void checkInstanceCount(long count, String field) {
        if (count <= 0) {
            throw new InvalidInstancesException(
                    field + " is empty: send at least one instance.",
                    List.of(new FieldProblem(field, "must contain at least one instance")),
                    null);
        }
        if (count > limits.maxInstancesPerPredict()) {
            throw new ApiException(
                            HttpStatus.PAYLOAD_TOO_LARGE,
                            "too-many-instances",
                            "Too many instances",
                            count + " instances in one call; at most " + limits.maxInstancesPerPredict()
                                    + " are accepted (dropwise.limits.max-instances-per-predict). Split the call.")
                    .with("errors", List.of(new FieldProblem(field, "at most " + limits.maxInstancesPerPredict())));
        }
    }

    /** Fills in the defaults and checks {@code samples} against {@code dropwise.limits.max-mc-samples}. */
    MonteCarlo monteCarlo(Integer samples, Long seed, String field) {
        int t = samples == null ? properties.defaultMcSamples() : samples;
        if (t < 1 || t > limits.maxMcSamples()) {
            String message = "must be between 1 and " + limits.maxMcSamples() + " (dropwise.limits.max-mc-samples)";
            throw PredictionProblems.invalidParameter(field, message + "; got " + t);
        }
        return new MonteCarlo(t, seed == null ? properties.defaultMcSeed() : seed);
    }

    /** 413 when {@code rows} passes (one, or 1 + samples with MC) over this model cost more than the budget. */
    void checkWork(ServedModel served, long rows, MonteCarlo mc, String samplesField) {
        long parameters = Math.max(1, served.model().spec().parameterCount());
        long passes = mc == null ? 1 : 1L + mc.samples();
        double work = (double) rows * passes * parameters;
        long max = properties.maxWork();
        if (work <= max) {
            return;
        }
        long maxRows = max / (passes * parameters);
        long maxSamples = max / (rows * parameters) - 1;
        long maxSamplesForOne = max / parameters - 1;
        String change = maxRows >= 1
                ? "Send at most " + maxRows + " instances per call"
                        + (mc != null && maxSamples >= 1
                                ? ", or at most " + maxSamples + " MC samples for " + rows + " instances"
                                : "")
                : mc != null && maxSamplesForOne >= 1
                        ? "Ask for at most " + maxSamplesForOne + " MC samples with one instance per call"
                        : "This model needs more than the limit for one instance; raise the limit";
        throw new ApiException(
                        HttpStatus.PAYLOAD_TOO_LARGE,
                        "prediction-too-expensive",
                        "Prediction too expensive",
                        String.format(
                                Locale.ROOT,
                                "This call costs %d instances × %d passes × %d parameters = %.3g "
                                        + "multiply-adds; one call may cost at most %d (dropwise.prediction.max-work). %s, or split "
                                        + "the call.",
                                rows,
                                passes,
                                parameters,
                                work,
                                max,
                                change))
                .with("work", work)
                .with("maxWork", max)
                .with(
                        "errors",
                        List.of(new FieldProblem(
                                mc == null ? "instances" : samplesField,
                                String.format(
                                        Locale.ROOT,
                                        "this call would cost %.3g multiply-adds; at most %d",
                                        work,
                                        max))));
    }

    /**
     * Runs MC dropout in one of the bounded slots, within {@code dropwise.prediction.timeout}, stopping between passes
     * when the deadline passes or the client of the current request has gone (503 either way).
     */
    McPrediction monteCarlo(ServedModel served, float[][] rows, MonteCarlo mc) {
        long deadline = System.nanoTime() + properties.timeout().toNanos();
        BooleanSupplier clientGone = ClientConnection.current();
        if (!admitted.tryAcquire()) {
            count("busy");
            throw PredictionProblems.busy(admitted.availablePermits());
        }
        try {
            awaitSlot(deadline, clientGone);
            try {
                Stop stop = new Stop(deadline, clientGone);
                try {
                    McPrediction result = served.model().predictMonteCarlo(rows, mc.samples(), mc.seed(), stop);
                    count("completed");
                    return result;
                } catch (CancellationException e) {
                    throw stopped(stop.clientGone);
                }
            } finally {
                computing.release();
            }
        } finally {
            admitted.release();
        }
    }

    private void awaitSlot(long deadline, BooleanSupplier clientGone) {
        try {
            while (!computing.tryAcquire(Math.min(100, remainingMillis(deadline)), TimeUnit.MILLISECONDS)) {
                if (clientGone.getAsBoolean()) {
                    throw stopped(true);
                }
                if (remainingMillis(deadline) <= 0) {
                    throw stopped(false);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopped(false);
        }
    }

    private ApiException stopped(boolean clientGone) {
        count(clientGone ? "client-gone" : "timeout");
        return clientGone ? PredictionProblems.clientGone() : PredictionProblems.timeout(properties.timeout());
    }

    private void count(String outcome) {
        meters.counter("dropwise.predictions.monte.carlo", "outcome", outcome).increment();
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /** Asked before every MC pass: the deadline on every call, the connection at most every 20 ms (a syscall). */
    private static final class Stop implements BooleanSupplier {
        private final long deadline;
        private final BooleanSupplier connection;
        private long nextProbe;
        boolean clientGone;

        Stop(long deadline, BooleanSupplier connection) {
            this.deadline = deadline;
            this.connection = connection;
            this.nextProbe = System.nanoTime();
        }

        @Override
        public boolean getAsBoolean() {
            long now = System.nanoTime();
            if (now - nextProbe >= 0) {
                nextProbe = now + PROBE_INTERVAL_NANOS;
                clientGone = connection.getAsBoolean();
            }
            return clientGone || now - deadline > 0;
        }
    }
}
