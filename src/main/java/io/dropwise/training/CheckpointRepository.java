package io.dropwise.training;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface CheckpointRepository extends JpaRepository<CheckpointEntity, Long> {

    /** The complete checkpoints of a job, oldest first, without their bytes. */
    @Query("select new io.dropwise.training.CheckpointInfo(c.id, c.attempt, c.epoch, c.batch, c.kind, "
            + "c.validationLoss, c.sizeBytes, c.formatVersion, c.createdAt, c.chunks) from CheckpointEntity c "
            + "where c.jobId = :jobId and c.chunks is not null order by c.id")
    List<CheckpointInfo> infos(@Param("jobId") String jobId);

    /** Checkpoints of the job whose chunks are not all written (an interrupted write or delete). */
    @Query("select c.id from CheckpointEntity c where c.jobId = :jobId and c.chunks is null")
    List<Long> incomplete(@Param("jobId") String jobId);

    /** Makes checkpoints invisible before their chunks are deleted. */
    @Modifying
    @Query("update CheckpointEntity c set c.chunks = null where c.id in :ids")
    int hide(@Param("ids") List<Long> ids);

    @Modifying
    @Query("update CheckpointEntity c set c.kind = :kind where c.id = :id")
    int markKind(@Param("id") long id, @Param("kind") String kind);
}
