package io.dropwise.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/** Input chunks round-trip bit for bit, in the byte-plane format and from the format stored before it. */
class ChunkCodecTests {

    @Test
    void anInputChunkComesBackBitForBitWithItsPassedThroughFields() {
        Random random = new Random(7);
        List<String[]> passed = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        float[] specials = {0f, -0f, 1f, Float.MIN_VALUE, -Float.MAX_VALUE, 0.1f, 255f, Float.NaN};
        for (int r = 0; r < 300; r++) {
            passed.add(new String[] {"id-" + r, r % 7 == 0 ? "" : "é, \"quoted\" ✓ " + r});
            float[] row = new float[13];
            for (int j = 0; j < row.length; j++) {
                row[j] = j < specials.length && r % 2 == 0 ? specials[j] : (float) random.nextGaussian() * 100;
            }
            features.add(row);
        }
        byte[] data = ChunkCodec.input(passed, features);
        assertThat(data[0]).isEqualTo(ChunkCodec.PLANES);
        ChunkCodec.InputChunk chunk = ChunkCodec.readInput(data);
        assertThat(chunk.rows()).isEqualTo(300);
        for (int r = 0; r < 300; r++) {
            assertThat(chunk.passed().get(r)).containsExactly(passed.get(r));
            for (int j = 0; j < 13; j++) {
                assertThat(Float.floatToRawIntBits(chunk.features()[r][j]))
                        .as("row %d value %d", r, j)
                        .isEqualTo(Float.floatToRawIntBits(features.get(r)[j]));
            }
        }
    }

    @Test
    void wholeNumbersFrom0To255TakeOneByteEachAndAnythingElseTheFloatForm() {
        List<String[]> passed = new ArrayList<>();
        List<float[]> pixels = new ArrayList<>();
        for (int r = 0; r < 1024; r++) {
            passed.add(new String[] {Integer.toString(r)});
            float[] row = new float[784];
            for (int j = 0; j < row.length; j++) {
                row[j] = (r * 31 + j * 7) % 256;
            }
            pixels.add(row);
        }
        byte[] data = ChunkCodec.input(passed, pixels);
        assertThat(data[0]).isEqualTo(ChunkCodec.BYTES);
        assertThat(data.length).as("a byte per value").isLessThan(1024 * 784 + 1024 * 8 + 64);
        ChunkCodec.InputChunk chunk = ChunkCodec.readInput(data);
        for (int r = 0; r < 1024; r++) {
            assertThat(chunk.features()[r]).containsExactly(pixels.get(r));
            assertThat(chunk.passed().get(r)).containsExactly(Integer.toString(r));
        }
        for (float outside : new float[] {256f, -1f, -0f, 0.5f, Float.NaN}) {
            List<float[]> mixed = new ArrayList<>(pixels);
            mixed.set(1000, mixed.get(1000).clone());
            mixed.get(1000)[5] = outside;
            byte[] planes = ChunkCodec.input(passed, mixed);
            assertThat(planes[0]).as("with %s", outside).isEqualTo(ChunkCodec.PLANES);
            assertThat(Float.floatToRawIntBits(ChunkCodec.readInput(planes).features()[1000][5]))
                    .isEqualTo(Float.floatToRawIntBits(outside));
        }
    }

    @Test
    void rowsWithoutPassedThroughColumnsRoundTrip() {
        List<String[]> passed = List.of(new String[0], new String[0]);
        List<float[]> features = List.of(new float[] {1, 2}, new float[] {3, 4});
        ChunkCodec.InputChunk chunk = ChunkCodec.readInput(ChunkCodec.input(passed, features));
        assertThat(chunk.passed()).hasSize(2).allSatisfy(p -> assertThat(p).isEmpty());
        assertThat(chunk.features()[1]).containsExactly(3, 4);
    }

    @Test
    void aChunkStoredByTheEarlierFormatIsStillRead() throws IOException {
        List<String[]> passed = List.of(new String[] {"a", "x"}, new String[] {"b", "ÿ"});
        List<float[]> features = List.of(new float[] {1.5f, -2f, 0f}, new float[] {7f, 0.25f, 1e-7f});
        ChunkCodec.InputChunk chunk = ChunkCodec.readInput(legacy(passed, features));
        assertThat(chunk.passed().get(1)).containsExactly("b", "ÿ");
        assertThat(chunk.features()[0]).containsExactly(1.5f, -2f, 0f);
        assertThat(chunk.features()[1]).containsExactly(7f, 0.25f, 1e-7f);
    }

    @Test
    void aDamagedChunkIsRefusedNotMisread() {
        for (float[] values : List.of(new float[] {1, 2, 3}, new float[] {1.5f, -2f, 3e9f})) {
            byte[] data = ChunkCodec.input(List.<String[]>of(new String[] {"a"}), List.of(values));
            data[data.length - 3] ^= 0x5a;
            assertThatThrownBy(() -> ChunkCodec.readInput(data)).hasMessageContaining("damaged");
        }
    }

    /** What the service wrote before the byte-plane format: one zlib stream of big-endian values. */
    private static byte[] legacy(List<String[]> passed, List<float[]> features) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeInt(features.size());
            out.writeInt(features.get(0).length);
            for (int r = 0; r < features.size(); r++) {
                out.writeInt(passed.get(r).length);
                for (String field : passed.get(r)) {
                    byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
                for (float v : features.get(r)) {
                    out.writeFloat(v);
                }
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void resultTextOfNumbersIsPackedToHalfItsSizeAndComesBackByteForByte() throws IOException {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 1024; r++) {
            csv.append(r).append(',').append(r % 10).append(',').append(random.nextInt(10));
            for (int k = 0; k < 10; k++) {
                FloatTextTests.append(csv.append(','), (float) Math.exp(random.nextGaussian() * 8) / 1000);
            }
            csv.append(r % 97 == 0 ? ",-1.5E-7,x\"é✓\r" : "").append('\n');
        }
        byte[] data = ChunkCodec.text(csv.toString());
        byte[] utf8 = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(data[0]).isEqualTo(NibbleText.FORMAT);
        assertThat(data.length).isLessThan(utf8.length * 11 / 20 + 10);
        assertThat(ChunkCodec.readText(data).readAllBytes()).isEqualTo(utf8);
        for (String odd : List.of("", "1", "12", "1,2\n", "é", "a")) {
            byte[] bytes = odd.getBytes(StandardCharsets.UTF_8);
            assertThat(NibbleText.unpack(NibbleText.pack(bytes, NibbleText.codes(bytes))))
                    .as(odd)
                    .isEqualTo(bytes);
        }
        byte[] every = new byte[256];
        for (int b = 0; b < 256; b++) {
            every[b] = (byte) b;
        }
        assertThat(NibbleText.unpack(NibbleText.pack(every, NibbleText.codes(every))))
                .isEqualTo(every);
    }

    @Test
    void packingTwoSymbolsAByteGivesTheBytesOfPackingOneCodeAtATime() {
        Random random = new Random(11);
        byte[] symbols = "0123456789.,\nE-".getBytes(StandardCharsets.US_ASCII);
        for (int n = 0; n < 20_000; n++) {
            byte[] text = new byte[random.nextInt(40)];
            int escapes = random.nextInt(4); // none, rare, frequent, every byte
            for (int i = 0; i < text.length; i++) {
                boolean escaped = escapes == 3 || escapes > 0 && random.nextInt(escapes == 1 ? 20 : 3) == 0;
                text[i] = escaped ? (byte) random.nextInt(256) : symbols[random.nextInt(symbols.length)];
            }
            byte[] packed = NibbleText.pack(text, NibbleText.codes(text));
            assertThat(packed).as("%s", java.util.Arrays.toString(text)).isEqualTo(packOneCodeAtATime(text));
            assertThat(NibbleText.unpack(packed)).isEqualTo(text);
        }
    }

    /** The packed form written one code at a time, the way chunks stored before were written. */
    private static byte[] packOneCodeAtATime(byte[] text) {
        String symbols = "0123456789.,\nE-";
        List<Integer> codes = new java.util.ArrayList<>();
        for (byte b : text) {
            int code = symbols.indexOf((char) (b & 0xff));
            if (code < 0) {
                codes.addAll(List.of(15, (b & 0xff) >> 4, b & 0xf));
            } else {
                codes.add(code);
            }
        }
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(9 + (codes.size() + 1) / 2);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(text);
        out.put(NibbleText.FORMAT).putInt(text.length).putInt((int) crc.getValue());
        for (int i = 0; i < codes.size(); i += 2) {
            out.put((byte) (codes.get(i) << 4 | (i + 1 < codes.size() ? codes.get(i + 1) : 0)));
        }
        return out.array();
    }

    @Test
    void wordsStayAZlibStreamAndAStoredZlibResultIsStillRead() throws IOException {
        String words = "id,species,predicted_label,p_setosa\nr1,setosa,setosa,0.99\n".repeat(50);
        byte[] data = ChunkCodec.text(words);
        assertThat(data[0]).isEqualTo((byte) 0x78);
        assertThat(new String(ChunkCodec.readText(data).readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(words);
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(zlib)) {
            out.write("1,0.5\n2,0.25\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(new String(ChunkCodec.readText(zlib.toByteArray()).readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("1,0.5\n2,0.25\n");
    }

    @Test
    void aDamagedPackedResultIsRefusedNotMisread() {
        byte[] text = "0.125,0.875\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        byte[] data = NibbleText.pack(text, NibbleText.codes(text));
        byte[] flipped = data.clone();
        flipped[20] ^= 0x11;
        assertThatThrownBy(() -> NibbleText.unpack(flipped)).hasMessageContaining("checksum");
        byte[] cut = java.util.Arrays.copyOf(data, data.length - 3);
        assertThatThrownBy(() -> NibbleText.unpack(cut)).hasMessageContaining("damaged");
        byte[] longer = java.util.Arrays.copyOf(data, data.length + 2);
        assertThatThrownBy(() -> NibbleText.unpack(longer)).hasMessageContaining("damaged");
    }
}
