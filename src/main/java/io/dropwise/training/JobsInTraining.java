package io.dropwise.training;

import java.util.EnumSet;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** For the model registry: which queued or running jobs will register a version of a model when they succeed. */
@Component
public class JobsInTraining {

    private final TrainingJobRepository jobs;

    JobsInTraining(TrainingJobRepository jobs) {
        this.jobs = jobs;
    }

    /** Ids of the queued and running jobs whose {@code name} is {@code modelName}, oldest first. */
    @Transactional(readOnly = true)
    public List<String> registeringInto(String modelName) {
        return jobs.namedWithStatus(modelName, EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING));
    }
}
