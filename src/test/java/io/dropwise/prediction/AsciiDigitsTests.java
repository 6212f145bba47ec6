package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AsciiDigitsTests {

    @Test
    void everyNumberOfEightDigitsIsWrittenAsItsDigitsAndReadsBack() {
        for (int m = 0; m < 100_000_000; m++) { // the whole range: the lanes' divisions are exact in it
            long word = AsciiDigits.digits(m);
            if (AsciiDigits.value(word) != m || AsciiDigits.leadingDigits(word) != 8) {
                assertThat(text(word)).as("%d", m).isEqualTo(String.format("%08d", m));
            }
        }
        Random random = new Random(5);
        for (int n = 0; n < 200_000; n++) {
            int m = n < 100 ? edge(n) : random.nextInt(100_000_000);
            String expected = String.format("%08d", m);
            long word = AsciiDigits.digits(m);
            assertThat(text(word)).as("%d", m).isEqualTo(expected);
            int zeros = expected.length() - expected.replaceAll("0+$", "").length();
            assertThat(AsciiDigits.trailingZeros(word)).as("%d", m).isEqualTo(zeros);
        }
    }

    /** 0, 99999999 and the numbers either side of every power of ten. */
    private static int edge(int n) {
        int power = (int) Math.pow(10, n % 9); // 1 to 10^8
        int m = switch (n / 9) {
            case 0 -> power - 1;
            case 1 -> power;
            case 2 -> power + 1;
            default -> n * 1_010_101;
        };
        return Math.min(m, 99_999_999);
    }

    private static String text(long word) {
        byte[] bytes = new byte[8];
        AsciiDigits.put(bytes, 0, word);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
