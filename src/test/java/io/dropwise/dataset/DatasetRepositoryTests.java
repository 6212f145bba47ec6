package io.dropwise.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

import io.dropwise.config.LimitsProperties;
import io.dropwise.engine.Task;
import io.dropwise.web.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The entity, the repository and the service's storage paths on the Flyway schema (H2). */
@DataJpaTest
class DatasetRepositoryTests {

    private static final LimitsProperties LIMITS = new LimitsProperties(1, 1, 1, 1, 1, 1 << 20, 10_000, 100, 1, 1, 1);
    private static final String CSV = "x,colour,label\n1.5,red,a\n2.5,blue,b\n3.5,red,b\n";

    @Autowired
    DatasetRepository repository;

    @Autowired
    JdbcTemplate jdbc;

    private final Set<String> inUse = new java.util.HashSet<>();

    @Test
    void flywaySchemaStoresAndReadsAnEntityAndItsBlob() throws IOException {
        DatasetService service = service(repository);
        DatasetView view = service.upload(
                new DatasetService.UploadRequest("shapes", null, null), body(CSV), StandardCharsets.UTF_8);

        assertThat(view.id()).matches("ds-[0-9a-f]{12}");
        assertThat(jdbc.queryForObject("select count(*) from dataset where id = ?", Integer.class, view.id()))
                .isEqualTo(1);
        DatasetEntity stored = repository.findById(view.id()).orElseThrow();
        assertThat(stored.getName()).isEqualTo("shapes");
        assertThat(stored.getTask()).isEqualTo(Task.CLASSIFICATION);
        assertThat(stored.getRowCount()).isEqualTo(3);
        assertThat(stored.getFeatureCount()).isEqualTo(2);
        assertThat(stored.getInputWidth()).isEqualTo(3);
        assertThat(stored.getSizeBytes()).isEqualTo(CSV.length());
        assertThat(stored.getStoredBytes()).isEqualTo(stored.getData().length);
        // gzip magic number: the blob is compressed
        assertThat(stored.getData()[0]).isEqualTo((byte) 0x1f);
        assertThat(stored.getData()[1]).isEqualTo((byte) 0x8b);
        assertThat(stored.getSchemaJson()).contains("\"colour\"", "\"blue\"");
        assertThat(stored.getClassCounts()).isEqualTo("[1,2]");

        LoadedDataset loaded = service.load(view.id());
        assertThat(loaded.schema().classes()).containsExactly("a", "b");
        assertThat(loaded.schema().features().get(0).mean()).isEqualTo(2.5);
        assertThat(loaded.schema().features().get(1).mean()).isNaN();
        assertThat(loaded.data().x()).containsExactly(1.5f, 0, 1, 2.5f, 1, 0, 3.5f, 0, 1);
        assertThat(loaded.data().labels()).containsExactly(0, 1, 1);
    }

    @Test
    void metadataProjectionAndPaging() throws IOException {
        DatasetService service = service(repository);
        String first = service.upload(
                        new DatasetService.UploadRequest("one", null, null), body(CSV), StandardCharsets.UTF_8)
                .id();
        service.upload(new DatasetService.UploadRequest("two", null, null), body(CSV), StandardCharsets.UTF_8);

        DatasetMetadata metadata = repository.findMetadataById(first).orElseThrow();
        assertThat(metadata.getName()).isEqualTo("one");
        assertThat(metadata.getTask()).isEqualTo(Task.CLASSIFICATION);
        assertThat(metadata.isBuiltin()).isFalse();
        var page = repository.findAllProjectedBy(PageRequest.of(0, 1, Sort.by("createdAt", "id")));
        assertThat(page.getTotalElements()).isEqualTo(2);
        assertThat(page.getContent()).hasSize(1);
    }

    @Test
    void deleteRefusesDatasetsOfActiveJobsAndBuiltins() throws IOException {
        DatasetService service = service(repository);
        String id = service.upload(
                        new DatasetService.UploadRequest("busy", null, null), body(CSV), StandardCharsets.UTF_8)
                .id();
        inUse.add(id);
        ApiException busy = catchThrowableOfType(ApiException.class, () -> service.delete(id));
        assertThat(busy.getStatusCode().value()).isEqualTo(409);
        assertThat(busy.type().toString()).endsWith("/dataset-in-use");
        assertThat(repository.existsById(id)).isTrue();

        inUse.clear();
        service.delete(id);
        assertThat(repository.existsById(id)).isFalse();

        service.installBuiltin(builtin("iris"), resource("iris"), StandardCharsets.UTF_8);
        ApiException builtin = catchThrowableOfType(ApiException.class, () -> service.delete("iris"));
        assertThat(builtin.getStatusCode().value()).isEqualTo(409);
        assertThat(builtin.type().toString()).endsWith("/dataset-builtin");
        ApiException unknown = catchThrowableOfType(ApiException.class, () -> service.delete("nope"));
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void uploadPastTheByteLimitIsCutOffWhileReadingAndWritesNothing() {
        long before = repository.count();
        LimitsProperties small = new LimitsProperties(1, 1, 1, 1, 1, 64, 10_000, 100, 1, 1, 1);
        DatasetService service = new DatasetService(repository, JsonMapper.shared(), small, new InUse());
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(',').append(i * 2).append(',').append(i % 2).append('\n');
        }
        // a stream of unknown length, as a chunked request body is
        InputStream unknownLength = new java.io.BufferedInputStream(body(csv.toString()), 16);
        ApiException e = catchThrowableOfType(
                ApiException.class,
                () -> service.upload(
                        new DatasetService.UploadRequest("big", null, null), unknownLength, StandardCharsets.UTF_8));
        assertThat(e.getStatusCode().value()).isEqualTo(413);
        assertThat(e.getBody().getDetail()).contains("64 bytes", "dropwise.limits.max-upload-bytes");
        assertThat(repository.count()).isEqualTo(before);
    }

    /** Two instances starting at once: the one that loses the insert race sees a duplicate key and carries on. */
    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void builtinInstallToleratesADuplicateKeyRace() throws IOException {
        try {
            assertThat(service(repository).installBuiltin(builtin("wine"), resource("wine"), StandardCharsets.UTF_8))
                    .isTrue();
            // the other instance checked before the first insert committed: existsById said false
            DatasetRepository racing = mock(DatasetRepository.class, delegatesTo(repository));
            doReturn(false, true).when(racing).existsById("wine");
            assertThat(service(racing).installBuiltin(builtin("wine"), resource("wine"), StandardCharsets.UTF_8))
                    .isFalse();
            assertThat(jdbc.queryForObject("select count(*) from dataset where id = 'wine'", Integer.class))
                    .isEqualTo(1);
            // and a restart finds it present
            assertThat(service(repository).installBuiltin(builtin("wine"), resource("wine"), StandardCharsets.UTF_8))
                    .isFalse();
        } finally {
            jdbc.update("delete from dataset");
        }
    }

    private DatasetService service(DatasetRepository repo) {
        return new DatasetService(repo, JsonMapper.shared(), LIMITS, new InUse());
    }

    private static InputStream body(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static BuiltinDatasets.Builtin builtin(String id) {
        return BuiltinDatasets.ALL.stream()
                .filter(b -> b.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static InputStream resource(String id) {
        return DatasetRepositoryTests.class.getResourceAsStream("/datasets/" + id + ".csv");
    }

    /** The training feature's check, stubbed: the datasets in {@link #inUse} belong to active jobs. */
    private final class InUse implements ObjectProvider<DatasetInUseCheck> {
        @Override
        public java.util.stream.Stream<DatasetInUseCheck> orderedStream() {
            return List.<DatasetInUseCheck>of(inUse::contains).stream();
        }

        @Override
        public java.util.stream.Stream<DatasetInUseCheck> stream() {
            return orderedStream();
        }

        @Override
        public DatasetInUseCheck getObject(Object... args) {
            return inUse::contains;
        }

        @Override
        public DatasetInUseCheck getObject() {
            return inUse::contains;
        }

        @Override
        public DatasetInUseCheck getIfAvailable() {
            return inUse::contains;
        }

        @Override
        public DatasetInUseCheck getIfUnique() {
            return inUse::contains;
        }
    }
}
