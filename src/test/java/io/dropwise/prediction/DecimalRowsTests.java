package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link DecimalRows} takes the common body and gives exactly the rows {@link NumericInstances} reads through
 * Jackson (float for float, bit for bit); whatever it does not take it leaves to that path (null).
 */
class DecimalRowsTests {

    /** The application's reading settings that matter here (Spring Boot's defaults plus ours). */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(tools.jackson.databind.DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private static final ObjectReader READER = JSON.readerFor(PredictRequest.class);

    private static float[][] direct(String body) {
        return DecimalRows.read(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Taken: the very rows Jackson's tokens give. */
    private static float[][] sameAsJackson(String body) {
        float[][] rows = direct(body);
        assertThat(rows).as(body).isNotNull();
        float[][] jackson = NumericInstances.read(READER, body.getBytes(StandardCharsets.UTF_8));
        assertThat(jackson).as(body).isNotNull().hasNumberOfRows(rows.length);
        for (int r = 0; r < rows.length; r++) {
            assertThat(bits(rows[r])).as("%s, row %d", body, r).containsExactly(bits(jackson[r]));
        }
        return rows;
    }

    private static int[] bits(float[] row) {
        int[] bits = new int[row.length];
        for (int j = 0; j < row.length; j++) {
            bits[j] = Float.floatToRawIntBits(row[j]);
        }
        return bits;
    }

    @Test
    void theLoadersDefaultSettingsLetItRead() {
        assertThat(DecimalRows.applies(READER)).isTrue();
    }

    @Test
    void readsRowsOfNumbersAsJacksonDoes() {
        float[][] rows = sameAsJackson(
                "{\"instances\":[[5.1,3.5,1.4,0.2],[0,-0.0,1e-3,-2E+2],[12345678901,0.1234567890123456789]]}");
        assertThat(rows[0]).containsExactly(5.1f, 3.5f, 1.4f, 0.2f);
        assertThat(Float.floatToRawIntBits(rows[1][1])).isEqualTo(Float.floatToRawIntBits(-0.0f));
    }

    @Test
    void anIntegerMinusZeroIsZeroAsAnIntegerOfJacksons() {
        float[][] rows = sameAsJackson("{\"instances\":[[-0,-0.0,-0e0,0E-0,-0.000e+5]]}");
        assertThat(Float.floatToRawIntBits(rows[0][0])).isZero();
        assertThat(Float.floatToRawIntBits(rows[0][1])).isEqualTo(Float.floatToRawIntBits(-0.0f));
    }

    @Test
    void whitespaceAndLineBreaksDoNotMatter() {
        assertThat(sameAsJackson(" {\n \"instances\" : [ [ 1 , 2.5 ] ,\r\n [3,\t4] ] }\n"))
                .isDeepEqualTo(new float[][] {{1, 2.5f}, {3, 4}});
    }

    @Test
    void edgesOfTheExactPathGiveJacksonsFloats() {
        sameAsJackson("{\"instances\":[[999999999999999,9999999999999999,0.999999999999999,0.9999999999999999,"
                + "1e22,1e23,1e-22,1e-23,123456789012345e22,123456789012345e-22,4.9e-324,2.2250738585072014e-308,"
                + "3.4028234e38,-3.4028234e38,3.4028234663852886e38,1.4e-45,7e-46,0.41964287,1.0E-4,"
                + "999999999999999999,-999999999999999999,9007199254740993,9007199254740993.0,"
                + "0.30000000000000004,100000000000000000000e-20,0.0000000000000000000000000001e28]]}");
    }

    @Test
    void eightDigitsAtOnceAreReadAsOneByOne() {
        Random random = new Random(11);
        byte[] near = {'0', '1', '5', '8', '9', '/', ':', ';', '?', ' ', ',', '.', 'e', 0x70, (byte) 0xB0, (byte) 0xF9};
        for (int k = 0; k < 1_000_000; k++) {
            byte[] b = new byte[10];
            int at = random.nextInt(3);
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(4) == 0 ? near[random.nextInt(near.length)] : (byte) ('0' + random.nextInt(10));
            }
            long expected = 0;
            for (int i = at; i < at + 8 && expected >= 0; i++) {
                expected = b[i] >= '0' && b[i] <= '9' ? expected * 10 + (b[i] - '0') : -1;
            }
            assertThat(DecimalRows.eightDigits(b, at))
                    .as("%s at %d", java.util.Arrays.toString(b), at)
                    .isEqualTo(expected);
        }
        assertThat(DecimalRows.eightDigits("99999999".getBytes(StandardCharsets.US_ASCII), 0))
                .isEqualTo(99_999_999L);
        assertThat(DecimalRows.eightDigits("01234567".getBytes(StandardCharsets.US_ASCII), 0))
                .isEqualTo(1_234_567L);
    }

    @Test
    void randomWhitespaceAroundRandomNumbersGivesJacksonsRows() {
        Random random = new Random(13);
        String[] spaces = {"", "", "", " ", "\n", "\t ", "\r\n  "};
        for (int body = 0; body < 2_000; body++) {
            StringBuilder text = new StringBuilder("{\"instances\":[");
            int rows = 1 + random.nextInt(3);
            for (int r = 0; r < rows; r++) {
                text.append(r == 0 ? "" : ",")
                        .append(spaces[random.nextInt(spaces.length)])
                        .append('[');
                int values = 1 + random.nextInt(12);
                for (int j = 0; j < values; j++) {
                    text.append(j == 0 ? "" : ",")
                            .append(spaces[random.nextInt(spaces.length)])
                            .append(random.nextInt(3) == 0 ? randomNumber(random) : plainNumber(random))
                            .append(spaces[random.nextInt(spaces.length)]);
                }
                text.append(']').append(spaces[random.nextInt(spaces.length)]);
            }
            sameAsJackson(text.append("]}").toString());
        }
    }

    /** A number of the common form, {@code -?digits(.digits)?}, of 1 to 24 digits. */
    private static String plainNumber(Random random) {
        StringBuilder s = new StringBuilder(random.nextInt(3) == 0 ? "-" : "");
        int integer = 1 + random.nextInt(random.nextBoolean() ? 2 : 12);
        s.append(integer == 1 ? String.valueOf(random.nextInt(10)) : String.valueOf(1 + random.nextInt(9)));
        for (int i = 1; i < integer; i++) {
            s.append(random.nextInt(10));
        }
        if (random.nextInt(5) != 0) {
            s.append('.');
            for (int i = 1 + random.nextInt(random.nextBoolean() ? 9 : 17); i > 0; i--) {
                s.append(random.nextInt(10));
            }
        }
        return s.toString();
    }

    @Test
    void randomDecimalTextsGiveJacksonsFloats() {
        Random random = new Random(7);
        for (int body = 0; body < 200; body++) {
            StringBuilder text = new StringBuilder("{\"instances\":[[");
            for (int j = 0; j < 1000; j++) {
                text.append(j == 0 ? "" : ",").append(randomNumber(random));
            }
            sameAsJackson(text.append("]]}").toString());
        }
    }

    /**
     * A JSON number within the float range: digits, fraction and exponent of random lengths (up to 32 significant
     * digits), or a float's or double's own text.
     */
    static String randomNumber(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return Float.toString(random.nextFloat() * (float) Math.pow(10, random.nextInt(20) - 10));
            case 1:
                return Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            default:
                StringBuilder s = new StringBuilder(random.nextBoolean() ? "-" : "");
                int integer = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(12);
                s.append(integer == 0 ? "0" : String.valueOf(1 + random.nextInt(9)));
                for (int i = 1; i < integer; i++) {
                    s.append(random.nextInt(10));
                }
                if (random.nextInt(4) != 0) {
                    s.append('.');
                    for (int i = 1 + random.nextInt(random.nextBoolean() ? 8 : 20); i > 0; i--) {
                        s.append(random.nextInt(10));
                    }
                }
                if (random.nextInt(3) == 0) {
                    boolean negative = random.nextBoolean();
                    s.append(random.nextBoolean() ? 'e' : 'E')
                            .append(negative ? "-" : random.nextBoolean() ? "+" : "")
                            .append(random.nextInt(negative ? 60 : 26)); // within the float range
                }
                return s.toString();
        }
    }

    @Test
    void whatItLeavesToJacksonJacksonTakes() {
        for (String body : new String[] {
            "{\"instances\":[[1,1e39]]}",
            "{\"instances\":[[1,-1e309]]}",
            "{\"instances\":[[1,1234567890123456789]]}",
            "{\"instances\":[[1,0.000000000000000000000000000000000000000000000000000000000000001]]}",
            "{\"instances\":[[]]}",
            "{\"instances\":[]}",
            "{\"\\u0069nstances\":[[1,2]]}",
            "\uFEFF{\"instances\":[[1,2]]}",
        }) {
            assertThat(direct(body)).as(body).isNull();
            assertThat(NumericInstances.read(READER, body.getBytes(StandardCharsets.UTF_8)))
                    .as(body)
                    .isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"instances\":[[1,NaN]]}",
                "{\"instances\":[[1,Infinity]]}",
                "{\"instances\":[[1,-Infinity]]}",
                "{\"instances\":[[1,\"NaN\"]]}",
                "{\"instances\":[[1,\"2\"]]}",
                "{\"instances\":[[1,null]]}",
                "{\"instances\":[[1,true]]}",
                "{\"instances\":[[1,[2]]]}",
                "{\"instances\":[[1,{\"a\":2}]]}",
                "{\"instances\":[[1.2.3]]}",
                "{\"instances\":[[01]]}",
                "{\"instances\":[[-01.5]]}",
                "{\"instances\":[[-]]}",
                "{\"instances\":[[.5]]}",
                "{\"instances\":[[5.]]}",
                "{\"instances\":[[1e]]}",
                "{\"instances\":[[1e+]]}",
                "{\"instances\":[[+1]]}",
                "{\"instances\":[[0x10]]}",
                "{\"instances\":[[1,,2]]}",
                "{\"instances\":[[1,2,]]}",
                "{\"instances\":[[1 2]]}",
                "{\"instances\":[[1,2]",
                "{\"instances\":[[1,2]]",
                "{\"instances\":[[1,2]]} x",
                "{\"instances\":[[1,2]]}{}",
                "{\"instances\":[[1,2]],\"instances\":[[3,4]]}",
                "{\"instances\":[[1,2]],\"mcDropout\":{\"samples\":5}}",
                "{\"mcDropout\":{\"samples\":5},\"instances\":[[1,2]]}",
                "{\"instances\":[[1,2]],\"foo\":1}",
                "{\"instances\":[{\"a\":1}]}",
                "{\"instances\":[5.1]}",
                "{\"instances\":5}",
                "{\"instances\":null}",
                "{\"instances\":[[1,2]]}\u0000",
                "{\"instances\"\u000b:[[1,2]]}",
                "{}",
                "[]",
                "",
                "{\"Instances\":[[1,2]]}",
            })
    void anyOtherBodyIsLeftToJackson(String body) {
        assertThat(direct(body)).isNull();
    }
}
