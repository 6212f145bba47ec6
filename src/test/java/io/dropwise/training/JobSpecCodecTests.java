package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stored spec format: today's rows (no version) read, new rows carry the version, newer ones are refused. */
class JobSpecCodecTests {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final JobSpecCodec codec = new JobSpecCodec(JSON);

    @Test
    void aRowWrittenBeforeTheVersionExistedReads() {
        JobSpec spec = codec.read(JobHardeningIntegrationTests.SPEC_WITHOUT_VERSION);
        assertThat(spec.name()).isEqualTo("iris");
        assertThat(spec.model().hiddenLayers())
                .singleElement()
                .isEqualTo(new JobSpec.HiddenLayer(8, JobSpec.ActivationName.RELU, 0.5, false));
        assertThat(spec.training().learningRateSchedule().type()).isEqualTo(JobSpec.ScheduleType.CONSTANT);
    }

    @Test
    void aWrittenSpecStartsWithItsVersionAndReadsBackEqual() {
        JobSpec spec = codec.read(JobHardeningIntegrationTests.SPEC_WITHOUT_VERSION);
        String stored = codec.write(spec);
        assertThat(stored).startsWith("{\"specVersion\":" + JobSpecCodec.CURRENT + ",\"name\":\"iris\"");
        assertThat(codec.read(stored)).isEqualTo(spec);
        assertThat(codec.canonical(spec)).doesNotContain("specVersion");
    }

    @Test
    void theTreeTheApiShowsHasNoVersionMemberWhicheverVersionWroteIt() {
        JobSpec spec = codec.read(JobHardeningIntegrationTests.SPEC_WITHOUT_VERSION);
        JsonNode fromV2 = codec.readTree(codec.write(spec));
        JsonNode fromV1 = codec.readTree(JobHardeningIntegrationTests.SPEC_WITHOUT_VERSION);
        assertThat(fromV2.has(JobSpecCodec.VERSION_FIELD)).isFalse();
        // compared as text: a parsed 42 and a written long 42 are different node types with the same JSON
        assertThat(fromV2.toString()).isEqualTo(codec.canonical(spec)).isEqualTo(fromV1.toString());
    }

    @Test
    void aNewerVersionIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> codec.read("{\"specVersion\": 99, \"datasetId\": \"iris\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 99", "reads 1 to " + JobSpecCodec.CURRENT);
    }

    @Test
    void aStoredNumberOfBlasThreadsStaysACapAndAutoRoundTrips() {
        JobSpec old = codec.read(JobHardeningIntegrationTests.SPEC_WITHOUT_VERSION);
        assertThat(old.training().blasThreads()).isEqualTo(BlasThreads.of(1));
        assertThat(EngineSpecs.training(old).blasThreads()).isEqualTo(1);
        JobSpec auto = new JobSpec(
                old.name(),
                old.datasetId(),
                old.model(),
                new JobSpec.Training(
                        old.training().epochs(),
                        old.training().batchSize(),
                        old.training().optimizer(),
                        old.training().l1(),
                        old.training().l2(),
                        old.training().maxNorm(),
                        old.training().validationFraction(),
                        old.training().earlyStopping(),
                        old.training().seed(),
                        old.training().checkpointEveryEpochs(),
                        old.training().dropoutScaling(),
                        old.training().featureScaling(),
                        old.training().learningRateSchedule(),
                        BlasThreads.AUTO));
        String stored = codec.write(auto);
        assertThat(stored).contains("\"blasThreads\":\"auto\"");
        assertThat(codec.read(stored)).isEqualTo(auto);
        assertThat(EngineSpecs.training(auto).blasThreads())
                .as("no cap for the engine")
                .isZero();
    }
}
