package io.dropwise.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast decimal path, from text and from bytes, gives exactly what {@code Double.parseDouble(text.trim())} gives, or
 * steps aside.
 */
class RowEncoderTests {

    @Test
    void plainDecimalsGiveTheBitsOfParseDouble() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            String text = switch (i % 5) {
                case 0 -> Integer.toString(random.nextInt(256));
                case 1 -> String.format(Locale.ROOT, "%.1f", random.nextDouble() * 10);
                case 2 ->
                    new BigDecimal(random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6))
                            .round(new MathContext(1 + random.nextInt(15)))
                            .toPlainString();
                case 3 -> digits(random, 1 + random.nextInt(15));
                default ->
                    (random.nextBoolean() ? "-" : "+") + digits(random, 1 + random.nextInt(8)) + "."
                            + digits(random, random.nextInt(8));
            };
            assertSame(text);
        }
    }

    @Test
    void edgeCasesMatchOrStepAside() {
        for (String text : List.of(
                "0",
                "-0",
                "-0.0",
                "+0",
                "1.",
                ".5",
                "-.5",
                "007",
                "  12 ",
                "\t3.25",
                "999999999999999",
                "0.000000000000001",
                "123456789012.345",
                "4.35",
                "0.1",
                "2.675")) {
            assertSame(text);
        }
        for (String text : List.of(
                "",
                " ",
                ".",
                "-",
                "+",
                "1e5",
                "1E-3",
                "NaN",
                "Infinity",
                "1d",
                "0x10",
                "1.2.3",
                "1,5",
                "--1",
                "1234567890123456",
                "0.1234567890123456",
                "12a",
                "١٢")) {
            assertThat(RowEncoder.parse(text))
                    .as("'%s' takes the schema's path", text)
                    .isNaN();
        }
    }

    private static void assertSame(String text) {
        double fast = RowEncoder.parse(text);
        if (text.replace("-", "").replace("+", "").replace(".", "").trim().length() > 15) {
            assertThat(fast).as(text).isNaN();
            return;
        }
        assertThat(Double.doubleToRawLongBits(fast))
                .as("'%s'", text)
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text.trim())));
    }

    private static String digits(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }
}
