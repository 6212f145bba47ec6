package io.dropwise.model;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
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
 * {@link ModelController} alone (a {@code @WebMvcTest} slice, the registry mocked): paging and alias-body validation
 * never reach the registry, and the registry's not-found exceptions become 404 problems. The registry itself, on a
 * database, is in {@link ModelRegistryIntegrationTests}.
 */
@WebMvcTest(ModelController.class)
class ModelControllerTests {

    private static final String PROBLEMS = "https://dropwise.io/problems/";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ModelRegistry registry;

    @Test
    void badPagesAndAliasBodiesNeverReachTheRegistry() throws Exception {
        problem(mvc.perform(get("/models?page=-1")), 400, "validation");
        problem(mvc.perform(get("/models?size=0")), 400, "validation");
        problem(mvc.perform(get("/models?size=101")), 400, "validation");
        problem(
                        mvc.perform(put("/models/iris/aliases/prod")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}")),
                        400,
                        "validation")
                .andExpect(jsonPath("$.errors[0].field").value("version"));
        problem(
                        mvc.perform(put("/models/iris/aliases/prod")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"version\": 0}")),
                        400,
                        "validation")
                .andExpect(jsonPath("$.errors[0].field").value("version"));
        problem(
                mvc.perform(put("/models/iris/aliases/prod")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\": \"three\"}")),
                400,
                "validation");
        verifyNoInteractions(registry);
    }

    @Test
    void unknownModelsAndVersionsAre404Problems() throws Exception {
        willThrow(new ModelNotFoundException("nope")).given(registry).describe("nope");
        problem(mvc.perform(get("/models/nope")), 404, "model-not-found");
        willThrow(new ModelVersionNotFoundException("iris", "prod"))
                .given(registry)
                .deleteAlias("iris", "prod");
        problem(mvc.perform(delete("/models/iris/aliases/prod")), 404, "model-version-not-found");
        willThrow(new ModelVersionNotFoundException("iris", "7"))
                .given(registry)
                .describeVersion(eq("iris"), any());
        problem(mvc.perform(get("/models/iris/versions/7")), 404, "model-version-not-found");
    }

    private static ResultActions problem(ResultActions result, int status, String type) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + type))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").isNotEmpty());
    }
}
