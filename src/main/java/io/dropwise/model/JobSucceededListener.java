package io.dropwise.model;

import io.dropwise.training.JobModelLink;
import io.dropwise.training.JobSucceeded;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Registers the model of every successful job as the next version of the model it names, inside the job's
 * SUCCEEDED transaction (the event is published synchronously there), and tells the job which version it made.
 */
@Component
class JobSucceededListener {

    private final ModelRegistry registry;
    private final ObjectProvider<JobModelLink> links;

    JobSucceededListener(ModelRegistry registry, ObjectProvider<JobModelLink> links) {
        this.registry = registry;
        this.links = links;
    }

    @EventListener
    void on(JobSucceeded event) {
        ModelVersionRef ref = registry.register(new ModelRegistration(
                event.modelName(),
                event.jobId(),
                event.datasetId(),
                event.jobSpecJson(),
                event.schema(),
                event.modelData(),
                event.bestEpoch(),
                event.bestMetrics(),
                event.finishedAt()));
        links.ifAvailable(link -> link.attachModelVersion(event.jobId(), ref.name(), ref.version()));
    }
}
