package io.dropwise.sweep;

import io.dropwise.config.SweepProperties;
import io.dropwise.dataset.DatasetDescription;
import io.dropwise.dataset.DatasetProvider;
import io.dropwise.engine.Task;
import io.dropwise.training.JobSpec;
import io.dropwise.training.SweepJobs;
import io.dropwise.web.Names;
import io.dropwise.web.ProblemHandler.FieldProblem;
import io.dropwise.web.ValidationException;
import io.dropwise.webhook.Webhooks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a sweep request completely before anything is stored: the base spec, the search's paths and values, the
 * validation, objective and pruning, and the job spec of EVERY trial through the one job-spec check. Every problem
 * comes back at once, each naming its field ({@code search.grid.model.hiddenLayers[*].dropout}, ...).
 */
@Component
class SweepPlanner {

    static final int DEFAULT_FOLDS = 5;
    static final long DEFAULT_SEED = 1;
    static final int DEFAULT_AFTER_EPOCHS = 5;
    private static final int MAX_PROBLEMS = 20;

    /** Left out of the normalized spec when absent (then it is the training's epochs). */
    private static final String SCHEDULE_LENGTH = "training.learningRateSchedule.epochs";

    private final SweepJobs jobs;
    private final DatasetProvider datasets;
    private final SweepProperties properties;
    private final JsonMapper json;
    private final Webhooks webhooks;

    SweepPlanner(
            SweepJobs jobs, DatasetProvider datasets, SweepProperties properties, JsonMapper json, Webhooks webhooks) {
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.datasets = datasets;
        this.properties = properties;
        this.json = json;
    }

    /** @throws ValidationException 400 listing every problem */
    SweepPlan plan(SweepRequest r) {
        List<FieldProblem> problems = new ArrayList<>();
        if (r.base() == null || !r.base().isObject()) {
            throw ValidationException.of("base", "must be a job spec object, e.g. {\"datasetId\": \"iris\"}");
        }
        JobSpec baseRequest;
        try {
            baseRequest = json.treeToValue(r.base(), JobSpec.class);
        } catch (RuntimeException e) {
            throw ValidationException.of("base", "is not a valid job spec: " + e.getMessage());
        }
        String datasetId = baseRequest.datasetId();
        DatasetDescription dataset = datasetId == null || datasetId.isBlank() || datasetId.length() > 64
                ? null
                : datasets.describe(datasetId).orElse(null);
        SweepJobs.SpecCheck base = jobs.check(baseRequest, dataset);
        base.problems().forEach(p -> problems.add(new FieldProblem("base." + p.field(), p.message())));
        if (r.name() != null && !Names.isValid(r.name())) {
            problems.add(new FieldProblem("name", Names.RULE));
        }
        if (baseRequest.notification() != null) {
            problems.add(new FieldProblem(
                    "base.notify", "a sweep's trial jobs do not notify: put notify at the sweep's top level"));
        }
        problems.addAll(webhooks.problems("notify", r.notification()));
        ValidationException.throwIfAny(problems);
        String name = r.name() != null ? r.name() : dataset.name();
        ObjectNode baseTree = json.valueToTree(base.spec());
        baseTree.put("name", name);
        scheduleLength(r.search(), baseTree);

        SweepRequest.Validation validation = SweepValidation.check(
                r.validation(), dataset, () -> datasets.load(dataset.id()).data(), jobs.sweepQueuePlaces(), problems);
        Objective objective = objective(r.objective(), dataset, problems);
        SweepRequest.Pruning pruning = pruning(r.pruning(), problems);
        int concurrency = r.maxConcurrentTrials() == null ? 1 : r.maxConcurrentTrials();
        if (concurrency < 1) {
            problems.add(new FieldProblem("maxConcurrentTrials", "must be at least 1"));
        }
        List<Map<String, JsonNode>> points = points(r.search(), baseTree, problems);
        ValidationException.throwIfAny(problems);

        SweepRequest.Search search = r.search();
        String prefix = search.grid() != null ? "search.grid." : "search.random.space.";
        ObjectNode foldBase = baseTree.deepCopy();
        double fraction = validation.folds() != null ? 1.0 / validation.folds() : validation.holdout();
        ObjectNode training = (ObjectNode) foldBase.get("training");
        training.put("validationFraction", fraction);
        ((ObjectNode) training.get("earlyStopping"))
                .put("metric", objective == Objective.VALIDATION_ACCURACY ? "validationAccuracy" : "validationLoss");
        List<SweepPlan.Trial> trials = new ArrayList<>();
        Set<FieldProblem> refused = new LinkedHashSet<>();
        for (int t = 0; t < points.size(); t++) {
            Map<String, JsonNode> params = points.get(t);
            ObjectNode tree = foldBase.deepCopy();
            params.forEach((path, value) -> SpecPaths.set(tree, path, value));
            JobSpec spec;
            try {
                spec = json.treeToValue(tree, JobSpec.class);
            } catch (RuntimeException e) {
                String path = params.keySet().iterator().next();
                refused.add(new FieldProblem(prefix + path, "trial " + t + " " + params + ": not a valid value"));
                continue;
            }
            SweepJobs.SpecCheck checked = jobs.check(spec, dataset);
            for (FieldProblem p : checked.problems()) {
                String path = params.keySet().stream()
                        .filter(k -> SpecPaths.covers(k, p.field()))
                        .findFirst()
                        .orElse(null);
                String field = path != null ? prefix + path : "base." + p.field();
                refused.add(new FieldProblem(
                        field,
                        "value " + (path != null ? params.get(path) : "") + ": " + p.field() + " " + p.message()));
            }
            trials.add(new SweepPlan.Trial(t, params, checked.spec()));
        }
        refused.stream().limit(MAX_PROBLEMS).forEach(problems::add);
        ValidationException.throwIfAny(problems);

        SweepRequest normalized = new SweepRequest(
                name,
                baseTree,
                search,
                validation,
                objective.json,
                pruning,
                concurrency,
                r.refit() == null || r.refit(),
                r.notification() == null ? null : r.notification().withoutSecret());
        int folds = validation.folds() != null ? validation.folds() : 1;
        return new SweepPlan(name, datasetId, normalized, trials, folds);
    }

    private List<Map<String, JsonNode>> points(
            SweepRequest.Search search, ObjectNode base, List<FieldProblem> problems) {
        if (search == null || (search.grid() == null) == (search.random() == null)) {
            problems.add(new FieldProblem("search", "give exactly one of 'grid' and 'random'"));
            return List.of();
        }
        if (search.grid() != null) {
            LinkedHashMap<String, List<JsonNode>> grid = search.grid();
            if (grid.isEmpty()) {
                problems.add(new FieldProblem("search.grid", "name at least one path and its values"));
            }
            grid.forEach((path, values) -> {
                checkPath("search.grid." + path, path, base, problems);
                if (values == null || values.isEmpty()) {
                    problems.add(new FieldProblem("search.grid." + path, "must be a non-empty array of values"));
                }
            });
            long size = SearchSpace.gridSize(grid);
            if (size > properties.maxTrials()) {
                problems.add(new FieldProblem(
                        "search.grid",
                        "the grid has " + (size == Long.MAX_VALUE ? "too many" : Long.toString(size))
                                + " trials; at most " + properties.maxTrials()
                                + " are allowed (dropwise.sweeps.max-trials): use fewer values or a random search"));
            }
            return problems.isEmpty() ? SearchSpace.grid(grid) : List.of();
        }
        SweepRequest.RandomSearch random = search.random();
        if (random.trials() == null || random.trials() < 1) {
            problems.add(new FieldProblem(
                    "search.random.trials", "a random search needs a budget: the number of trials to draw (>= 1)"));
        } else if (random.trials() > properties.maxTrials()) {
            problems.add(new FieldProblem(
                    "search.random.trials",
                    "at most " + properties.maxTrials() + " trials are allowed (dropwise.sweeps.max-trials)"));
        }
        if (random.space() == null || random.space().isEmpty()) {
            problems.add(new FieldProblem("search.random.space", "name at least one path and its distribution"));
            return List.of();
        }
        random.space().keySet().forEach(path -> checkPath("search.random.space." + path, path, base, problems));
        SearchSpace.checkSpace(random.space(), problems);
        if (!problems.isEmpty()) {
            return List.of();
        }
        long seed = random.seed() == null ? DEFAULT_SEED : random.seed();
        return SearchSpace.random(
                random.trials(),
                seed,
                random.space(),
                path -> SpecPaths.resolve(base, path).stream().allMatch(JsonNode::isIntegralNumber));
    }

    /**
     * An absent schedule length ({@code training.learningRateSchedule.epochs}) is left out of the normalized spec; a
     * search over it starts from what absent means, the training's epochs, so that the path names a value.
     */
    private static void scheduleLength(SweepRequest.Search search, ObjectNode base) {
        java.util.Set<String> paths = search == null
                ? java.util.Set.of()
                : search.grid() != null
                        ? search.grid().keySet()
                        : search.random() != null && search.random().space() != null
                                ? search.random().space().keySet()
                                : java.util.Set.of();
        if (paths.contains(SCHEDULE_LENGTH)
                && base.at("/training/learningRateSchedule") instanceof ObjectNode schedule
                && !schedule.has("epochs")) {
            schedule.put("epochs", base.at("/training/epochs").asInt());
        }
    }

    private static void checkPath(String field, String path, ObjectNode base, List<FieldProblem> problems) {
        try {
            if (!SpecPaths.reachesValues(base, path)) {
                problems.add(new FieldProblem(
                        field,
                        "unknown path '" + path + "': it names no value of the job spec (see GET /jobs/{id} for "
                                + "the normalized spec's fields)"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, e.getMessage()));
        }
    }

    private static Objective objective(String value, DatasetDescription dataset, List<FieldProblem> problems) {
        Objective objective = value == null ? Objective.VALIDATION_LOSS : Objective.parse(value);
        Task task = dataset.schema().task();
        if (objective == null) {
            problems.add(
                    new FieldProblem("objective", "must be one of validationLoss, validationAccuracy, validationRmse"));
            return Objective.VALIDATION_LOSS;
        }
        if (objective == Objective.VALIDATION_ACCURACY && task != Task.CLASSIFICATION) {
            problems.add(new FieldProblem("objective", "validationAccuracy needs a classification dataset"));
        }
        if (objective == Objective.VALIDATION_RMSE && task != Task.REGRESSION) {
            problems.add(new FieldProblem("objective", "validationRmse needs a regression dataset"));
        }
        return objective;
    }

    private static SweepRequest.Pruning pruning(SweepRequest.Pruning p, List<FieldProblem> problems) {
        String type = p == null || p.type() == null ? "none" : p.type();
        if (!type.equals("none") && !type.equals("median")) {
            problems.add(new FieldProblem("pruning.type", "must be 'median' or 'none'"));
        }
        Integer after =
                type.equals("median") ? (p.afterEpochs() == null ? DEFAULT_AFTER_EPOCHS : p.afterEpochs()) : null;
        if (after != null && after < 1) {
            problems.add(new FieldProblem("pruning.afterEpochs", "must be at least 1"));
        }
        return new SweepRequest.Pruning(type, after);
    }
}
