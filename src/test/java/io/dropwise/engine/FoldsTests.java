package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Cross-validation folds: a partition of the rows, stratified, seeded. */
class FoldsTests {

    /** 103 rows over 3 unbalanced classes (50, 33, 20), interleaved. */
    private static Dataset data() {
        int rows = 103;
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = r < 60 ? r % 2 : r < 80 ? 2 : r % 3 == 0 ? 1 : 0;
        }
        return Dataset.classification(rows, 1, new float[rows], labels, 3);
    }

    @Test
    void foldsAreDisjointAndCoverEveryRow() {
        Dataset data = data();
        for (int k : new int[] {2, 3, 5, 10}) {
            int[][] folds = Folds.kFold(data, k, 7);
            int[] all =
                    Arrays.stream(folds).flatMapToInt(Arrays::stream).sorted().toArray();
            assertThat(all)
                    .as("k=%d: the union is every row, once", k)
                    .isEqualTo(IntStream.range(0, 103).toArray());
            int smallest = Arrays.stream(folds).mapToInt(f -> f.length).min().orElseThrow();
            int largest = Arrays.stream(folds).mapToInt(f -> f.length).max().orElseThrow();
            assertThat(largest - smallest).as("k=%d: fold sizes", k).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void everyFoldHoldsEachClassInProportionWithinOneRow() {
        Dataset data = data();
        int[] classRows = new int[3];
        Arrays.stream(data.labels()).forEach(l -> classRows[l]++);
        for (int k : new int[] {2, 3, 5, 10}) {
            for (int[] fold : Folds.kFold(data, k, 11)) {
                for (int c = 0; c < 3; c++) {
                    int cls = c;
                    long inFold = Arrays.stream(fold)
                            .filter(r -> data.labels()[r] == cls)
                            .count();
                    double expected = (double) classRows[c] / k;
                    assertThat(Math.abs(inFold - expected))
                            .as("k=%d class %d: %d rows, expected %.2f", k, c, inFold, expected)
                            .isLessThan(1.0);
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameFoldsAndAnotherSeedOthers() {
        Dataset data = data();
        assertThat(Folds.kFold(data, 5, 3)).isDeepEqualTo(Folds.kFold(data, 5, 3));
        assertThat(Arrays.deepEquals(Folds.kFold(data, 5, 3), Folds.kFold(data, 5, 4)))
                .isFalse();
        assertThat(Folds.fold(data, 5, 2, 3)).isEqualTo(Folds.kFold(data, 5, 3)[2]);
    }

    @Test
    void regressionFoldsArePlainShuffles() {
        Dataset data = Dataset.regression(10, 1, new float[10], new float[10]);
        int[][] folds = Folds.kFold(data, 3, 1);
        assertThat(Arrays.stream(folds).mapToInt(f -> f.length)).containsExactlyInAnyOrder(4, 3, 3);
        assertThat(Folds.smallestClass(data)).isEqualTo(10);
    }

    @Test
    void refusesFewerThanTwoFoldsOrMoreThanRows() {
        assertThatThrownBy(() -> Folds.kFold(data(), 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Folds.kFold(data(), 104, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Folds.smallestClass(data())).isEqualTo(20);
    }

    @Test
    void aTrainerGivenAFoldValidatesOnExactlyThoseRows() {
        Dataset data = data();
        int[] fold = Folds.fold(data, 4, 1, 5);
        DataSplit split = DataSplit.explicit(data.rows(), fold);
        assertThat(split.validation()).isEqualTo(fold);
        assertThat(split.train().length + fold.length).isEqualTo(data.rows());
        assertThat(IntStream.of(split.train()).noneMatch(r -> Arrays.binarySearch(fold, r) >= 0))
                .isTrue();
    }
}
