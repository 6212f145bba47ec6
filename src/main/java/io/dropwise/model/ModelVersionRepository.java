package io.dropwise.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ModelVersionRepository extends JpaRepository<ModelVersionEntity, Long> {

    /** A version without its model bytes. */
    record Summary(
            int version, String sourceJobId, String datasetId, long sizeBytes, Instant createdAt, String metricsJson) {}

    /** What prediction needs to serve a version. */
    record Servable(String schemaJson, byte[] modelData) {}

    @Query("select new io.dropwise.model.ModelVersionRepository$Summary("
            + "v.version, v.sourceJobId, v.datasetId, v.sizeBytes, v.createdAt, v.metricsJson) "
            + "from ModelVersionEntity v where v.modelName = ?1 order by v.version desc")
    List<Summary> summaries(String modelName);

    @Query("select v from ModelVersionEntity v where v.modelName = ?1 and v.version = ?2")
    Optional<ModelVersionEntity> find(String modelName, int version);

    @Query("select new io.dropwise.model.ModelVersionRepository$Servable(v.schemaJson, v.modelData) "
            + "from ModelVersionEntity v where v.modelName = ?1 and v.version = ?2")
    Optional<Servable> servable(String modelName, int version);

    @Query("select count(v) > 0 from ModelVersionEntity v where v.modelName = ?1 and v.version = ?2")
    boolean exists(String modelName, int version);
}
