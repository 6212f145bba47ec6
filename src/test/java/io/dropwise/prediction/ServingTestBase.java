package io.dropwise.prediction;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.dropwise.dataset.DatasetProvider;
import io.dropwise.engine.ModelCodec;
import io.dropwise.model.ModelRegistration;
import io.dropwise.model.ModelRegistry;
import io.dropwise.model.ModelVersionRef;
import io.dropwise.prediction.TrainedModels.Trained;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application on H2 in memory with MockMvc, shared (one cached context) by the registry, prediction and V2
 * tests. Models are trained once per JVM ({@link TrainedModels}) and registered through {@link ModelRegistry}
 * directly, under a fresh name per test.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:dropwise-serving;DB_CLOSE_DELAY=-1")
@AutoConfigureMockMvc
public abstract class ServingTestBase {

    protected static final String PROBLEMS = "https://dropwise.io/problems/";
    protected static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    /** Reads floats exactly: the decimal text, not a double rounded again. */
    protected static final JsonMapper EXACT =
            JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected ModelRegistry registry;

    @Autowired
    protected DatasetProvider datasets;

    protected static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected ModelVersionRef register(String name, Trained trained) {
        return registry.register(new ModelRegistration(name, null, trained.datasetId(), trained.specJson(),
                trained.schema(), ModelCodec.encode(trained.model()), trained.bestEpoch(), trained.bestMetrics(),
                Instant.now()));
    }

    protected MvcResult postJson(String path, String body) throws Exception {
        return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    protected static JsonNode read(MvcResult result) throws Exception {
        return EXACT.readTree(result.getResponse().getContentAsString());
    }

    protected static float exactFloat(JsonNode number) {
        return Float.parseFloat(number.decimalValue().toString());
    }
}
