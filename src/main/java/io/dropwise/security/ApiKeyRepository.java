package io.dropwise.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface ApiKeyRepository extends JpaRepository<ApiKeyEntity, Long> {

    Optional<ApiKeyEntity> findByKeyHash(String keyHash);

    List<ApiKeyEntity> findAllByOrderByIdAsc();

    /** Serializes revocations, so that the last-admin-key check sees every other revocation committed. */
    @Query(value = "select id from api_key_lock where id = 1 for update", nativeQuery = true)
    Integer lockRevocations();

    @Transactional
    @Modifying
    @Query("update ApiKeyEntity k set k.lastUsedAt = :when where k.id = :id")
    void touch(Long id, Instant when);
}
