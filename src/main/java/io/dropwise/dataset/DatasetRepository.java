package io.dropwise.dataset;

import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface DatasetRepository extends JpaRepository<DatasetEntity, String> {

    Page<DatasetMetadata> findAllProjectedBy(Pageable pageable);

    Optional<DatasetMetadata> findMetadataById(String id);

    @Modifying
    @Query("delete from DatasetEntity d where d.id = :id")
    int deleteReturningCount(@Param("id") String id);
}
