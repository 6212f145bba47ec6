package io.dropwise.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTests {

    @Test
    void aFieldLongerThanTheLimitIsRefusedWithItsLineEvenWhenItsLinesAreShort() throws IOException {
        String lines = "x".repeat(49) + "\n"; // 50 characters a line
        String tooLong = "a,b\n1,2\n3,\"" + lines.repeat(5) + "\"\n"; // a field of 250 characters, on line 3
        CsvReader reader = new CsvReader(new StringReader(tooLong), 10, 200);
        assertThat(reader.next()).containsExactly("a", "b");
        assertThat(reader.next()).containsExactly("1", "2");
        assertThatThrownBy(reader::next)
                .isInstanceOfSatisfying(
                        InvalidDatasetException.class,
                        e -> assertThat(e.kind()).isEqualTo(InvalidDatasetException.Kind.LIMIT_EXCEEDED))
                .hasMessage("Line 13, field 2: longer than 200 characters, the longest field this upload takes.");

        String atLimit = "a,b\n3,\"" + lines.repeat(4) + "\"\n"; // 200 characters
        CsvReader fits = new CsvReader(new StringReader(atLimit), 0, 200);
        fits.next();
        assertThat(fits.next()[1]).hasSize(200);
        assertThat(new CsvReader(new StringReader(tooLong)).next())
                .as("no limit given: Jackson's own")
                .hasSize(2);
    }

    @Test
    void readsPlainRecordsAndTrimsUnquotedValues() throws IOException {
        assertThat(records("a,b,c\n 1 , 2\t,3\n")).containsExactly(List.of("a", "b", "c"), List.of("1", "2", "3"));
    }

    @Test
    void skipsUtf8ByteOrderMark() throws IOException {
        List<List<String>> records = records("\uFEFFx,y\n1,2\n");
        assertThat(records.get(0)).containsExactly("x", "y");
        assertThat(records.get(0).get(0)).hasSize(1);
    }

    @Test
    void acceptsCrlfLfAndCrLineEndingsAndNoTrailingNewline() throws IOException {
        assertThat(records("a,b\r\n1,2\r\n3,4"))
                .containsExactly(List.of("a", "b"), List.of("1", "2"), List.of("3", "4"));
        assertThat(records("a,b\r1,2\r")).containsExactly(List.of("a", "b"), List.of("1", "2"));
    }

    @Test
    void quotedFieldsHoldCommasEscapedQuotesAndLineBreaks() throws IOException {
        List<List<String>> records = records("name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\r\nthen left\"\r\n");
        assertThat(records).hasSize(2);
        assertThat(records.get(1)).containsExactly("Smith, J", "said \"hi\"\r\nthen left");
    }

    @Test
    void whitespaceAroundQuotedFieldsIsIgnoredButKeptInside() throws IOException {
        assertThat(records("a,b\n  \" x \"  ,\"\"\n")).containsExactly(List.of("a", "b"), List.of(" x ", ""));
    }

    @Test
    void blankLinesAreSkippedAndLineNumbersCountEveryLine() throws IOException {
        CsvReader reader = new CsvReader(new StringReader("a,b\n\n1,\"x\ny\"\n   \n3,4\n"));
        assertThat(reader.next()).containsExactly("a", "b");
        assertThat(reader.recordLine()).isEqualTo(1);
        assertThat(reader.next()).containsExactly("1", "x\ny");
        assertThat(reader.recordLine()).isEqualTo(3);
        assertThat(reader.next()).containsExactly("3", "4");
        assertThat(reader.recordLine()).isEqualTo(6);
        assertThat(reader.next()).isNull();
    }

    @Test
    void emptyFieldsAreKept() throws IOException {
        assertThat(records("a,b,c\n,,\n")).containsExactly(List.of("a", "b", "c"), List.of("", "", ""));
    }

    @Test
    void emptyInputHasNoRecords() throws IOException {
        assertThat(records("")).isEmpty();
        assertThat(records("\uFEFF\r\n\r\n")).isEmpty();
    }

    @Test
    void unclosedQuoteNamesTheLineWhereItStarts() {
        assertThatThrownBy(() -> records("a,b\n1,\"open\nmore\n"))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("Line 2, field 2")
                .hasMessageContaining("never closed");
    }

    @Test
    void textAfterClosingQuoteIsRejected() {
        assertThatThrownBy(() -> records("a,b\n\"x\"y,2\n"))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("Line 2, field 1")
                .hasMessageContaining("after a closing quote");
    }

    @Test
    void readsPastTheInternalBuffer() throws IOException {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 5000; i++) {
            csv.append(i).append(",\"v").append(i).append("\"\n");
        }
        List<List<String>> records = records(csv.toString());
        assertThat(records).hasSize(5001);
        assertThat(records.get(5000)).containsExactly("4999", "v4999");
    }

    private static List<List<String>> records(String text) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(text));
        List<List<String>> records = new ArrayList<>();
        for (String[] r = reader.next(); r != null; r = reader.next()) {
            records.add(List.of(r));
        }
        return records;
    }
}
