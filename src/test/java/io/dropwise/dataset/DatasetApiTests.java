package io.dropwise.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.dropwise.config.LimitsProperties;
import io.dropwise.engine.Task;
import io.dropwise.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The datasets API on the real application (H2 in memory, Flyway schema): built-ins present after startup, the upload
 * round trip, and every rejected upload as problem+json with nothing written. Runs in the integration tests' shared
 * context ({@link IntegrationTest}), through its MockMvc.
 */
class DatasetApiTests extends IntegrationTest {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final String PROBLEMS = "https://dropwise.io/problems/";

    @Autowired
    MockMvc mvc;

    @Autowired
    DatasetRepository repository;

    @Autowired
    DatasetProvider provider;

    @Autowired
    LimitsProperties limits;

    @Autowired
    JsonMapper json;

    @ParameterizedTest
    @CsvSource({
        "iris, 150, 4, species, 'setosa:50,versicolor:50,virginica:50'",
        "breast-cancer, 569, 30, diagnosis, 'benign:357,malignant:212'",
        "wine, 178, 13, cultivar, 'class_0:59,class_1:71,class_2:48'",
        "digits, 1797, 64, digit, '0:178,1:182,2:177,3:183,4:181,5:182,6:181,7:179,8:174,9:180'"
    })
    void builtinsArePresentAfterStartup(String id, int rows, int features, String label, String classes)
            throws Exception {
        JsonNode view = read(mvc.perform(get("/datasets/" + id)).andExpect(status().isOk()));
        assertThat(view.get("rows").asInt()).isEqualTo(rows);
        assertThat(view.get("featureCount").asInt()).isEqualTo(features);
        assertThat(view.get("inputWidth").asInt()).isEqualTo(features);
        assertThat(view.get("labelColumn").asString()).isEqualTo(label);
        assertThat(view.get("task").asString()).isEqualTo("classification");
        assertThat(view.get("builtin").asBoolean()).isTrue();
        List<String> counts = view.get("classes")
                .valueStream()
                .map(c -> c.get("label").asString() + ":" + c.get("count").asInt())
                .toList();
        assertThat(String.join(",", counts)).isEqualTo(classes);
        LoadedDataset loaded = provider.load(id);
        assertThat(loaded.data().rows()).isEqualTo(rows);
        assertThat(loaded.data().features()).isEqualTo(features);
        assertThat(loaded.data().task()).isEqualTo(Task.CLASSIFICATION);
    }

    /** scikit-learn's diabetes data, raw (unscaled) features; its figures computed from the CSV with Python. */
    @Test
    void theBuiltinRegressionDatasetIsPresentAfterStartup() throws Exception {
        mvc.perform(get("/datasets/diabetes"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.task").value("regression"))
                .andExpect(jsonPath("$.labelColumn").value("progression"))
                .andExpect(jsonPath("$.rows").value(442))
                .andExpect(jsonPath("$.featureCount").value(10))
                .andExpect(jsonPath("$.builtin").value(true))
                .andExpect(jsonPath("$.classes").isEmpty())
                .andExpect(jsonPath("$.features[2].name").value("bmi"))
                .andExpect(jsonPath("$.features[2].mean").value(closeTo(26.375792, 1e-5)))
                .andExpect(jsonPath("$.features[2].std").value(closeTo(4.413121, 1e-5)))
                .andExpect(jsonPath("$.features[2].min").value(18.0))
                .andExpect(jsonPath("$.features[2].max").value(42.2));
        LoadedDataset loaded = provider.load("diabetes");
        assertThat(loaded.data().task()).isEqualTo(Task.REGRESSION);
        double sum = 0;
        for (int r = 0; r < loaded.data().rows(); r++) {
            sum += loaded.data().targets()[r];
        }
        assertThat(sum / loaded.data().rows()).isCloseTo(152.133484, within(1e-5));
    }

    @Test
    void irisStatisticsAreThoseOfTheCsv() throws Exception {
        mvc.perform(get("/datasets/iris"))
                .andExpect(jsonPath("$.features[0].name").value("sepal_length_cm"))
                .andExpect(jsonPath("$.features[0].kind").value("numeric"))
                .andExpect(jsonPath("$.features[0].mean").value(closeTo(5.8433, 1e-4)))
                .andExpect(jsonPath("$.features[0].std").value(closeTo(0.8253, 1e-4)))
                .andExpect(jsonPath("$.features[0].min").value(4.3))
                .andExpect(jsonPath("$.features[0].max").value(7.9));
    }

    @Test
    void uploadDescribeListLoadDelete() throws Exception {
        String csv = "\uFEFFsize,\"colour, main\",label\r\n1.5,red,yes\r\n2.5,\"blue\",no\r\n3.5,red,no\r\n"
                + "4.5,green,yes\r\n";
        long before = repository.count();
        MvcResult created = mvc.perform(post("/datasets?name=shapes&labelColumn=label")
                        .contentType(CSV)
                        .content(csv))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/datasets/ds-")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn();
        JsonNode view = json.readTree(created.getResponse().getContentAsString());
        String id = view.get("id").asString();
        assertThat(created.getResponse().getHeader("Location")).isEqualTo("/datasets/" + id);
        assertThat(repository.count()).isEqualTo(before + 1);
        assertThat(view.get("name").asString()).isEqualTo("shapes");
        assertThat(view.get("builtin").asBoolean()).isFalse();
        assertThat(view.get("sizeBytes").asLong()).isEqualTo(csv.getBytes(StandardCharsets.UTF_8).length);

        mvc.perform(get("/datasets/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.task").value("classification"))
                .andExpect(jsonPath("$.rows").value(4))
                .andExpect(jsonPath("$.featureCount").value(2))
                .andExpect(jsonPath("$.inputWidth").value(4))
                .andExpect(jsonPath("$.features[1].name").value("colour, main"))
                .andExpect(jsonPath("$.features[1].kind").value("categorical"))
                .andExpect(jsonPath("$.features[1].categories[0]").value("blue"))
                .andExpect(jsonPath("$.features[1].categories[2]").value("red"))
                .andExpect(jsonPath("$.features[1].mean").doesNotExist())
                .andExpect(jsonPath("$.features[0].mean").value(3.0))
                .andExpect(jsonPath("$.classes[0].label").value("no"))
                .andExpect(jsonPath("$.classes[0].count").value(2))
                .andExpect(jsonPath("$.createdAt").isNotEmpty());

        JsonNode page = read(mvc.perform(get("/datasets?page=0&size=100")).andExpect(status().isOk()));
        assertThat(page.get("totalItems").asLong()).isEqualTo(before + 1);
        assertThat(page.get("items").valueStream().map(i -> i.get("id").asString()))
                .contains(id, "iris");

        LoadedDataset loaded = provider.load(id);
        assertThat(loaded.schema().encode(java.util.Map.of("size", 2.0, "colour, main", "green")))
                .containsExactly(2f, 0, 1, 0);
        assertThat(loaded.data().x()).startsWith(1.5f, 0, 0, 1, 2.5f, 1, 0, 0);
        assertThat(loaded.data().labels()).containsExactly(1, 0, 0, 1);

        mvc.perform(delete("/datasets/" + id)).andExpect(status().isNoContent());
        assertThat(repository.count()).isEqualTo(before);
        problem(mvc.perform(get("/datasets/" + id)), 404, "dataset-not-found");
        problem(mvc.perform(delete("/datasets/" + id)), 404, "dataset-not-found");
        assertThat(provider.exists(id)).isFalse();
    }

    @Test
    void multipartUploadTakesItsNameFromTheFile() throws Exception {
        MockMultipartFile file = new MockMultipartFile(
                "file",
                "house prices.csv",
                "text/csv",
                "rooms,area,price\n2,50,100.5\n3,70,150.25\n4,90,199.75\n".getBytes(StandardCharsets.UTF_8));
        JsonNode view = read(mvc.perform(multipart("/datasets").file(file)).andExpect(status().isCreated()));
        assertThat(view.get("name").asString()).isEqualTo("house-prices");
        assertThat(view.get("task").asString()).isEqualTo("regression");
        assertThat(view.get("classes").size()).isZero();
        mvc.perform(delete("/datasets/" + view.get("id").asString())).andExpect(status().isNoContent());
    }

    @Test
    void builtinsCannotBeDeleted() throws Exception {
        problem(mvc.perform(delete("/datasets/iris")), 409, "dataset-builtin");
        assertThat(repository.existsById("iris")).isTrue();
    }

    @Test
    void listIsPaged() throws Exception {
        mvc.perform(get("/datasets?page=1&size=2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page").value(1))
                .andExpect(jsonPath("$.size").value(2))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.totalPages").isNumber());
        problem(mvc.perform(get("/datasets?size=0")), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("size"));
        problem(mvc.perform(get("/datasets?page=-1")), 400, "validation");
        problem(mvc.perform(get("/datasets?page=abc")), 400, "malformed-request");
    }

    static Stream<Arguments> badCsv() {
        return Stream.of(
                Arguments.of("empty body", "", "invalid-csv", "The CSV is empty"),
                Arguments.of("blank lines only", "\r\n\r\n", "invalid-csv", "The CSV is empty"),
                Arguments.of("header only", "a,b,label\n", "invalid-csv", "no data rows"),
                Arguments.of("duplicate columns", "a,a,label\n1,2,x\n3,4,y\n", "invalid-csv", "'a' appears twice"),
                Arguments.of("single class", "a,b,label\n1,2,x\n3,4,x\n", "invalid-dataset", "single class ('x')"),
                Arguments.of("one data row", "a,b,label\n1,2,x\n", "invalid-dataset", "at least 2"),
                Arguments.of("ragged row", "a,b,label\n1,2,x\n3,y\n", "invalid-csv", "Row 2 (line 3) has 2 values"),
                Arguments.of(
                        "non-numeric value",
                        "a,b,label\n1,2,x\n3,abc,y\n5,6,x\n",
                        "invalid-csv",
                        "Row 2 (line 3), column 'b': 'abc' is not a number"),
                Arguments.of("NaN cell", "a,b,label\n1,NaN,x\n3,4,y\n", "invalid-csv", "Row 1 (line 2), column 'b'"),
                Arguments.of(
                        "Infinity cell",
                        "a,b,label\r\n1,2,x\r\n3,Infinity,y\r\n",
                        "invalid-csv",
                        "Row 2 (line 3), column 'b'"),
                Arguments.of("1e309 cell", "a,b,label\n1,2,x\n3,1e309,y\n", "invalid-csv", "outside the range"),
                Arguments.of("empty cell", "a,b,label\n1,,x\n3,4,y\n", "invalid-csv", "the value is empty"),
                Arguments.of("unclosed quote", "a,b,label\n1,\"2,x\n3,4,y\n", "invalid-csv", "never closed"),
                Arguments.of("one column", "label\nx\ny\n", "invalid-csv", "one column"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCsv")
    void rejectedUploadsWriteNothing(String name, String csv, String type, String detail) throws Exception {
        rejected(post("/datasets").contentType(CSV).content(csv), 400, type)
                .andExpect(jsonPath("$.detail").value(containsString(detail)));
    }

    @Test
    void freeTextColumnWritesNothing() throws Exception {
        StringBuilder csv = new StringBuilder("comment,x,label\n");
        for (int i = 1; i <= 40; i++) {
            csv.append("remark ")
                    .append(i)
                    .append(',')
                    .append(i)
                    .append(',')
                    .append(i % 2)
                    .append('\n');
        }
        rejected(post("/datasets").contentType(CSV).content(csv.toString()), 400, "invalid-dataset")
                .andExpect(jsonPath("$.detail").value(startsWith("Column 'comment' (row 33, line 34)")))
                .andExpect(jsonPath("$.column").value("comment"))
                .andExpect(jsonPath("$.row").value(33));
    }

    @Test
    void badParametersWriteNothing() throws Exception {
        String csv = "a,b,label\n1,2,x\n3,4,y\n";
        rejected(post("/datasets?labelColumn=target").contentType(CSV).content(csv), 400, "validation")
                .andExpect(jsonPath("$.detail").value(containsString("Columns: [a, b, label]")))
                .andExpect(jsonPath("$.errors[0].field").value("labelColumn"));
        rejected(post("/datasets?task=clustering").contentType(CSV).content(csv), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("task"));
        rejected(post("/datasets?name=../etc").contentType(CSV).content(csv), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        rejected(post("/datasets?task=regression").contentType(CSV).content(csv), 400, "invalid-csv")
                .andExpect(jsonPath("$.detail").value(containsString("regression target must be numeric")));
    }

    @Test
    void invalidUtf8WritesNothing() throws Exception {
        byte[] latin1 = "a,b,label\n1,2,caf\u00e9\n3,4,x\n".getBytes(StandardCharsets.ISO_8859_1);
        rejected(post("/datasets").contentType(CSV).content(latin1), 400, "invalid-csv")
                .andExpect(jsonPath("$.detail").value(containsString("not valid UTF-8")))
                // 'é' is byte 17 from the start (0-based): "a,b,label\n" is 10 bytes, "1,2,caf" 7
                .andExpect(jsonPath("$.detail").value(containsString("byte offset 17 (0xE9)")));
        // past the decoder's first buffer the offset still names the bad byte, not the bytes read so far
        String head = "a,b,label\n" + "1,2,x\n3,4,y\n".repeat(1000);
        byte[] late = (head + "5,6,caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        rejected(post("/datasets").contentType(CSV).content(late), 400, "invalid-csv")
                .andExpect(jsonPath("$.detail").value(containsString("byte offset " + (head.length() + 7) + " ")));
        // the same bytes are fine when the charset is named
        MvcResult ok = mvc.perform(post("/datasets")
                        .contentType("text/csv; charset=ISO-8859-1")
                        .content(latin1))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.classes[0].label").value("café"))
                .andReturn();
        mvc.perform(delete(ok.getResponse().getHeader("Location"))).andExpect(status().isNoContent());
    }

    @Test
    void wrongContentTypeIs415AndWritesNothing() throws Exception {
        String csv = "a,b,label\n1,2,x\n3,4,y\n";
        rejected(post("/datasets").contentType(MediaType.APPLICATION_JSON).content(csv), 415, "unsupported-media-type")
                .andExpect(jsonPath("$.detail").value(containsString("text/csv")));
        rejected(
                post("/datasets")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content(csv),
                415,
                "unsupported-media-type");
        rejected(post("/datasets").content(csv), 415, "unsupported-media-type");
    }

    @Test
    void multipartWithoutFilePartWritesNothing() throws Exception {
        MockMultipartFile other = new MockMultipartFile("data", "x.csv", "text/csv", "a,b\n1,2\n".getBytes());
        rejected(multipart("/datasets").file(other), 400, "malformed-request")
                .andExpect(jsonPath("$.detail").value(containsString("file")));
        MockMultipartFile empty = new MockMultipartFile("file", "x.csv", "text/csv", new byte[0]);
        rejected(multipart("/datasets").file(empty), 400, "invalid-csv");
    }

    @Test
    void oversizeUploadIs413AndWritesNothing() throws Exception {
        byte[] big = new byte[Math.toIntExact(limits.maxUploadBytes() + 1)];
        rejected(post("/datasets").contentType(CSV).content(big), 413, "payload-too-large")
                .andExpect(jsonPath("$.detail").value(containsString("dropwise.limits.max-upload-bytes")));
        rejected(
                multipart("/datasets").file(new MockMultipartFile("file", "big.csv", "text/csv", big)),
                413,
                "payload-too-large");
    }

    private ResultActions rejected(RequestBuilder request, int status, String type) throws Exception {
        long before = repository.count();
        ResultActions result = problem(mvc.perform(request), status, type);
        assertThat(repository.count()).as("rows in table dataset").isEqualTo(before);
        return result;
    }

    private static ResultActions problem(ResultActions result, int status, String type) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + type))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").isNotEmpty());
    }

    private JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private static org.hamcrest.Matcher<Double> closeTo(double value, double error) {
        return org.hamcrest.Matchers.closeTo(value, error);
    }
}
