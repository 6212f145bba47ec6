package io.dropwise.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scoring during an upload stops, for the rest of it, once the parser has waited its budget for it. */
class UploadScoringTests {

    private final ChunkScorer scorer = mock(ChunkScorer.class);

    @Test
    void theFirstChunksAreScoredUntilTheWaitsExceedTheBudgetThenTheRestGoesToTheQueue() {
        UploadScoring pace = new UploadScoring(scorer, Duration.ofMillis(10));
        assertThat(pace.next(1024)).isSameAs(scorer);
        pace.waited(Duration.ofMillis(6).toNanos());
        assertThat(pace.next(1024)).isSameAs(scorer);
        pace.waited(Duration.ofMillis(4).toNanos()); // 10 ms in all: still within the budget
        assertThat(pace.scoring()).isTrue();
        assertThat(pace.next(1024)).isSameAs(scorer);
        pace.waited(1); // beyond it
        assertThat(pace.scoring()).isFalse();
        assertThat(pace.next(1024)).isNull();
        assertThat(pace.next(17)).isNull();
        pace.waited(Duration.ofSeconds(1).toNanos());

        assertThat(pace.chunks()).as("a prefix: the first three chunks").isEqualTo(3);
        assertThat(pace.rows()).isEqualTo(3 * 1024);
    }

    @Test
    void withoutAScorerNothingIsScored() {
        UploadScoring pace = new UploadScoring(null, Duration.ofSeconds(5));
        assertThat(pace.scoring()).isFalse();
        assertThat(pace.next(1024)).isNull();
        assertThat(pace.chunks()).isZero();
        assertThat(pace.rows()).isZero();
    }
}
