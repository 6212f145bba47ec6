package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link NumericInstances} takes only the common shape and gives exactly the values the general mapping gives
 * ({@link PredictRequest} through the mapper, then {@code Number.doubleValue()} narrowed to float); everything else
 * is left to the general mapping (null).
 */
class NumericInstancesTests {

    /** The application's reading settings that matter here (Spring Boot's defaults plus ours). */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(tools.jackson.databind.DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private static final ObjectReader READER = JSON.readerFor(PredictRequest.class);

    private static float[][] fast(String body) {
        return NumericInstances.read(READER, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** What the general path makes of a numeric positional instance. */
    private static float[] general(String body, int instance) {
        PredictRequest request = READER.readValue(body);
        List<?> values = (List<?>) request.instances().get(instance);
        float[] row = new float[values.size()];
        for (int j = 0; j < row.length; j++) {
            row[j] = (float) ((Number) values.get(j)).doubleValue();
        }
        return row;
    }

    @Test
    void readsRowsOfNumbersAsTheGeneralMappingDoes() {
        String body = "{\"instances\":[[5.1,3.5,1.4,0.2],[0,-0.0,1e-3,-2E+2],[12345678901,0.1234567890123456789]]}";
        float[][] rows = fast(body);
        assertThat(rows).hasNumberOfRows(3);
        for (int i = 0; i < rows.length; i++) {
            assertThat(rows[i]).as("row %d", i).containsExactly(general(body, i));
        }
        assertThat(Float.floatToRawIntBits(rows[1][1])).isEqualTo(Float.floatToRawIntBits(-0.0f));
    }

    @Test
    void whitespaceAndLineBreaksDoNotMatter() {
        assertThat(fast(" {\n \"instances\" : [ [ 1 , 2.5 ] ,\r\n [3,4] ] }\n"))
                .isDeepEqualTo(new float[][] {{1, 2.5f}, {3, 4}});
    }

    @Test
    void randomDecimalTextsGiveTheSameFloatsAsTheGeneralMapping() {
        Random random = new Random(42);
        StringBuilder body = new StringBuilder("{\"instances\":[[");
        for (int j = 0; j < 5000; j++) {
            double v = switch (j % 5) {
                case 0 -> random.nextGaussian();
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(60) - 30);
                case 2 -> (float) random.nextDouble();
                case 3 -> random.nextInt(1 << 30) * (random.nextBoolean() ? 1 : -1);
                default -> Double.longBitsToDouble(random.nextLong()) % 1e30;
            };
            String text =
                    j % 5 == 3 ? Long.toString((long) v) : j % 2 == 0 ? Double.toString(v) : Float.toString((float) v);
            body.append(j == 0 ? "" : ",").append(Double.isFinite(v) ? text : "0");
        }
        String json = body.append("]]}").toString();
        assertThat(fast(json)[0]).containsExactly(general(json, 0));
    }

    @Test
    void aValueBeyondTheFloatRangeLeavesItsRowToTheGeneralPath() {
        float[][] rows = fast(
                "{\"instances\":[[1,2],[1e39,2],[1e309,2],[-3.4028236e38,1],[123456789012345678901234567890123456789012,1]]}");
        assertThat(rows[0]).containsExactly(1, 2);
        assertThat(rows[1]).isNull();
        assertThat(rows[2]).isNull();
        assertThat(rows[3]).isNull();
        assertThat(rows[4]).isNull();
        assertThat(fast("{\"instances\":[[3.4028234e38,-3.4028234e38,1e-50]]}")[0])
                .containsExactly(Float.MAX_VALUE, -Float.MAX_VALUE, 0f);
    }

    @Test
    void noInstancesAndEmptyRowsAreRowsToo() {
        assertThat(fast("{\"instances\":[]}")).isEmpty();
        assertThat(fast("{\"instances\":[[]]}")[0]).isEmpty();
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
                "{\"instances\":[[-]]}",
                "{\"instances\":[[.5]]}",
                "{\"instances\":[[1e]]}",
                "{\"instances\":[[+1]]}",
                "{\"instances\":[[0x10]]}",
                "{\"instances\":[[1,2]",
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
                "{}",
                "[]",
                "",
                "{\"Instances\":[[1,2]]}",
            })
    void anyOtherBodyIsLeftToTheGeneralMapping(String body) {
        assertThat(fast(body)).isNull();
    }
}
