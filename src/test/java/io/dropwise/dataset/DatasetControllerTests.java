package io.dropwise.dataset;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * {@link DatasetController} alone (a {@code @WebMvcTest} slice, the service mocked): request parameters, media types
 * and how the parser's {@link InvalidDatasetException} becomes problem+json. Refused requests never reach the service.
 * The upload's real parsing and storage are in {@link DatasetApiTests}.
 */
@WebMvcTest(DatasetController.class)
class DatasetControllerTests {

    private static final String PROBLEMS = "https://dropwise.io/problems/";
    private static final String CSV = "a,b,label\n1,2,x\n3,4,y\n";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    DatasetService datasets;

    @Test
    void badParametersNeverReachTheService() throws Exception {
        problem(
                        mvc.perform(post("/datasets?task=clustering")
                                .contentType("text/csv")
                                .content(CSV)),
                        400,
                        "validation")
                .andExpect(jsonPath("$.errors[0].field").value("task"));
        problem(
                        mvc.perform(post("/datasets?name=../etc&task=x")
                                .contentType("text/csv")
                                .content(CSV)),
                        400,
                        "validation")
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[1].field").value("task"));
        problem(mvc.perform(get("/datasets?size=101&page=-1")), 400, "validation")
                .andExpect(jsonPath("$.errors.length()").value(2));
        problem(mvc.perform(get("/datasets?size=x")), 400, "malformed-request");
        verifyNoInteractions(datasets);
    }

    @Test
    void mediaTypesOtherThanCsvAndMultipartAre415() throws Exception {
        problem(
                        mvc.perform(post("/datasets")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(CSV)),
                        415,
                        "unsupported-media-type")
                .andExpect(jsonPath("$.detail").value(containsString("Content-Type 'application/json'")))
                .andExpect(jsonPath("$.detail").value(containsString("text/csv")));
        problem(mvc.perform(post("/datasets").content(CSV)), 415, "unsupported-media-type");
        verifyNoInteractions(datasets);
    }

    @Test
    void anUnknownCharsetIsNamedNotReportedAsNoContentType() throws Exception {
        problem(
                        mvc.perform(post("/datasets")
                                .header("Content-Type", "text/csv; charset=x-no-such-charset")
                                .content(CSV)),
                        415,
                        "unsupported-media-type")
                .andExpect(jsonPath("$.detail").value(containsString("charset 'x-no-such-charset'")))
                .andExpect(jsonPath("$.detail").value(not(containsString("none"))))
                .andExpect(jsonPath("$.detail").value(not(containsString("Send one of: ."))));
        verifyNoInteractions(datasets);
    }

    @Test
    void eachKindOfInvalidDatasetHasItsProblemType() throws Exception {
        refuse(InvalidDatasetException.cell(2, 3, "b", "'abc' is not a number."), "invalid-csv")
                .andExpect(jsonPath("$.title").value("Invalid CSV"))
                .andExpect(jsonPath("$.detail").value("Row 2 (line 3), column 'b': 'abc' is not a number."))
                .andExpect(jsonPath("$.row").value(2))
                .andExpect(jsonPath("$.line").value(3))
                .andExpect(jsonPath("$.column").value("b"));
        refuse(InvalidDatasetException.column(33, 34, "comment", "free text."), "invalid-dataset")
                .andExpect(jsonPath("$.title").value("Unusable dataset"))
                .andExpect(jsonPath("$.row").value(33));
        refuse(InvalidDatasetException.limit("Too many rows."), "dataset-limit-exceeded")
                .andExpect(jsonPath("$.title").value("Dataset too large"));
        refuse(InvalidDatasetException.labelColumn("labelColumn 'target' is not a column."), "validation")
                .andExpect(jsonPath("$.errors[0].field").value("labelColumn"))
                .andExpect(jsonPath("$.errors[0].message").value("no such column"));
    }

    private ResultActions refuse(InvalidDatasetException e, String type) throws Exception {
        willThrow(e).given(datasets).upload(any(), any(), any());
        return problem(mvc.perform(post("/datasets").contentType("text/csv").content(CSV)), 400, type);
    }

    private static ResultActions problem(ResultActions result, int status, String type) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + type))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").isNotEmpty());
    }
}
