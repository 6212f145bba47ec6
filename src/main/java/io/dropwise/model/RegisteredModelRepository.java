package io.dropwise.model;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface RegisteredModelRepository extends JpaRepository<RegisteredModelEntity, String> {

    /** Reads the row with a write lock held to the end of the transaction. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from RegisteredModelEntity m where m.name = ?1")
    Optional<RegisteredModelEntity> lock(String name);
}
