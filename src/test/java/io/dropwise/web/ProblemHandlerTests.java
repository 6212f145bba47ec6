package io.dropwise.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shared {@link ProblemHandler} through a tiny test-only controller: every client mistake is problem+json with a
 * stable type, a detail that says what to change and, for validation, {@code errors[]}.
 */
@WebMvcTest(controllers = ProblemHandlerTests.EchoController.class)
@Import(ProblemHandlerTests.EchoController.class)
class ProblemHandlerTests {

    private static final String PROBLEMS = "https://dropwise.io/problems/";

    @Autowired
    MockMvc mvc;

    enum Mode {
        @JsonProperty("fast")
        FAST,
        @JsonProperty("slowly")
        SLOW_ISH
    }

    record Spec(
            @NotNull Mode mode,
            @Finite Double rate,
            @Min(1) int units,
            @Valid Inner inner) {}

    record Inner(@Finite double weight) {}

    @RestController
    static class EchoController {

        @PostMapping("/test/echo")
        Spec echo(@Valid @RequestBody Spec spec) {
            return spec;
        }

        @GetMapping("/test/boom")
        String boom() {
            throw new IllegalStateException("secret internal detail");
        }

        @GetMapping("/test/teapot")
        String teapot() {
            throw new ApiException(HttpStatus.CONFLICT, "teapot-busy", "Teapot busy", "Wait for the tea.")
                    .with("retryInSeconds", 3);
        }
    }

    @Test
    void validBodyPasses() throws Exception {
        echo("{\"mode\":\"slowly\",\"rate\":0.5,\"units\":2,\"inner\":{\"weight\":1e300}}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.mode").value("slowly"));
    }

    @Test
    void malformedJson() throws Exception {
        problem(echo("{\"mode\": \"fast\", "), 400, "malformed-request")
                .andExpect(jsonPath("$.detail").value(containsString("not valid JSON")));
    }

    @Test
    void emptyBody() throws Exception {
        problem(echo(""), 400, "malformed-request")
                .andExpect(jsonPath("$.detail").value(containsString("missing")));
    }

    @Test
    void unknownFieldIsRejected() throws Exception {
        problem(echo("{\"mode\":\"fast\",\"units\":1,\"colour\":\"red\"}"), 400, "validation")
                .andExpect(jsonPath("$.detail").value(containsString("Unknown field 'colour'")))
                .andExpect(jsonPath("$.errors[0].field").value("colour"));
    }

    @Test
    void unknownNestedFieldNamesItsPath() throws Exception {
        problem(echo("{\"mode\":\"fast\",\"units\":1,\"inner\":{\"weight\":1,\"hue\":2}}"), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("inner.hue"));
    }

    @Test
    void badEnumValueListsTheAcceptedValuesAsJsonSpellsThem() throws Exception {
        problem(echo("{\"mode\":\"warp\",\"units\":1}"), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("mode"))
                .andExpect(jsonPath("$.detail").value(containsString("\"warp\"")))
                .andExpect(jsonPath("$.detail").value(containsString("[fast, slowly]")));
    }

    @Test
    void wrongTypeNamesTheField() throws Exception {
        problem(echo("{\"mode\":\"fast\",\"units\":\"many\"}"), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("units"));
    }

    @Test
    void nanAndInfinityTokensAreNotJson() throws Exception {
        problem(echo("{\"mode\":\"fast\",\"units\":1,\"rate\":NaN}"), 400, "malformed-request");
        problem(echo("{\"mode\":\"fast\",\"units\":1,\"rate\":-Infinity}"), 400, "malformed-request");
    }

    @Test
    void overflowingAndNonFiniteNumbersFailValidation() throws Exception {
        problem(echo("{\"mode\":\"fast\",\"units\":1,\"rate\":1e309}"), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("rate"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a finite number"));
        problem(echo("{\"mode\":\"fast\",\"units\":1,\"rate\":\"NaN\"}"), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("rate"));
        problem(echo("{\"mode\":\"fast\",\"units\":1,\"inner\":{\"weight\":-1e400}}"), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("inner.weight"));
    }

    @Test
    void beanValidationListsEveryField() throws Exception {
        problem(echo("{\"units\":0}"), 400, "validation")
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.detail").value(containsString("units")))
                .andExpect(jsonPath("$.detail").value(containsString("mode")));
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        problem(
                        mvc.perform(post("/test/echo")
                                .contentType(MediaType.TEXT_PLAIN)
                                .content("mode=fast")),
                        415,
                        "unsupported-media-type")
                .andExpect(jsonPath("$.detail").value(containsString("application/json")));
    }

    @Test
    void wrongMethodIs405() throws Exception {
        problem(mvc.perform(get("/test/echo")), 405, "method-not-allowed");
    }

    @Test
    void unknownPathIs404() throws Exception {
        problem(mvc.perform(get("/test/nothing-here")), 404, "not-found");
    }

    @Test
    void apiExceptionKeepsItsTypeAndMembers() throws Exception {
        problem(mvc.perform(get("/test/teapot")), 409, "teapot-busy")
                .andExpect(jsonPath("$.title").value("Teapot busy"))
                .andExpect(jsonPath("$.detail").value("Wait for the tea."))
                .andExpect(jsonPath("$.retryInSeconds").value(3));
    }

    @Test
    void unexpectedErrorSaysNothingInternal() throws Exception {
        problem(mvc.perform(get("/test/boom")), 500, "internal-error")
                .andExpect(content().string(not(containsString("secret"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))));
    }

    private ResultActions echo(String json) throws Exception {
        return mvc.perform(
                post("/test/echo").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private static ResultActions problem(ResultActions result, int status, String type) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + type))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").isNotEmpty());
    }
}
