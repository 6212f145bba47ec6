package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwise.config.LimitsProperties;
import io.dropwise.config.PredictionProperties;
import io.dropwise.engine.McPrediction;
import io.dropwise.model.ModelVersionRef;
import io.dropwise.prediction.PredictionGuard.MonteCarlo;
import io.dropwise.prediction.TrainedModels.Trained;
import io.dropwise.web.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The MC slots and the deadline of {@link PredictionGuard}, without a server. */
class PredictionGuardTests {

    private static final float[][] ROWS = {{4, 0, 1, 0}, {2, 1, 0, 0}};

    private final LimitsProperties limits =
            new LimitsProperties(50_000_000, 4096, 16, 10_000, 8192, 67_108_864, 1_000_000, 4096, 1024, 1000, 100);
    private final Trained trained = TrainedModels.mixedRegression();
    private final ServedModel served =
            ServedModel.of(new ModelVersionRef("m", 1), trained.model(), trained.schema(), 1);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private PredictionGuard guard(Duration timeout, int slots, int queued) {
        return new PredictionGuard(
                limits,
                new PredictionProperties(
                        1 << 20, Duration.ofSeconds(2), 50, 0, 10_000_000_000L, timeout, slots, queued),
                meters);
    }

    @Test
    void aRequestOverTheDeadlineStopsWith503() {
        PredictionGuard guard = guard(Duration.ZERO, 1, 0);
        assertThatThrownBy(() -> guard.monteCarlo(served, ROWS, new MonteCarlo(100, 1)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.type().toString()).endsWith("/prediction-timeout");
                    assertThat(e.getBody().getDetail()).contains("dropwise.prediction.timeout");
                });
        assertThat(meters.counter("dropwise.predictions.monte.carlo", "outcome", "timeout")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void whenEverySlotAndQueuePlaceIsTakenTheNextMonteCarloRequestIs503AtOnce() throws Exception {
        PredictionGuard guard = guard(Duration.ofMinutes(1), 1, 0);
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the first request's connection check runs inside its slot: it holds the slot until released
        BooleanSupplier holdSlot = () -> {
            computing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        };
        CompletableFuture<McPrediction> first = CompletableFuture.supplyAsync(() -> {
            MockHttpServletRequest request = new MockHttpServletRequest();
            request.setAttribute(ClientConnection.ATTRIBUTE, holdSlot);
            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
            try {
                return guard.monteCarlo(served, ROWS, new MonteCarlo(10, 1));
            } finally {
                RequestContextHolder.resetRequestAttributes();
            }
        });
        assertThat(computing.await(30, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> guard.monteCarlo(served, ROWS, new MonteCarlo(10, 1)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.type().toString()).endsWith("/prediction-busy");
                    assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("1");
                });
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).mean())
                .isEqualTo(trained.model().predictMonteCarlo(ROWS, 10, 1).mean());
        // the slot is free again
        assertThat(guard.monteCarlo(served, ROWS, new MonteCarlo(10, 1)).std())
                .isEqualTo(trained.model().predictMonteCarlo(ROWS, 10, 1).std());
    }
}
