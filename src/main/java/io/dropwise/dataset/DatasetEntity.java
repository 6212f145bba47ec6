package io.dropwise.dataset;

import io.dropwise.engine.Task;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import org.springframework.data.domain.Persistable;

/**
 * One stored dataset. {@code data} is the {@link DatasetCodec} blob, {@code schemaJson} the {@link DatasetSchema}
 * as JSON, {@code classCounts} a JSON array of rows per class. Reads that need no rows go through
 * {@link DatasetMetadata} so the blob stays in the database.
 */
@Entity
@Table(name = "dataset")
class DatasetEntity implements Persistable<String> {

    @Id
    private String id;

    private String name;

    @Enumerated(EnumType.STRING)
    private Task task;

    private String labelColumn;
    private int rowCount;
    private int featureCount;
    private int inputWidth;

    @Column(length = 1_000_000)
    private String schemaJson;

    @Column(length = 20_000)
    private String classCounts;

    private byte[] data;
    private long sizeBytes;
    private long storedBytes;
    private boolean builtin;
    private Instant createdAt;

    @Transient
    private boolean isNew;

    protected DatasetEntity() {}

    DatasetEntity(
            String id,
            String name,
            DatasetSchema schema,
            String schemaJson,
            String classCounts,
            int rows,
            byte[] data,
            long sizeBytes,
            boolean builtin,
            Instant createdAt) {
        this.id = id;
        this.name = name;
        this.task = schema.task();
        this.labelColumn = schema.labelColumn();
        this.rowCount = rows;
        this.featureCount = schema.features().size();
        this.inputWidth = schema.encodedWidth();
        this.schemaJson = schemaJson;
        this.classCounts = classCounts;
        this.data = data;
        this.sizeBytes = sizeBytes;
        this.storedBytes = data.length;
        this.builtin = builtin;
        this.createdAt = createdAt;
        this.isNew = true;
    }

    @Override
    public String getId() {
        return id;
    }

    /** True until saved: lets {@code save} insert without a select first (ids are assigned here, not generated). */
    @Override
    public boolean isNew() {
        return isNew;
    }

    String getName() {
        return name;
    }

    Task getTask() {
        return task;
    }

    String getLabelColumn() {
        return labelColumn;
    }

    int getRowCount() {
        return rowCount;
    }

    int getFeatureCount() {
        return featureCount;
    }

    int getInputWidth() {
        return inputWidth;
    }

    String getSchemaJson() {
        return schemaJson;
    }

    String getClassCounts() {
        return classCounts;
    }

    byte[] getData() {
        return data;
    }

    long getSizeBytes() {
        return sizeBytes;
    }

    long getStoredBytes() {
        return storedBytes;
    }

    boolean isBuiltin() {
        return builtin;
    }

    Instant getCreatedAt() {
        return createdAt;
    }
}
