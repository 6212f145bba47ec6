package io.dropwise.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CsvBytes} gives the UTF-8 bytes of the text the {@code StringBuilder} forms give ({@link
 * ChunkCodec#appendField}, {@code FloatTextTests.append}), and a chunk packed from them is the chunk packed from that text.
 */
class CsvBytesTests {

    private static final String[] FIELDS = {
        "", "7", "r12", "a,b", "say \"hi\"", " lead", "trail ", "two\nlines", "cr\r", "é", "✓ done", "x\"é✓,", "\t"
    };

    @Test
    void fieldsAndFloatsAreTheBytesOfTheStringForms() {
        Random random = new Random(8);
        for (int chunk = 0; chunk < 200; chunk++) {
            StringBuilder text = new StringBuilder();
            CsvBytes bytes = new CsvBytes(random.nextInt(40)); // small: it grows
            for (int r = 0; r < 1 + random.nextInt(50); r++) {
                String field = FIELDS[random.nextInt(FIELDS.length)];
                ChunkCodec.appendField(text, field);
                bytes.appendField(field);
                for (int k = 0; k < random.nextInt(12); k++) {
                    float v = random.nextBoolean()
                            ? Float.intBitsToFloat(random.nextInt())
                            : (float) Math.exp(random.nextGaussian() * 8);
                    FloatTextTests.append(text.append(','), v);
                    bytes.append(',').append(v);
                }
                text.append('\n');
                bytes.append('\n');
            }
            byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
            assertThat(Arrays.copyOf(bytes.bytes(), bytes.length())).isEqualTo(utf8);
            assertThat(ChunkCodec.text(bytes.bytes(), bytes.length())).isEqualTo(ChunkCodec.text(text.toString()));
        }
    }
}
