package io.dropwise.training;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface EpochMetricRepository extends JpaRepository<EpochMetricEntity, Long> {

    List<EpochMetricEntity> findByJobIdOrderByEpoch(String jobId);

    List<EpochMetricEntity> findByJobIdAndEpochGreaterThanOrderByEpoch(String jobId, int epoch);

    Optional<EpochMetricEntity> findByJobIdAndEpoch(String jobId, int epoch);

    @Query("select avg(m.epochMillis) from EpochMetricEntity m where m.jobId = :jobId")
    Double averageEpochMillis(@Param("jobId") String jobId);

    @Modifying
    @Query("delete from EpochMetricEntity m where m.jobId = :jobId and m.epoch > :epoch")
    int deleteAfter(@Param("jobId") String jobId, @Param("epoch") int epoch);
}
