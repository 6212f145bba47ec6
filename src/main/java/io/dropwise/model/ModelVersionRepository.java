package io.dropwise.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ModelVersionRepository extends JpaRepository<ModelVersionEntity, Long> {

    /** A version without its model bytes. */
    record Summary(
            int version,
            String sourceJobId,
            String datasetId,
            long sizeBytes,
            Instant createdAt,
            String metricsJson,
            Instant sourceJobDeletedAt) {}

    /** What prediction needs to serve a version. */
    record Servable(String schemaJson, byte[] modelData) {}

    /** A version number and the id of its row. */
    record VersionId(int version, long id) {}

    @Query("select new io.dropwise.model.ModelVersionRepository$VersionId(v.version, v.id) "
            + "from ModelVersionEntity v where v.modelName = ?1")
    List<VersionId> ids(String modelName);

    @Query("select new io.dropwise.model.ModelVersionRepository$Summary("
            + "v.version, v.sourceJobId, v.datasetId, v.sizeBytes, v.createdAt, v.metricsJson, "
            + "v.sourceJobDeletedAt) "
            + "from ModelVersionEntity v where v.modelName = ?1 order by v.version desc")
    List<Summary> summaries(String modelName);

    @Query("select v from ModelVersionEntity v where v.modelName = ?1 and v.version = ?2")
    Optional<ModelVersionEntity> find(String modelName, int version);

    @Query("select new io.dropwise.model.ModelVersionRepository$Servable(v.schemaJson, v.modelData) "
            + "from ModelVersionEntity v where v.modelName = ?1 and v.version = ?2")
    Optional<Servable> servable(String modelName, int version);

    @Query("select new io.dropwise.model.ModelVersionRepository$Servable(v.schemaJson, v.modelData) "
            + "from ModelVersionEntity v where v.id = ?1")
    Optional<Servable> servableById(long id);

    /** The newest version left, 0 when none is. */
    @Query("select coalesce(max(v.version), 0) from ModelVersionEntity v where v.modelName = ?1")
    int newest(String modelName);

    @Modifying
    @Query("delete from ModelVersionEntity v where v.modelName = ?1 and v.version = ?2")
    int deleteVersion(String modelName, int version);

    @Modifying
    @Query("delete from ModelVersionEntity v where v.modelName = ?1")
    int deleteAll(String modelName);

    /** The versions a deleted job produced keep serving; they say that their source job is gone. */
    @Modifying
    @Query("update ModelVersionEntity v set v.sourceJobDeletedAt = ?2 where v.sourceJobId = ?1")
    int markSourceJobDeleted(String jobId, Instant at);

    @Query("select count(v) > 0 from ModelVersionEntity v where v.modelName = ?1 and v.version = ?2")
    boolean exists(String modelName, int version);
}
