package io.dropwise.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwise.dataset.CsvReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchCsv} reads every input exactly as {@link CsvReader} does: the same records, the same line numbers, the
 * same errors, and numbers with the bits {@link RowEncoder#parse(String)} gives their text; whether a line takes the
 * byte path or is handed over.
 */
class BatchCsvTests {

    /** Characters random inputs are made of: the ones that matter to CSV, and a few plain ones. */
    private static final String[] PIECES = {
        "1",
        "2.5",
        "-0.375",
        "a",
        "x y",
        ",",
        ",",
        ",",
        "\n",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "\"",
        "\"\"",
        "é",
        "\uFEFF",
        "12",
        "007",
        "1e5",
        "",
        "-",
        "+",
        ".",
        "123456789012345",
        "1234567890123456"
    };

    @Test
    void randomInputsReadAsCsvReaderReadsThem() throws Exception {
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int lines = 1 + random.nextInt(6);
            boolean plain = random.nextInt(3) > 0; // mostly plain lines, so the hand-over comes late
            for (int l = 0; l < lines; l++) {
                int pieces = 1 + random.nextInt(8);
                for (int p = 0; p < pieces; p++) {
                    String piece = PIECES[random.nextInt(plain && l < lines - 1 ? 8 : PIECES.length)];
                    text.append(plain && l < lines - 1 && piece.equals("\n") ? "," : piece);
                }
                text.append(random.nextInt(4) == 0 ? "\r\n" : "\n");
            }
            if (random.nextBoolean()) {
                text.setLength(text.length() - 1);
            }
            assertSameReading(text.toString(), 1 + random.nextInt(40));
        }
    }

    @Test
    void plainAndHandedOverInputs() throws Exception {
        for (String text : List.of(
                "",
                "\n",
                "a,b\n1,2\n",
                "a,b\r\n1, 2 \r\n3,4",
                " a , b ,\n,\n1,\n",
                "\uFEFFa,b\n1,2\n",
                "a,b\n1,2\n\uFEFF3,4\n",
                "a,b\n1,2\n\n3,4\n",
                "a,b\n1,2\n   \n3,4\n",
                "a,b\n1,2\n\"3\n4\",5\n6,7\n",
                "a,b\n1,2\n3,\"4\n",
                "a,b\n1,2\n3,\"4\"x\n",
                "a,b\n1,\u00e9\n",
                "a,b\n1,2\r3,4\n",
                "a,b\n1\t,2\n",
                "a,b\r",
                "a,b\n1,2\r",
                "a,b\n1,2\r\r\n3,4\n",
                "a,b\n \r\n3,4\n",
                "a,b\n1,2\n\r\n",
                "a,b\n1,\u007f\n")) {
            assertSameReading(text, 1);
            assertSameReading(text, 3);
        }
    }

    @Test
    void longLinesGrowTheBuffer() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int l = 0; l < 3; l++) {
            for (int c = 0; c < 30_000; c++) {
                text.append(c == 0 ? "" : ",").append(c % 256);
            }
            text.append('\n');
        }
        assertSameReading(text.toString(), 4096);
    }

    /**
     * The eight-bytes-at-once reading of a small integer field: the count of leading digits against one byte at a
     * time, on words of digits mixed with every other byte value (the ones next to '0' and '9', and 0xFA to 0xFF, whose
     * +6 carries into the next byte); and the value of 1 to 7 digits against {@link Long#parseLong}.
     */
    @Test
    void leadingDigitsAndTheirValueMatchOneByteAtATime() {
        Random random = new Random(5);
        byte[] bytes = new byte[8];
        for (int t = 0; t < 1_000_000; t++) {
            for (int k = 0; k < 8; k++) {
                int kind = random.nextInt(4);
                bytes[k] = (byte)
                        (kind < 2
                                ? '0' + random.nextInt(10)
                                : kind == 2 ? "/:,.-+ \n".charAt(random.nextInt(8)) : 0xF0 + random.nextInt(16));
                if (kind == 3 && random.nextBoolean()) {
                    bytes[k] = (byte) random.nextInt(256);
                }
            }
            long word = java.nio.ByteBuffer.wrap(bytes)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getLong();
            int n = 0;
            while (n < 8 && bytes[n] >= '0' && bytes[n] <= '9') {
                n++;
            }
            assertThat(io.dropwise.prediction.AsciiDigits.leadingDigits(word))
                    .as("%016x", word)
                    .isEqualTo(n);
            if (n > 0 && n < 8) {
                assertThat(io.dropwise.prediction.AsciiDigits.leadingValue(word, n))
                        .as("%016x", word)
                        .isEqualTo(Long.parseLong(new String(bytes, 0, n, StandardCharsets.US_ASCII)));
            }
        }
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedWithItsLineNumberOnEitherPath() {
        String over = "3," + "4".repeat(48); // 50 bytes
        String at = "3," + "4".repeat(47); // 49 bytes: the limit
        for (int step : new int[] {1, 3, 7, 64, 1 << 16}) {
            // the byte path, LF, CRLF, and the last line without its line end
            assertThat(lineTooLong("a,b\n1,2\n" + over + "\n5,6\n", step, 49)).isEqualTo(3);
            assertThat(lineTooLong("a,b\r\n1,2\r\n" + over + "\r\n", step, 49)).isEqualTo(3);
            assertThat(lineTooLong("a,b\n1,2\n" + over, step, 49)).isEqualTo(3);
            assertThat(lineTooLong(over + "\n1,2\n", step, 49)).isEqualTo(1);
            // handed over at line 1 (a quote): the same lines, counted as CsvReader counts them, quoted newlines too
            assertThat(lineTooLong("\"a\",b\n1,2\n" + over + "\n", step, 49)).isEqualTo(3);
            assertThat(lineTooLong("\"a\nx\",b\r\n1,2\r\n" + over + "\r\n", step, 49))
                    .isEqualTo(4);
            assertThat(lineTooLong("\"a\",b\r1,2\r" + over + "\r", step, 49)).isEqualTo(3);
            assertThat(lineTooLong("\"a\",b\n\"" + over + "\"\n", step, 49)).isEqualTo(2);
            // a line of the limit reads, on both paths, and as CsvReader reads it
            assertThat(lineTooLong("a,b\n" + at + "\r\n" + at + "\n", step, 49)).isZero();
            assertThat(lineTooLong("\"a\",b\n" + at + "\r\n" + at, step, 49)).isZero();
        }
    }

    @Test
    void aQuotedFieldOverManyShortLinesIsRefusedAtTheFieldLimit() throws Exception {
        String text = "\"a\",b\n1,\"" + ("x".repeat(49) + "\n").repeat(5) + "\"\n"; // 250 characters, lines of 50
        BatchCsv csv = new BatchCsv(trickle(text.getBytes(StandardCharsets.UTF_8), 7), 60, 200);
        assertThat(csv.next()).isTrue();
        assertThatThrownBy(csv::next)
                .satisfies(e ->
                        assertThat(e.getClass().getName()).isEqualTo("io.dropwise.dataset.InvalidDatasetException"))
                .hasMessage("Line 2, field 2: longer than 200 characters, the longest field this upload takes.");
        assertThat(lineTooLong(text, 7, 60))
                .as("no line is over the line limit")
                .isZero();
    }

    @Test
    void aLongFileOfShortLinesReadsWhateverItsLineEnds() throws Exception {
        StringBuilder lf = new StringBuilder("a,b\n");
        StringBuilder cr = new StringBuilder("a,b\r");
        for (int i = 0; i < 2000; i++) {
            lf.append(i).append(',').append(i * 7).append('\n');
            cr.append(i).append(',').append(i * 7).append('\r');
        }
        for (String text : List.of(lf.toString(), cr.toString())) {
            assertThat(text.length()).isGreaterThan(10 * 64);
            assertThat(lineTooLong(text, 4096, 64)).isZero();
            assertSameReading(text, 4096);
        }
        String longLine = "a,b\n" + "1,".repeat(100_000) + "2\n3,4\n"; // one line of 200 KB, read in small pieces
        assertSameReading(longLine, 8192);
        assertSameReading(longLine, 1000);
    }

    /** The 1-based line {@link LineLimit.LineTooLong} names when reading {@code text}, or 0 when all of it reads. */
    private static int lineTooLong(String text, int step, int maxLineBytes) {
        BatchCsv csv = new BatchCsv(trickle(text.getBytes(StandardCharsets.UTF_8), step), maxLineBytes, 0);
        try {
            while (csv.next()) {
                csv.strings();
            }
            return 0;
        } catch (LineLimit.LineTooLong e) {
            assertThat(e.limit).isEqualTo(maxLineBytes);
            assertThat(e.getMessage()).contains("Line " + e.line + " is longer than " + maxLineBytes + " bytes");
            return e.line;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads {@code text} both ways, the body arriving {@code step} bytes at a time. */
    private static void assertSameReading(String text, int step) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        CsvReader reader = new CsvReader(new InputStreamReader(trickle(bytes, step), StandardCharsets.UTF_8));
        try {
            String[] record;
            while ((record = reader.next()) != null) {
                expected.add(reader.recordLine() + ":" + List.of(record));
            }
        } catch (RuntimeException e) {
            expected.add(e.getClass().getName() + ": " + e.getMessage());
        }
        List<String> actual = new ArrayList<>();
        BatchCsv csv = new BatchCsv(trickle(bytes, step), Integer.MAX_VALUE, 0);
        try {
            while (csv.next()) {
                String[] record = csv.strings();
                actual.add(csv.recordLine() + ":" + List.of(record));
                assertThat(csv.fields()).isEqualTo(record.length);
                for (int f = 0; f < record.length; f++) {
                    assertThat(csv.field(f)).isEqualTo(record[f]);
                    assertThat(Double.doubleToRawLongBits(csv.number(f)))
                            .as("'%s'", record[f])
                            .isEqualTo(Double.doubleToRawLongBits(RowEncoder.parse(record[f])));
                }
            }
        } catch (RuntimeException e) {
            actual.add(e.getClass().getName() + ": " + e.getMessage());
        }
        assertThat(actual)
                .as("%s", text.replace("\r", "\\r").replace("\n", "\\n"))
                .isEqualTo(expected);
    }

    /** A stream that hands out at most {@code step} bytes per read, as a network body may. */
    private static InputStream trickle(byte[] bytes, int step) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }
}
