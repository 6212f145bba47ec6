package io.dropwise.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The result CSV's floats ({@code FloatTextTests.append}, and {@link FloatText} that the result chunks are written with):
 * every one reads back as the same float bits, is never longer than JDK 17's {@link Float#toString} (which gives the
 * same float, sometimes with more digits), and is the text Jackson writes with {@code USE_FAST_DOUBLE_WRITER}, as
 * {@code /predict} does; {@link FloatText} writes the very text of jackson-core's {@code FloatToDecimal}.
 */
class FloatTextTests {

    /**
     * A float as {@code /predict}'s JSON writes it (Jackson's {@code USE_FAST_DOUBLE_WRITER}, which the application
     * enables): Schubfach's shortest decimal that reads back as the same float, in {@link Float#toString}'s format
     * (JDK 17's {@code StringBuilder.append(float)} gives the same float back but sometimes more digits). The text
     * {@link FloatText} must write into bytes, for the tests to compare with.
     */
    static void append(StringBuilder csv, float v) {
        csv.append(tools.jackson.core.io.schubfach.FloatToDecimal.toString(v));
    }

    private static final JsonMapper FAST = JsonMapper.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    @Test
    void twoMillionRandomBitPatternsReadBackAsTheSameBits() {
        SplittableRandom random = new SplittableRandom(12);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000_000; i++) {
            int bits = random.nextInt();
            if (i % 4 == 0) { // a quarter among the subnormals and the smallest normals
                bits = (bits & 0x80000000) | (bits & 0x00ffffff);
            }
            roundTrip(text, Float.intBitsToFloat(bits), i % 8 == 0);
        }
    }

    @Test
    void boundariesPowersOfTenAndTheFormatSwitchesReadBackAsTheSameBits() {
        StringBuilder text = new StringBuilder();
        for (float v : specials()) {
            roundTrip(text, v, true);
            roundTrip(text, -v, true);
        }
        assertThat(text(0f)).isEqualTo("0.0");
        assertThat(text(-0f)).isEqualTo("-0.0");
        assertThat(text(1f)).isEqualTo("1.0");
        assertThat(text(0.001f)).isEqualTo("0.001");
        assertThat(text(9.999999e-4f)).isEqualTo("9.999999E-4");
        assertThat(text(1e7f)).isEqualTo("1.0E7");
        assertThat(text(9999999f)).isEqualTo("9999999.0");
        assertThat(text(Float.MIN_VALUE)).isEqualTo("1.4E-45");
        assertThat(text(Float.MAX_VALUE)).isEqualTo("3.4028235E38");
        assertThat(text(Float.NaN)).isEqualTo("NaN");
        assertThat(text(Float.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(text(Float.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(text(2.0E-8f)).isEqualTo("2.0E-8");
        assertThat(text(-Float.intBitsToFloat(0x03b2693b)))
                .isEqualTo("-1.04860595E-36")
                .hasSize(FloatText.MAX_LENGTH);
        // JDK 17 writes 1.18846831E13 for this float; the shortest text that reads back as it is one digit less
        assertThat(text(1.18846831E13f)).isEqualTo("1.1884683E13");
    }

    @Test
    void theTextIsWhatJacksonsFastWriterWritesAsPredictDoes() {
        SplittableRandom random = new SplittableRandom(5);
        List<Float> values = new ArrayList<>(specials());
        for (int i = 0; i < 50_000; i++) {
            values.add(Float.intBitsToFloat(random.nextInt()));
            values.add(random.nextFloat()); // probabilities
        }
        for (float v : values) {
            if (Float.isFinite(v)) {
                assertThat(text(v)).as("%08x", Float.floatToRawIntBits(v)).isEqualTo(FAST.writeValueAsString(v));
            }
        }
    }

    /** @param shortest also check the text is no longer than JDK 17's (slow: on a sample) */
    private static void roundTrip(StringBuilder text, float v, boolean shortest) {
        text.setLength(0);
        FloatTextTests.append(text, v);
        String s = text.toString();
        if (!s.equals(bytesText(v))) {
            assertThat(bytesText(v))
                    .as("%08x in bytes", Float.floatToRawIntBits(v))
                    .isEqualTo(s);
        }
        if (Float.floatToRawIntBits(Float.parseFloat(s)) != Float.floatToRawIntBits(v)
                || (shortest && s.length() > Float.toString(v).length())) {
            assertThat(s)
                    .as("%08x: reads back as the same bits, no longer than %s", Float.floatToRawIntBits(v), v)
                    .isEqualTo(Float.toString(v));
        }
    }

    private static String text(float v) {
        StringBuilder text = new StringBuilder();
        FloatTextTests.append(text, v);
        assertThat(bytesText(v)).as("%08x in bytes", Float.floatToRawIntBits(v)).isEqualTo(text.toString());
        return text.toString();
    }

    /** {@link FloatText}'s text of {@code v}, written after a few bytes already there. */
    private static String bytesText(float v) {
        byte[] out = new byte[3 + FloatText.MAX_LENGTH];
        out[0] = 'x';
        int end = FloatText.write(v, out, 3);
        assertThat(out[0]).isEqualTo((byte) 'x');
        return new String(out, 3, end - 3, StandardCharsets.US_ASCII);
    }

    private static List<Float> specials() {
        List<Float> values = new ArrayList<>(List.of(
                0f,
                Float.MIN_VALUE,
                2 * Float.MIN_VALUE,
                Float.MIN_NORMAL,
                Math.nextDown(Float.MIN_NORMAL),
                Math.nextUp(Float.MIN_NORMAL),
                Float.MAX_VALUE,
                Math.nextDown(Float.MAX_VALUE),
                1f,
                Math.nextUp(1f),
                Math.nextDown(1f),
                0.001f,
                Math.nextDown(0.001f),
                1e7f,
                Math.nextDown(1e7f),
                Math.nextUp(1e7f)));
        for (int e = -45; e <= 38; e++) {
            float p = Float.parseFloat("1e" + e);
            values.add(p);
            values.add(Math.nextUp(p));
            values.add(Math.nextDown(p));
        }
        for (int e = -149; e <= 127; e++) {
            float p = Math.scalb(1f, e);
            values.add(p);
            values.add(Math.nextUp(p));
            values.add(Math.nextDown(p));
        }
        return values;
    }
}
