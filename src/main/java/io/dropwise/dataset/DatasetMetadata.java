package io.dropwise.dataset;

import io.dropwise.engine.Task;
import java.time.Instant;

/** Everything about a stored dataset but its rows: what listing and describing read. */
interface DatasetMetadata {

    String getId();

    String getName();

    Task getTask();

    String getLabelColumn();

    int getRowCount();

    int getFeatureCount();

    int getInputWidth();

    String getSchemaJson();

    String getClassCounts();

    long getSizeBytes();

    long getStoredBytes();

    boolean isBuiltin();

    Instant getCreatedAt();
}
