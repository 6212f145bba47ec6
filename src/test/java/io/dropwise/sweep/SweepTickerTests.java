package io.dropwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.dropwise.config.SweepProperties;
import io.dropwise.training.SweepJobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** How often an instance looks at the unfinished sweeps: every tick while there are some, rarely while there are none. */
class SweepTickerTests {

    private final SweepRepository sweeps = mock(SweepRepository.class);
    private final SweepCoordinator coordinator = mock(SweepCoordinator.class);
    private final List<String> open = new ArrayList<>();
    private int looks;
    private Runnable duringLook = () -> {};

    /** 500 ms ticks, a look every 5 s while idle: one look, then 9 ticks skipped. */
    private final SweepTicker ticker = new SweepTicker(
            coordinator,
            sweeps,
            mock(SweepJobs.class),
            new SweepProperties(1000, Duration.ofMillis(500), Duration.ofSeconds(5)),
            JsonMapper.shared());

    SweepTickerTests() {
        when(sweeps.idsByStatus(anyCollection())).thenAnswer(call -> {
            looks++;
            List<String> read = List.copyOf(open);
            duringLook.run();
            return read;
        });
    }

    @AfterEach
    void stop() {
        ticker.stop();
    }

    @Test
    void withNoOpenSweepAnInstanceLooksOncePerIdleInterval() {
        ticks(21);

        assertThat(looks).as("ticks 1, 11 and 21 look").isEqualTo(3);
        verify(coordinator, never()).advance(anyString());
    }

    @Test
    void openSweepsAreLookedAtEveryTick() {
        open.add("sweep-1");

        ticks(5);

        assertThat(looks).isEqualTo(5);
        verify(coordinator, times(5)).advance("sweep-1");
    }

    @Test
    void aWakeMakesTheNextTickLook() {
        ticks(1);
        ticks(3);
        assertThat(looks).isEqualTo(1);

        open.add("sweep-2");
        ticker.wake(); // a sweep submitted on this instance
        ticks(1);

        assertThat(looks).isEqualTo(2);
        verify(coordinator).advance("sweep-2");
        ticks(2);
        assertThat(looks).as("open again: every tick").isEqualTo(4);
    }

    @Test
    void aWakeDuringALookThatFindsNothingIsNotLost() {
        duringLook = () -> {
            if (looks == 1) {
                open.add("sweep-3"); // committed by another thread after the query read the table
                ticker.wake();
            }
        };

        ticks(1);
        ticks(1);

        assertThat(looks).isEqualTo(2);
        verify(coordinator).advance("sweep-3");
    }

    @Test
    void aSweepEndingHereWakesTheTicker() {
        ticks(1);
        ticker.soon("sweep-4");
        ticks(1);

        assertThat(looks).isEqualTo(2);
    }

    private void ticks(int n) {
        for (int i = 0; i < n; i++) {
            ticker.tick();
        }
    }
}
