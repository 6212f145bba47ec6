package io.dropwise.sweep;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface SweepTrialRepository extends JpaRepository<SweepTrialEntity, SweepTrialEntity.Key> {

    @Query("select t from SweepTrialEntity t where t.key.sweepId = :sweepId order by t.key.trial")
    List<SweepTrialEntity> forSweep(@Param("sweepId") String sweepId);

    @Modifying
    @Query("delete from SweepTrialEntity t where t.key.sweepId = :sweepId")
    int deleteForSweep(@Param("sweepId") String sweepId);
}
