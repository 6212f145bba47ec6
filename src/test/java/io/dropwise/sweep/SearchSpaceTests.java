package io.dropwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Grid expansion, paths into a job spec, and random search. */
class SearchSpaceTests {

    private static final JsonMapper JSON = JsonMapper.shared();

    private static ObjectNode spec() {
        return (ObjectNode) JSON.readTree("""
                {"datasetId": "iris",
                 "model": {"inputDropout": 0.2,
                           "hiddenLayers": [{"units": 64, "dropout": 0.5}, {"units": 32, "dropout": 0.5},
                                            {"units": 16, "dropout": 0.5}]},
                 "training": {"epochs": 10, "optimizer": {"type": "adam", "learningRate": 0.001}}}""");
    }

    private static List<JsonNode> values(String json) {
        return List.of(JSON.readTree(json).valueStream().toArray(JsonNode[]::new));
    }

    @Test
    void aGridIsTheCartesianProductWithTheFirstPathSlowest() {
        LinkedHashMap<String, List<JsonNode>> grid = new LinkedHashMap<>();
        grid.put("model.inputDropout", values("[0, 0.2]"));
        grid.put("model.hiddenLayers[*].dropout", values("[0, 0.25, 0.5]"));
        List<Map<String, JsonNode>> trials = SearchSpace.grid(grid);
        assertThat(SearchSpace.gridSize(grid)).isEqualTo(6);
        assertThat(trials).hasSize(6);
        assertThat(trials.get(0).toString()).isEqualTo("{model.inputDropout=0, model.hiddenLayers[*].dropout=0}");
        assertThat(trials.get(4).get("model.inputDropout").asDouble()).isEqualTo(0.2);
        assertThat(trials.get(4).get("model.hiddenLayers[*].dropout").asDouble())
                .isEqualTo(0.25);
        assertThat(List.copyOf(trials.get(5).keySet()))
                .containsExactly("model.inputDropout", "model.hiddenLayers[*].dropout");
    }

    @Test
    void aGridThatWouldOverflowSaturates() {
        LinkedHashMap<String, List<JsonNode>> grid = new LinkedHashMap<>();
        List<JsonNode> many = values("[" + "1,".repeat(999) + "1]");
        for (int i = 0; i < 8; i++) {
            grid.put("p" + i, many);
        }
        assertThat(SearchSpace.gridSize(grid)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void starSetsEveryHiddenLayerAndAnIndexOnlyItsOwn() {
        ObjectNode spec = spec();
        SpecPaths.set(spec, "model.hiddenLayers[*].dropout", JSON.readTree("0.25"));
        SpecPaths.set(spec, "model.hiddenLayers[1].units", JSON.readTree("8"));
        SpecPaths.set(spec, "training.optimizer.learningRate", JSON.readTree("0.01"));
        assertThat(SpecPaths.resolve(spec, "model.hiddenLayers[*].dropout"))
                .extracting(JsonNode::asDouble)
                .containsExactly(0.25, 0.25, 0.25);
        assertThat(SpecPaths.resolve(spec, "model.hiddenLayers[*].units"))
                .extracting(JsonNode::asInt)
                .containsExactly(64, 8, 16);
        assertThat(spec.at("/training/optimizer/learningRate").asDouble()).isEqualTo(0.01);
        assertThat(spec.at("/model/inputDropout").asDouble()).isEqualTo(0.2);
    }

    @Test
    void onlyPathsToExistingValuesAreValid() {
        ObjectNode spec = spec();
        assertThat(SpecPaths.reachesValues(spec, "model.hiddenLayers[*].dropout"))
                .isTrue();
        assertThat(SpecPaths.reachesValues(spec, "model.hiddenLayers[2].units")).isTrue();
        assertThat(SpecPaths.reachesValues(spec, "training.optimizer.learningRate"))
                .isTrue();
        assertThat(SpecPaths.reachesValues(spec, "model.hiddenLayers[3].units")).isFalse();
        assertThat(SpecPaths.reachesValues(spec, "model.dropuot")).isFalse();
        assertThat(SpecPaths.reachesValues(spec, "model.hiddenLayers"))
                .as("an array, not a value")
                .isFalse();
        assertThat(SpecPaths.reachesValues(spec, "training.optimizer"))
                .as("an object")
                .isFalse();
        assertThatThrownBy(() -> SpecPaths.parse("model..x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpecPaths.parse("model.hiddenLayers[-1]"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProblemFieldIsMatchedToThePathThatSetIt() {
        assertThat(SpecPaths.covers("model.hiddenLayers[*].dropout", "model.hiddenLayers[2].dropout"))
                .isTrue();
        assertThat(SpecPaths.covers("model.hiddenLayers[1].dropout", "model.hiddenLayers[2].dropout"))
                .isFalse();
        assertThat(SpecPaths.covers("training.optimizer.learningRate", "training.optimizer.learningRate"))
                .isTrue();
        assertThat(SpecPaths.covers("training.l2", "training.l1")).isFalse();
    }

    @Test
    void aRandomSearchIsReproducibleFromItsSeed() {
        Map<String, JsonNode> space = new LinkedHashMap<>();
        space.put("training.optimizer.learningRate", JSON.readTree("{\"logUniform\": [0.0001, 0.1]}"));
        space.put("model.hiddenLayers[*].dropout", JSON.readTree("{\"uniform\": [0, 0.6]}"));
        space.put("model.hiddenLayers[0].units", JSON.readTree("{\"uniform\": [8, 64]}"));
        space.put("training.optimizer.type", JSON.readTree("{\"choice\": [\"adam\", \"sgd\"]}"));
        ObjectNode spec = spec();
        List<Map<String, JsonNode>> a = SearchSpace.random(
                20, 7, space, p -> SpecPaths.resolve(spec, p).stream().allMatch(JsonNode::isIntegralNumber));
        List<Map<String, JsonNode>> b = SearchSpace.random(
                20, 7, space, p -> SpecPaths.resolve(spec, p).stream().allMatch(JsonNode::isIntegralNumber));
        List<Map<String, JsonNode>> c = SearchSpace.random(20, 8, space, p -> false);
        assertThat(a).isEqualTo(b).hasSize(20);
        assertThat(a).isNotEqualTo(c);
        for (Map<String, JsonNode> t : a) {
            double lr = t.get("training.optimizer.learningRate").asDouble();
            assertThat(lr).isBetween(0.0001, 0.1);
            assertThat(t.get("model.hiddenLayers[*].dropout").asDouble()).isBetween(0.0, 0.6);
            assertThat(t.get("model.hiddenLayers[0].units").isIntegralNumber()).isTrue();
            assertThat(t.get("training.optimizer.type").asString()).isIn("adam", "sgd");
        }
        // log-uniform: about half the draws below the geometric middle (0.00316)
        long low = a.stream()
                .filter(t -> t.get("training.optimizer.learningRate").asDouble() < Math.sqrt(0.0001 * 0.1))
                .count();
        assertThat(low).isBetween(4L, 16L);
    }
}
