package io.dropwise.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.prediction.TrainedModels;
import io.dropwise.prediction.TrainedModels.Trained;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The native bundle: export, import under another name, bit-identical predictions (deterministic and Monte-Carlo);
 * a damaged, truncated, unknown-version, inconsistent or oversized bundle is refused with a 4xx problem and nothing
 * is stored.
 */
class ModelBundleIntegrationTests extends TransferTestBase {

    @Test
    void anImportedBundlePredictsBitIdenticallyToItsSource() {
        for (Trained trained : List.of(TrainedModels.irisDropout(datasets), TrainedModels.mixedRegression())) {
            String source = uniqueName("bundle-src");
            register(source, trained);
            register(source, trained);
            byte[] bundle = export(source, 2, "dropwise");
            assertThat(Arrays.copyOf(bundle, 4)).isEqualTo("DWBN".getBytes(StandardCharsets.US_ASCII));

            String target = uniqueName("bundle-dst");
            Bytes created = postBytes("/models/" + target + "/versions", bundle);
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            JsonNode view = EXACT.readTree(created.text());
            assertThat(view.get("name").asString()).isEqualTo(target);
            assertThat(view.get("version").asInt()).isEqualTo(1);

            JsonNode before = read(get("/models/" + source + "/versions/2"));
            JsonNode after = read(get("/models/" + target + "/versions/1"));
            for (String field : new String[] {"task", "spec", "schema", "normalization", "metrics", "bestEpoch"}) {
                assertThat(after.get(field)).as(field).isEqualTo(before.get(field));
            }
            List<?> instances = instances(trained);
            assertThat(predictAll(target, 1, instances, "")).isEqualTo(predictAll(source, 2, instances, ""));
            String mc = "?mcSamples=20&mcSeed=42";
            assertThat(predictAll(target, 1, instances, mc)).isEqualTo(predictAll(source, 2, instances, mc));
            // the exported bundle of the imported version holds the same model bytes
            assertThat(modelBytes(export(target, 1, "dropwise"))).isEqualTo(modelBytes(bundle));
        }
    }

    /** The bundle carries the job spec as stored: a field added to it (the schedule's length) needs no new format. */
    @Test
    void theSpecTravelsWholeTheSchedulesLengthIncluded() {
        Trained t = TrainedModels.irisDropout(datasets);
        String spec = """
                {"training":{"epochs":5,"learningRateSchedule":\
                {"type":"cosine","stepEpochs":10,"gamma":0.5,"minLearningRate":0.0,"epochs":100}}}""";
        String source = uniqueName("bundle-spec");
        register(source, new Trained(t.model(), t.schema(), t.datasetId(), spec, t.bestEpoch(), t.bestMetrics()));
        String target = uniqueName("bundle-spec-dst");
        Bytes created = postBytes("/models/" + target + "/versions", export(source, 1, "dropwise"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode after = read(get("/models/" + target + "/versions/1"));
        assertThat(after.at("/spec/training/learningRateSchedule/epochs").asInt())
                .isEqualTo(100);
        assertThat(after.get("spec"))
                .isEqualTo(read(get("/models/" + source + "/versions/1")).get("spec"));
    }

    @Test
    void aDamagedBundleIsRefusedAndNothingIsStored() {
        byte[] bundle = sourceBundle();
        long stored = versionsStored();
        List<Long> counts = counts();
        int manifestEnd = 12 + ByteBuffer.wrap(bundle, 8, 4).getInt();
        // a byte in the manifest, in the model's weights, in the checksum
        for (int at : new int[] {20, manifestEnd + 200, bundle.length - 2}) {
            byte[] damaged = bundle.clone();
            damaged[at] ^= 0x10;
            assertRefused(damaged, "invalid-model-bundle", "checksum");
        }
        assertRefused(Arrays.copyOf(bundle, bundle.length - 7), "invalid-model-bundle", "truncated");
        assertRefused(Arrays.copyOf(bundle, 100), "invalid-model-bundle", "truncated");
        assertRefused(Arrays.copyOf(bundle, 2), "invalid-model-bundle", "truncated");
        assertRefused(new byte[0], "invalid-model-bundle", "truncated");
        assertRefused("not a bundle at all".getBytes(StandardCharsets.UTF_8), "invalid-model-bundle", "DWBN");
        byte[] longer = Arrays.copyOf(bundle, bundle.length + 1);
        assertRefused(longer, "invalid-model-bundle", "goes on");
        assertThat(versionsStored()).isEqualTo(stored);
        assertThat(counts()).isEqualTo(counts);
    }

    @Test
    void anUnknownFormatVersionIsRefused() {
        byte[] bundle = sourceBundle();
        long stored = versionsStored();
        byte[] newer = bundle.clone();
        ByteBuffer.wrap(newer).putInt(4, 2);
        assertRefused(withChecksum(newer), "unsupported-bundle-version", "version 2");
        assertThat(versionsStored()).isEqualTo(stored);
    }

    @Test
    void aBundleWhoseSchemaDoesNotFitItsModelIsRefused() {
        byte[] bundle = sourceBundle();
        long stored = versionsStored();
        ObjectNode manifest = (ObjectNode) EXACT.readTree(manifest(bundle));
        ObjectNode feature =
                ((ObjectNode) manifest.get("schema").get("features").get(0)).deepCopy();
        feature.put("name", "extra");
        ((tools.jackson.databind.node.ArrayNode) manifest.get("schema").get("features")).add(feature);
        assertRefused(rebuild(manifest.toString(), modelBytes(bundle)), "invalid-model-bundle", "encodes 5 inputs");

        ObjectNode classes = (ObjectNode) EXACT.readTree(manifest(bundle));
        ((tools.jackson.databind.node.ArrayNode) classes.get("schema").get("classes")).remove(0);
        assertRefused(rebuild(classes.toString(), modelBytes(bundle)), "invalid-model-bundle", "2 classes");

        ObjectNode twice = (ObjectNode) EXACT.readTree(manifest(bundle));
        ((ObjectNode) twice.get("schema").get("features").get(1)).put("name", "sepal_length_cm");
        assertRefused(rebuild(twice.toString(), modelBytes(bundle)), "invalid-model-bundle", "repeated");

        byte[] damagedModel = modelBytes(bundle);
        damagedModel[damagedModel.length / 2] ^= 1;
        assertRefused(rebuild(manifest(bundle), damagedModel), "invalid-model-bundle", "does not decode");
        assertRefused(rebuild("{\"formatVersion\": 1", modelBytes(bundle)), "invalid-model-bundle", "manifest");
        assertThat(versionsStored()).isEqualTo(stored);
    }

    @Test
    void anOversizedBundleIsRefusedBeforeItIsRead() throws IOException {
        long stored = versionsStored();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /models/too-big/versions HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/octet-stream\r\nContent-Length: 300000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(600), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("dropwise.limits.max-bundle-bytes");
        }
        assertThat(versionsStored()).isEqualTo(stored);
    }

    @Test
    void anInvalidTargetNameIsRefused() {
        Bytes answer = postBytes("/models/bad%20name/versions", sourceBundle());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text()).contains(PROBLEMS + "validation");
    }

    private void assertRefused(byte[] body, String type, String detail) {
        Bytes answer = postBytes("/models/" + uniqueName("refused") + "/versions", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = EXACT.readTree(answer.text());
        assertThat(problem.get("type").asString()).isEqualTo(PROBLEMS + type);
        assertThat(problem.get("detail").asString()).contains(detail);
    }

    private byte[] sourceBundle() {
        String source = uniqueName("bundle-src");
        register(source, TrainedModels.irisPlain(datasets));
        return export(source, 1, "dropwise");
    }

    private List<?> instances(Trained trained) {
        List<Object> instances = new ArrayList<>();
        if (trained.schema().classes().isEmpty()) {
            String[] colors = {"red", "green", "blue"};
            for (int i = 0; i < 60; i++) {
                instances.add(List.of(i * 0.17, colors[i % 3]));
            }
        } else {
            float[] x = datasets.load("iris").data().x();
            for (int r = 0; r < 150; r++) {
                instances.add(List.of(x[r * 4], x[r * 4 + 1], x[r * 4 + 2], x[r * 4 + 3]));
            }
        }
        return instances;
    }

    private static String manifest(byte[] bundle) {
        int length = ByteBuffer.wrap(bundle, 8, 4).getInt();
        return new String(bundle, 12, length, StandardCharsets.UTF_8);
    }

    private static byte[] modelBytes(byte[] bundle) {
        int manifestEnd = 12 + ByteBuffer.wrap(bundle, 8, 4).getInt();
        int length = ByteBuffer.wrap(bundle, manifestEnd, 4).getInt();
        return Arrays.copyOfRange(bundle, manifestEnd + 4, manifestEnd + 4 + length);
    }

    /** A well-formed bundle (right checksum) around the given manifest and model. */
    private static byte[] rebuild(String manifest, byte[] model) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(ModelBundle.MAGIC);
            out.writeInt(ModelBundle.VERSION);
            byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
            out.writeInt(m.length);
            out.write(m);
            out.writeInt(model.length);
            out.write(model);
            out.writeInt(0);
            return withChecksum(bytes.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites the last four bytes with the CRC32 of the others. */
    private static byte[] withChecksum(byte[] bundle) {
        CRC32 crc = new CRC32();
        crc.update(bundle, 0, bundle.length - 4);
        ByteBuffer.wrap(bundle).putInt(bundle.length - 4, (int) crc.getValue());
        return bundle;
    }
}
