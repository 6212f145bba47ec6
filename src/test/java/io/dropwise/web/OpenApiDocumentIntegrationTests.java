package io.dropwise.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.IntegrationTest;
import io.dropwise.support.Routes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document lists every route the application maps, each under one resource tag with a summary, its
 * statuses and a problem+json body for every error; and {@code http-requests/} calls every route. A route added
 * without its documentation fails here.
 */
class OpenApiDocumentIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void theDocumentListsEveryMappedRouteAndNothingElse() {
        SortedSet<String> mapped = Routes.mapped(context);
        SortedSet<String> documented = Routes.documented(api.get("/v3/api-docs").json());
        assertThat(mapped).as("the application maps routes").contains("POST /jobs", "GET /v2/health/ready");
        assertThat(difference(mapped, documented))
                .as("mapped routes missing from /v3/api-docs")
                .isEmpty();
        assertThat(difference(documented, mapped))
                .as("documented routes the application does not map")
                .isEmpty();
    }

    /** The job spec's schema is the record's: a field added to it (the schedule's length) is documented with it. */
    @Test
    void theJobSpecSchemaHasTheSchedulesLength() {
        JsonNode schedule = api.get("/v3/api-docs").json().at("/components/schemas/ScheduleSettings/properties");
        assertThat(schedule.propertyNames())
                .containsExactlyInAnyOrder("type", "stepEpochs", "gamma", "minLearningRate", "epochs");
        assertThat(schedule.at("/epochs/type").asString()).isEqualTo("integer");
    }

    @Test
    void everyRouteHasItsEntryInApiRoutes() {
        SortedSet<String> missing = new TreeSet<>();
        for (String route : Routes.mapped(context)) {
            String[] methodAndPath = route.split(" ", 2);
            if (ApiRoutes.find(methodAndPath[0], methodAndPath[1]) == null) {
                missing.add(route);
            }
        }
        assertThat(missing)
                .as("routes without an entry in web/ApiRouteTable: add each with its tag, summary and "
                        + "the statuses its controller and service answer with")
                .isEmpty();
    }

    @Test
    void everyOperationHasATagASummaryAndProblemJsonErrors() {
        JsonNode doc = api.get("/v3/api-docs").json();
        assertThat(doc.path("info").path("title").asString()).isEqualTo("Dropwise API");
        assertThat(doc.path("info").path("description").asString()).contains("problem+json");
        Set<String> tags = new HashSet<>();
        doc.path("tags").forEach(tag -> tags.add(tag.path("name").asString()));
        assertThat(tags)
                .contains(
                        ApiRoutes.DATASETS,
                        ApiRoutes.JOBS,
                        ApiRoutes.MODELS,
                        ApiRoutes.PREDICTION,
                        ApiRoutes.V2,
                        ApiRoutes.API_KEYS);
        List<String> faults = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        doc.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    String route = op.getKey().toUpperCase() + " " + path.getKey();
                    JsonNode operation = op.getValue();
                    if (operation.path("tags").size() != 1
                            || !tags.contains(operation.path("tags").get(0).asString())) {
                        faults.add(route + ": tags " + operation.path("tags"));
                    }
                    if (operation.path("summary").asString("").isBlank()) {
                        faults.add(route + ": no summary");
                    }
                    if (!operationIds.add(operation.path("operationId").asString())) {
                        faults.add(route + ": operationId " + operation.path("operationId") + " used twice");
                    }
                    operation.path("responses").properties().forEach(response -> {
                        int status = Integer.parseInt(response.getKey());
                        boolean problem = response.getValue().path("content").has(OpenApiConfig.PROBLEM_JSON);
                        if (status >= 400 && status != 503 && !problem) {
                            faults.add(route + ": " + status + " without an application/problem+json body");
                        }
                    });
                    if (!operation.path("responses").has("500")) {
                        faults.add(route + ": no 500");
                    }
                }));
        assertThat(faults).isEmpty();
    }

    @Test
    void theDocumentSaysWhatEachRouteReallyAnswers() {
        JsonNode paths = api.get("/v3/api-docs").json().path("paths");
        JsonNode submit = paths.path("/jobs").path("post");
        assertThat(submit.path("responses").propertyNames()).contains("202", "200", "400", "413", "415", "422", "429");
        assertThat(submit.path("responses").path("429").path("headers").has("Retry-After"))
                .isTrue();
        assertThat(submit.path("responses")
                        .path("422")
                        .path("content")
                        .path(OpenApiConfig.PROBLEM_JSON)
                        .path("examples")
                        .path("idempotency-key-reused")
                        .path("value")
                        .path("type")
                        .asString())
                .isEqualTo(ProblemTypes.BASE + "idempotency-key-reused");
        assertThat(submit.path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("examples")
                        .path("iris-dropout")
                        .path("value")
                        .path("datasetId")
                        .asString())
                .isEqualTo("iris");
        JsonNode upload = paths.path("/datasets").path("post");
        assertThat(upload.path("responses").propertyNames())
                .contains("201", "400", "413", "415")
                .doesNotContain("200");
        assertThat(upload.path("requestBody").path("content").propertyNames())
                .contains("text/csv", "application/csv", "multipart/form-data");
        assertThat(paths.path("/datasets/{id}").path("delete").path("responses").propertyNames())
                .contains("204", "404", "409")
                .doesNotContain("200");
        assertThat(paths.path("/jobs/{id}/cancel")
                        .path("post")
                        .path("responses")
                        .propertyNames())
                .contains("200", "202", "404", "409");
        assertThat(paths.path("/models/{name}/predict")
                        .path("post")
                        .path("responses")
                        .path("200")
                        .path("content")
                        .has("application/json"))
                .isTrue();
    }

    @Test
    void httpRequestsCallEveryRoute() {
        assertThat(Routes.notCalledByHttpRequests(Routes.mapped(context)))
                .as("routes no request in http-requests/*.http calls: add one to the file of its resource")
                .isEmpty();
    }

    private static SortedSet<String> difference(Set<String> a, Set<String> b) {
        SortedSet<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }
}
