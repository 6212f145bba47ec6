package io.dropwise.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.dropwise.dataset.DatasetSchema.Feature;
import io.dropwise.dataset.InvalidDatasetException.Kind;
import io.dropwise.engine.Dataset;
import io.dropwise.engine.Task;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetParserTests {

    private static final DatasetParser.Options DEFAULTS = new DatasetParser.Options(null, null, 1000, 100);

    @Test
    void numericFeaturesWithTextLabelAreClassificationWithStats() throws IOException {
        ParsedDataset parsed = parse("x1,x2,label\n1,10,b\n2,20,a\n3,30,b\n4,40,b\n");
        DatasetSchema schema = parsed.schema();
        assertThat(schema.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(schema.labelColumn()).isEqualTo("label");
        assertThat(schema.featureNames()).containsExactly("x1", "x2");
        assertThat(schema.classes()).containsExactly("a", "b");
        assertThat(parsed.classCounts()).containsExactly(1, 3);
        Feature x1 = schema.features().get(0);
        assertThat(x1.kind()).isEqualTo(Feature.Kind.NUMERIC);
        assertThat(x1.mean()).isEqualTo(2.5);
        assertThat(x1.std()).isCloseTo(Math.sqrt(1.25), within(1e-12)); // population std of 1..4
        assertThat(x1.min()).isEqualTo(1.0);
        assertThat(x1.max()).isEqualTo(4.0);
        Dataset data = parsed.data();
        assertThat(data.rows()).isEqualTo(4);
        assertThat(data.features()).isEqualTo(2);
        assertThat(data.x()).containsExactly(1, 10, 2, 20, 3, 30, 4, 40);
        assertThat(data.labels()).containsExactly(1, 0, 1, 1);
        assertThat(data.classes()).isEqualTo(2);
    }

    @Test
    void fewDistinctTextValuesAreOneHotEncodedInSortedOrder() throws IOException {
        ParsedDataset parsed = parse("size,colour,y\n1,red,1.5\n2,green,2.5\n3,red,3.5\n4,blue,4.25\n");
        Feature colour = parsed.schema().features().get(1);
        assertThat(colour.kind()).isEqualTo(Feature.Kind.CATEGORICAL);
        assertThat(colour.categories()).containsExactly("blue", "green", "red");
        assertThat(colour.mean()).isNaN();
        assertThat(parsed.schema().encodedWidth()).isEqualTo(4);
        assertThat(parsed.schema().encodedFeatureNames())
                .containsExactly("size", "colour=blue", "colour=green", "colour=red");
        assertThat(parsed.data().x()).containsExactly(1, 0, 0, 1, 2, 0, 1, 0, 3, 0, 0, 1, 4, 1, 0, 0);
        // the stored encoding is exactly what prediction computes from the original value
        assertThat(parsed.schema().encode(List.of(4, "blue"))).containsExactly(4, 1, 0, 0);
        assertThat(parsed.schema().task()).isEqualTo(Task.REGRESSION);
        assertThat(parsed.data().targets()).containsExactly(1.5f, 2.5f, 3.5f, 4.25f);
        assertThat(parsed.classCounts()).isEmpty();
    }

    @Test
    void taskInference() throws IOException {
        // integer label, 3 distinct values in 12 rows: classes
        assertThat(parse(rows("a,y", 12, r -> r + "," + (r % 3))).schema().task())
                .isEqualTo(Task.CLASSIFICATION);
        // integer label, distinct values not fewer than half the rows: regression
        assertThat(parse(rows("a,y", 12, r -> r + "," + (r % 6))).schema().task())
                .isEqualTo(Task.REGRESSION);
        // binary 0/1 label even in a tiny dataset: classes
        assertThat(parse("a,y\n1,0\n2,1\n3,1\n").schema().task()).isEqualTo(Task.CLASSIFICATION);
        // fractional label: regression
        assertThat(parse(rows("a,y", 12, r -> r + "," + (r % 3) + ".5"))
                        .schema()
                        .task())
                .isEqualTo(Task.REGRESSION);
        // more than 20 distinct integers: regression
        assertThat(parse(rows("a,y", 200, r -> r + "," + (r % 21))).schema().task())
                .isEqualTo(Task.REGRESSION);
        // the caller decides when asked
        assertThat(parse("a,y\n1,0\n2,1\n3,1\n", new DatasetParser.Options(null, Task.REGRESSION, 10, 10))
                        .schema()
                        .task())
                .isEqualTo(Task.REGRESSION);
    }

    @Test
    void classesAreOrderedNaturallyAndIntegerLabelsAreCanonical() throws IOException {
        ParsedDataset parsed = parse(
                "a,y\n1,10\n2,2\n3,1.0\n4,2\n5,10\n6,1\n7,2\n8,10\n9,1\n10,1\n",
                new DatasetParser.Options(null, Task.CLASSIFICATION, 100, 10));
        assertThat(parsed.schema().classes()).containsExactly("1", "2", "10");
        assertThat(parsed.classCounts()).containsExactly(4, 3, 3);
        ParsedDataset text = parse("a,y\n1,class_10\n2,class_2\n3,class_1\n4,class_2\n");
        assertThat(text.schema().classes()).containsExactly("class_1", "class_2", "class_10");
        assertThat(text.data().labels()).containsExactly(2, 1, 0, 1);
    }

    @Test
    void labelColumnCanBeAnyColumn() throws IOException {
        ParsedDataset parsed =
                parse("kind,x,y\ncat,1,2\ndog,3,4\ncat,5,6\n", new DatasetParser.Options("kind", null, 100, 10));
        assertThat(parsed.schema().labelColumn()).isEqualTo("kind");
        assertThat(parsed.schema().featureNames()).containsExactly("x", "y");
        assertThat(parsed.data().x()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void bomQuotesAndCrlfWork() throws IOException {
        ParsedDataset parsed = parse("\uFEFF\"width, cm\",\"city\",label\r\n1.5,\"New York, NY\",yes\r\n"
                + "2.5,\"Paris\",no\r\n3.5,\"New York, NY\",no\r\n");
        assertThat(parsed.schema().featureNames()).containsExactly("width, cm", "city");
        assertThat(parsed.schema().features().get(1).categories()).containsExactly("New York, NY", "Paris");
        assertThat(parsed.schema().classes()).containsExactly("no", "yes");
    }

    @Test
    void raggedRowNamesRowLineAndColumn() {
        InvalidDatasetException e = reject("a,b,c\n1,2,x\n3,4\n");
        assertThat(e.kind()).isEqualTo(Kind.INVALID_CSV);
        assertThat(detail(e)).startsWith("Row 2 (line 3) has 2 values but the header names 3 columns: column 'c'");
        assertThat(e.properties()).containsEntry("row", 2).containsEntry("column", "c");
        assertThat(detail(reject("a,b\n1,x\n2,y,extra\n"))).contains("Row 2 (line 3)", "extra value 'extra'");
    }

    @Test
    void nonNumericValueInNumericColumnNamesRowAndColumn() {
        InvalidDatasetException e = reject("a,b,label\n1,2,x\n3,abc,y\n5,6,x\n7,8,y\n");
        assertThat(detail(e)).startsWith("Row 2 (line 3), column 'b': 'abc' is not a number");
        assertThat(e.properties()).containsEntry("row", 2).containsEntry("line", 3);
    }

    @Test
    void freeTextColumnIsRejectedNamingTheColumnAndARow() {
        InvalidDatasetException e =
                reject(rows("comment,x,label", 40, r -> "note number " + r + "," + r + "," + (r % 2)));
        assertThat(e.kind()).isEqualTo(Kind.UNUSABLE_DATASET);
        assertThat(detail(e)).startsWith("Column 'comment' (row 33, line 34): more than 32 distinct text values");
    }

    @Test
    void nonFiniteAndEmptyCellsAreRejected() {
        assertThat(detail(reject("a,b,y\n1,NaN,p\n2,3,q\n")))
                .isEqualTo("Row 1 (line 2), column 'b': 'NaN' is not"
                        + " a finite number. Missing and non-finite values are not accepted: fill in a number or drop the"
                        + " row.");
        assertThat(detail(reject("a,b,y\n1,2,p\n2,-Infinity,q\n"))).startsWith("Row 2 (line 3), column 'b'");
        assertThat(detail(reject("a,b,y\n1,2,p\n2,1e309,q\n"))).contains("column 'b'", "outside the range");
        assertThat(detail(reject("a,b,y\n1,,p\n2,3,q\n")))
                .startsWith("Row 1 (line 2), column 'b': the value is" + " empty");
        assertThat(detail(reject("a,b,y\n1,2,p\n2,3,inf\n"))).startsWith("Row 2 (line 3), column 'y'");
    }

    @Test
    void structuralProblems() {
        assertThat(detail(reject(""))).startsWith("The CSV is empty");
        assertThat(detail(reject("a,b,y\n"))).startsWith("The CSV has a header row but no data rows");
        assertThat(detail(reject("a,b,a\n1,2,3\n4,5,6\n"))).contains("'a' appears twice", "columns 1 and 3");
        assertThat(detail(reject("a,,y\n1,2,3\n4,5,6\n"))).startsWith("Column 2 of the header has no name");
        assertThat(detail(reject("y\n1\n2\n"))).startsWith("The header has one column");
        assertThat(detail(reject("a,y\n1,p\n"))).contains("1 data row; at least 2");
    }

    @Test
    void labelProblems() {
        InvalidDatasetException oneClass = reject("a,y\n1,p\n2,p\n3,p\n");
        assertThat(oneClass.kind()).isEqualTo(Kind.UNUSABLE_DATASET);
        assertThat(detail(oneClass)).contains("single class ('p') in all 3 rows");
        InvalidDatasetException unknown = reject("a,y\n1,p\n2,q\n", new DatasetParser.Options("label", null, 10, 10));
        assertThat(unknown.kind()).isEqualTo(Kind.UNKNOWN_LABEL_COLUMN);
        assertThat(detail(unknown)).isEqualTo("labelColumn 'label' is not a column of the CSV. Columns: [a, y].");
        InvalidDatasetException textTarget =
                reject("a,y\n1,2\n2,x\n", new DatasetParser.Options(null, Task.REGRESSION, 10, 10));
        assertThat(detail(textTarget)).startsWith("Row 2 (line 3), column 'y': 'x' is not a number; a regression");
    }

    @Test
    void limitsOnRowsAndColumns() {
        InvalidDatasetException rows =
                reject(rows("a,y", 11, r -> r + "," + (r % 2)), new DatasetParser.Options(null, null, 10, 10));
        assertThat(rows.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
        assertThat(detail(rows)).contains("more than 10 data rows", "dropwise.limits.max-rows");
        InvalidDatasetException columns = reject("a,b,c,y\n1,2,3,4\n", new DatasetParser.Options(null, null, 10, 3));
        assertThat(detail(columns)).contains("4 columns; at most 3", "dropwise.limits.max-columns");
    }

    @Test
    void naturalOrder() {
        List<String> sorted = new ArrayList<>(List.of("b10", "b9", "a", "10", "-1", "2", "2.5", "B"));
        sorted.sort(NaturalOrder.INSTANCE);
        assertThat(sorted).containsExactly("-1", "2", "2.5", "10", "B", "a", "b9", "b10");
    }

    private static ParsedDataset parse(String csv) throws IOException {
        return parse(csv, DEFAULTS);
    }

    private static ParsedDataset parse(String csv, DatasetParser.Options options) throws IOException {
        return DatasetParser.parse(new StringReader(csv), options);
    }

    private static InvalidDatasetException reject(String csv) {
        return reject(csv, DEFAULTS);
    }

    private static InvalidDatasetException reject(String csv, DatasetParser.Options options) {
        return catchThrowableOfType(InvalidDatasetException.class, () -> parse(csv, options));
    }

    private static String detail(InvalidDatasetException e) {
        assertThat(e).as("expected a rejection").isNotNull();
        return e.getMessage();
    }

    private static String rows(String header, int n, java.util.function.IntFunction<String> row) {
        return header + "\n" + IntStream.rangeClosed(1, n).mapToObj(row).collect(Collectors.joining("\n")) + "\n";
    }
}
