package io.dropwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The refit's training section made from a trial's normalized spec ({@link SweepCoordinator#refitTraining}). */
class RefitTrainingTests {

    private static final JsonMapper JSON = JsonMapper.shared();

    private static ObjectNode refit(String schedule, int epochs) {
        ObjectNode training = (ObjectNode) JSON.readTree("""
                {"epochs": 100, "validationFraction": 0.3333, "learningRateSchedule": %s}""".formatted(schedule));
        SweepCoordinator.refitTraining(training, epochs);
        return training;
    }

    @Test
    void aShorterRefitKeepsTheTrialsCosineSchedule() {
        ObjectNode training = refit("{\"type\": \"cosine\", \"minLearningRate\": 0.0}", 5);
        assertThat(training.get("epochs").asInt()).isEqualTo(5);
        assertThat(training.get("validationFraction").asDouble()).isZero();
        assertThat(training.at("/learningRateSchedule/epochs").asInt()).isEqualTo(100);
        assertThat(refit("{\"type\": \"cosine\", \"epochs\": null}", 5)
                        .at("/learningRateSchedule/epochs")
                        .asInt())
                .isEqualTo(100);
    }

    @Test
    void otherwiseTheScheduleIsLeftAsItIs() {
        // the refit as long as the trials: nothing to keep
        assertThat(refit("{\"type\": \"cosine\"}", 100)
                        .at("/learningRateSchedule")
                        .has("epochs"))
                .isFalse();
        // the trials' own length is theirs already
        assertThat(refit("{\"type\": \"cosine\", \"epochs\": 40}", 5)
                        .at("/learningRateSchedule/epochs")
                        .asInt())
                .isEqualTo(40);
        // constant and step do not depend on the epoch count
        for (String type : new String[] {"constant", "step"}) {
            assertThat(refit("{\"type\": \"" + type + "\"}", 5)
                            .at("/learningRateSchedule")
                            .has("epochs"))
                    .as(type)
                    .isFalse();
        }
    }
}
