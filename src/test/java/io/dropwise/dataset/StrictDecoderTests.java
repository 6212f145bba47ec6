package io.dropwise.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictDecoderTests {

    @Test
    void decodesCharactersSplitAcrossItsBuffer() throws IOException {
        for (int pad = 8185; pad <= 8195; pad++) {
            String text = "x".repeat(pad) + "é€𝄞,ok\n";
            assertThat(decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
        }
    }

    @Test
    void emptyInputIsEmptyAndStaysAtItsEnd() throws IOException {
        try (Reader reader = new StrictDecoder(new ByteArrayInputStream(new byte[0]), StandardCharsets.UTF_8)) {
            assertThat(reader.read(new char[4], 0, 4)).isEqualTo(-1);
            assertThat(reader.read(new char[4], 0, 4)).isEqualTo(-1);
        }
    }

    @Test
    void aBadByteIsNamedByItsOffsetWhereverItIs() {
        for (int offset : new int[] {0, 17, 8191, 8192, 20_000}) {
            byte[] bytes = "a".repeat(offset + 10).getBytes(StandardCharsets.US_ASCII);
            bytes[offset] = (byte) 0xE9;
            assertThatThrownBy(() -> decode(bytes))
                    .isInstanceOf(InvalidDatasetException.class)
                    .hasMessageContaining("not valid UTF-8")
                    .hasMessageContaining("byte offset " + offset + " (0xE9)");
        }
    }

    @Test
    void aSequenceCutOffByTheEndIsNamedToo() {
        byte[] bytes = {'a', ',', 'b', (byte) 0xE2, (byte) 0x82};
        assertThatThrownBy(() -> decode(bytes)).hasMessageContaining("byte offset 3 (0xE2");
    }

    private static String decode(byte[] bytes) throws IOException {
        StringWriter out = new StringWriter();
        try (Reader reader = new StrictDecoder(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            reader.transferTo(out);
        }
        return out.toString();
    }
}
