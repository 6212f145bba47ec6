package io.dropwise.model;

import io.dropwise.training.CancelledJobModels;
import io.dropwise.training.CheckpointModel;
import io.dropwise.training.JobModelLink;
import io.dropwise.web.Names;
import io.dropwise.web.ValidationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /jobs/{id}/register}: a cancelled job's best checkpoint as the next version of a model. The model is
 * rebuilt outside any transaction ({@link CancelledJobModels#bestOf}); then one transaction locks the job, checks it
 * again, registers the version through {@link ModelRegistry#register} (as a succeeded job's model is) and links it
 * to the job ({@link JobModelLink}), so a job is registered at most once.
 */
@Service
class CancelledJobRegistration {

    private final CancelledJobModels jobs;
    private final ModelRegistry registry;
    private final ObjectProvider<JobModelLink> links;
    private final TransactionTemplate transactions;

    CancelledJobRegistration(
            CancelledJobModels jobs,
            ModelRegistry registry,
            ObjectProvider<JobModelLink> links,
            PlatformTransactionManager transactionManager) {
        this.jobs = jobs;
        this.registry = registry;
        this.links = links;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Registers the job's best checkpoint.
     *
     * @param name the model to register into, or null for the job's {@code name}
     */
    ModelVersionRef register(String jobId, String name) {
        if (name != null && !Names.isValid(name)) {
            throw ValidationException.of("name", Names.RULE);
        }
        CheckpointModel model = jobs.bestOf(jobId);
        String modelName = name != null ? name : model.jobName();
        return transactions.execute(tx -> {
            jobs.lockForRegistration(jobId);
            ModelVersionRef ref = registry.register(new ModelRegistration(
                    modelName,
                    jobId,
                    model.datasetId(),
                    model.specJson(),
                    model.schema(),
                    model.modelData(),
                    model.bestEpoch(),
                    model.bestMetrics(),
                    Instant.now().truncatedTo(ChronoUnit.MICROS)));
            links.ifAvailable(link -> link.attachModelVersion(jobId, ref.name(), ref.version()));
            return ref;
        });
    }
}
