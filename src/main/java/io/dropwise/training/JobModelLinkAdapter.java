package io.dropwise.training;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The model registry telling training which version a job produced (model depends on training, not back). */
@Component
class JobModelLinkAdapter implements JobModelLink {

    private static final Logger log = LoggerFactory.getLogger(JobModelLinkAdapter.class);

    private final TrainingJobRepository jobs;

    JobModelLinkAdapter(TrainingJobRepository jobs) {
        this.jobs = jobs;
    }

    /** Records the model version a job produced; a job id that does not exist (a test event) is ignored. */
    @Override
    @Transactional
    public void attachModelVersion(String jobId, String modelName, int version) {
        jobs.findById(jobId)
                .ifPresentOrElse(
                        job -> job.attachModel(modelName, version),
                        () -> log.warn(
                                "Model {} version {} names job {}, which does not exist", modelName, version, jobId));
    }

    @Override
    @Transactional
    public void detachModelVersions(String modelName, List<Integer> versions) {
        if (!versions.isEmpty()) {
            jobs.detachModel(modelName, versions);
        }
    }
}
