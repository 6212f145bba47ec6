package io.dropwise.training;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobAttemptRepository extends JpaRepository<JobAttemptEntity, Long> {

    Optional<JobAttemptEntity> findByJobIdAndAttempt(String jobId, int attempt);

    List<JobAttemptEntity> findByJobIdOrderByAttempt(String jobId);
}
