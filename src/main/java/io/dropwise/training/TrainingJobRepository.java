package io.dropwise.training;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface TrainingJobRepository extends JpaRepository<TrainingJobEntity, String> {

    Optional<TrainingJobEntity> findByIdempotencyScopeAndIdempotencyKey(String scope, String idempotencyKey);

    /** Frees an expired idempotency key of a caller so that it can name a new job. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update TrainingJobEntity j set j.idempotencyKey = null, j.idempotencyScope = null "
            + "where j.idempotencyScope = :scope and j.idempotencyKey = :key and j.createdAt < :before")
    int releaseIdempotencyKey(@Param("scope") String scope, @Param("key") String key, @Param("before") Instant before);

    /** Reads the job with a write lock held to the end of the transaction. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from TrainingJobEntity j where j.id = :id")
    Optional<TrainingJobEntity> lock(@Param("id") String id);

    /**
     * Finished jobs that ended before {@code before}, oldest first; not a sweep's jobs (its leaderboard is made of
     * them: they go with the sweep, {@code DELETE /sweeps/{id}}).
     */
    @Query("select j.id from TrainingJobEntity j where j.status in :statuses and j.finishedAt < :before "
            + "and j.sweepId is null order by j.finishedAt, j.id")
    List<String> finishedBefore(
            @Param("statuses") Collection<JobStatus> statuses, @Param("before") Instant before, Pageable pageable);

    /** Queued or running jobs that will register a version of {@code modelName} when they succeed. */
    @Query("select j.id from TrainingJobEntity j where j.name = :name and j.status in :statuses order by j.createdAt")
    List<String> namedWithStatus(@Param("name") String name, @Param("statuses") Collection<JobStatus> statuses);

    Page<TrainingJobEntity> findByStatus(JobStatus status, Pageable pageable);

    long countByStatus(JobStatus status);

    List<TrainingJobEntity> findBySweepId(String sweepId);

    boolean existsByDatasetIdAndStatusIn(String datasetId, Collection<JobStatus> statuses);

    @Query("select new io.dropwise.training.JobSignal(j.id, j.status, j.attempts, "
            + "j.cancelRequested) from TrainingJobEntity j where j.id in :ids")
    List<JobSignal> signals(@Param("ids") Collection<String> ids);

    @Query("select new io.dropwise.training.StatusCount(j.status, count(j)) "
            + "from TrainingJobEntity j group by j.status")
    List<StatusCount> countByStatusGrouped();

    /** Serializes submissions (queue bound) across transactions and instances. */
    @Query(value = "select id from training_queue_lock where id = 1 for update", nativeQuery = true)
    Integer lockQueue();

    /**
     * Records progress if the job still belongs to this attempt (the fence); 0 means it does not. Leaves
     * {@code version} alone so it never conflicts with a status change made through the entity.
     */
    @Modifying
    @Query("update TrainingJobEntity j set j.currentEpoch = :epoch, j.bestEpoch = :bestEpoch, j.updatedAt = :now "
            + "where j.id = :id and j.attempts = :attempt and j.status = io.dropwise.training.JobStatus.RUNNING")
    int recordProgress(
            @Param("id") String id,
            @Param("attempt") int attempt,
            @Param("epoch") int epoch,
            @Param("bestEpoch") Integer bestEpoch,
            @Param("now") Instant now);

    /** Touches the job if it still belongs to this attempt; 0 means it does not. */
    /** Forgets deleted model versions on the jobs that registered them (see {@link JobModelLink}). */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update TrainingJobEntity j set j.modelName = null, j.modelVersion = null "
            + "where j.modelName = :name and j.modelVersion in :versions")
    int detachModel(@Param("name") String name, @Param("versions") List<Integer> versions);

    @Modifying
    @Query("update TrainingJobEntity j set j.updatedAt = :now where j.id = :id and j.attempts = :attempt "
            + "and j.status = io.dropwise.training.JobStatus.RUNNING")
    int touch(@Param("id") String id, @Param("attempt") int attempt, @Param("now") Instant now);
}
