package io.dropwise.model;

import io.dropwise.training.JobDeleted;
import io.dropwise.training.JobModelLink;
import io.dropwise.training.JobsInTraining;
import io.dropwise.web.ApiException;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deleting model versions and models, and marking the versions of deleted jobs. A deletion takes the registry lock
 * (as a registration does) and the model's row, so it never interleaves with a registration or an alias move. This
 * instance stops resolving a deleted version when the transaction commits ({@link ModelResolver#changing}) and
 * drops its decoded model ({@link ModelVersionsDeleted}); other instances stop within
 * {@code dropwise.prediction.resolution-ttl}, when they reload the model's versions (a request for a version that
 * is no longer there is then a 404 and their decoded copy is never served again; a name deleted and registered
 * again reuses numbers but not row ids, which their caches key on).
 */
@Service
class ModelDeletion {

    private final RegisteredModelRepository models;
    private final ModelVersionRepository versions;
    private final ModelAliasRepository aliases;
    private final ModelResolver resolver;
    private final JobsInTraining training;
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<JobModelLink> links;
    private final ObjectProvider<ModelVersionUsers> users;
    private final Clock clock = Clock.systemUTC();

    ModelDeletion(
            RegisteredModelRepository models,
            ModelVersionRepository versions,
            ModelAliasRepository aliases,
            ModelResolver resolver,
            JobsInTraining training,
            JdbcTemplate jdbc,
            ApplicationEventPublisher events,
            ObjectProvider<JobModelLink> links,
            ObjectProvider<ModelVersionUsers> users) {
        this.models = models;
        this.versions = versions;
        this.aliases = aliases;
        this.resolver = resolver;
        this.training = training;
        this.jdbc = jdbc;
        this.events = events;
        this.links = links;
        this.users = users;
    }

    /** Deletes one version: 404 when it does not exist, 409 while an alias points at it. */
    @Transactional
    public void deleteVersion(String name, int version) {
        RegisteredModelEntity model = lock(name);
        if (!versions.exists(name, version)) {
            throw new ModelVersionNotFoundException(name, Integer.toString(version));
        }
        List<String> aliased = aliases.forModel(name).stream()
                .filter(a -> a.version() == version)
                .map(ModelAliasEntity::alias)
                .toList();
        if (!aliased.isEmpty()) {
            throw new ApiException(
                            HttpStatus.CONFLICT,
                            "model-version-aliased",
                            "Model version aliased",
                            "Version " + version + " of model '" + name + "' is what " + aliased
                                    + " points at; move or delete the alias first (DELETE /models/" + name
                                    + "/aliases/" + aliased.get(0) + ").")
                    .with("aliases", aliased);
        }
        refuseWhilePinned(name, List.of(version));
        versions.deleteVersion(name, version);
        model.versionsDeleted(versions.newest(name), clock.instant());
        models.save(model);
        deleted(name, List.of(version));
    }

    /**
     * Deletes a model: every version and alias. 409 while a queued or running job will register a version of it
     * (cancel it, or let it end, first); a job submitted afterwards creates the name again, from version 1.
     */
    @Transactional
    public void deleteModel(String name) {
        RegisteredModelEntity model = lock(name);
        List<String> jobs = training.registeringInto(name);
        if (!jobs.isEmpty()) {
            throw new ApiException(
                            HttpStatus.CONFLICT,
                            "model-in-training",
                            "Model in training",
                            jobs.size() + " queued or running job(s) will register a version of model '" + name
                                    + "' when they succeed (" + jobs.get(0) + (jobs.size() > 1 ? ", ..." : "")
                                    + "); cancel them or wait for them to end, then delete the model.")
                    .with("jobIds", jobs);
        }
        List<Integer> all = versions.ids(name).stream()
                .map(ModelVersionRepository.VersionId::version)
                .sorted()
                .toList();
        refuseWhilePinned(name, all);
        aliases.deleteAll(name);
        versions.deleteAll(name);
        models.delete(model);
        deleted(name, all);
    }

    /** 409 while a batch prediction not yet finished pinned one of these versions. */
    private void refuseWhilePinned(String name, List<Integer> gone) {
        List<String> pinning = users.orderedStream()
                .flatMap(u -> u.pinning(name, gone).stream())
                .toList();
        if (!pinning.isEmpty()) {
            throw new ApiException(
                            HttpStatus.CONFLICT,
                            "model-version-in-use",
                            "Model version in use",
                            pinning.size() + " unfinished batch prediction(s) pinned "
                                    + (gone.size() == 1 ? "version " + gone.get(0) : "a version") + " of model '"
                                    + name + "' (" + pinning.get(0) + (pinning.size() > 1 ? ", ..." : "")
                                    + "); cancel them or wait for them to end, then delete it.")
                    .with("batchIds", pinning);
        }
    }

    /** The jobs that registered them stop naming them; caches and other owners hear of it ({@link ModelVersionsDeleted}). */
    private void deleted(String name, List<Integer> gone) {
        links.ifAvailable(link -> link.detachModelVersions(name, gone));
        events.publishEvent(new ModelVersionsDeleted(name, gone));
    }

    /** The versions a deleted job registered stay (and keep predicting); they record that their job is gone. */
    @EventListener
    void on(JobDeleted event) {
        versions.markSourceJobDeleted(event.jobId(), event.at());
    }

    private RegisteredModelEntity lock(String name) {
        resolver.changing(name);
        jdbc.queryForObject("SELECT id FROM model_registry_lock WHERE id = 1 FOR UPDATE", Integer.class);
        return models.lock(name).orElseThrow(() -> new ModelNotFoundException(name));
    }
}
