package io.dropwise.sweep;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface SweepRepository extends JpaRepository<SweepEntity, String> {

    /** The sweep, its row locked for this transaction: one coordinator at a time, across instances. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from SweepEntity s where s.id = :id")
    Optional<SweepEntity> lock(@Param("id") String id);

    @Query("select s.id from SweepEntity s where s.status in :statuses order by s.createdAt")
    List<String> idsByStatus(@Param("statuses") Collection<SweepStatus> statuses);

    boolean existsByDatasetIdAndStatusIn(String datasetId, Collection<SweepStatus> statuses);

    /** Forgets deleted model versions on the sweeps whose refit registered them. */
    @Modifying(flushAutomatically = true)
    @Query("update SweepEntity s set s.modelName = null, s.modelVersion = null "
            + "where s.modelName = :name and s.modelVersion in :versions")
    int detachModel(@Param("name") String name, @Param("versions") List<Integer> versions);
}
