package io.dropwise.dataset;

import io.dropwise.engine.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Installs the built-in datasets ({@code src/main/resources/datasets}, see NOTICE.md there) before the application
 * takes requests, through the same parser as uploads; each only if absent, so restarts and several instances
 * starting at once on one database are safe.
 */
@Component
class BuiltinDatasets implements SmartInitializingSingleton {

    /** A built-in dataset: its id (also its name and file name), its label column and its task. */
    record Builtin(String id, String labelColumn, Task task) {}

    static final List<Builtin> ALL = List.of(
            new Builtin("iris", "species", Task.CLASSIFICATION),
            new Builtin("breast-cancer", "diagnosis", Task.CLASSIFICATION),
            new Builtin("wine", "cultivar", Task.CLASSIFICATION),
            new Builtin("digits", "digit", Task.CLASSIFICATION),
            new Builtin("diabetes", "progression", Task.REGRESSION));

    private static final Logger log = LoggerFactory.getLogger(BuiltinDatasets.class);

    private final DatasetService datasets;

    BuiltinDatasets(DatasetService datasets) {
        this.datasets = datasets;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Builtin builtin : ALL) {
            try (InputStream csv = new ClassPathResource("datasets/" + builtin.id() + ".csv").getInputStream()) {
                if (datasets.installBuiltin(builtin, csv, StandardCharsets.UTF_8)) {
                    log.info("Installed built-in dataset {}", builtin.id());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in dataset " + builtin.id(), e);
            }
        }
    }
}
