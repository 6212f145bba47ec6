package io.dropwise.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A named pointer ({@code champion}, {@code staging}) to one version of a model; it can be moved. */
@Entity
@Table(name = "model_alias")
class ModelAliasEntity {

    @Embeddable
    record Key(
            @Column(name = "model_name", length = 128) String modelName,
            @Column(name = "alias", length = 64) String alias)
            implements Serializable {}

    @EmbeddedId
    private Key key;

    @Column(name = "version", nullable = false)
    private int version;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ModelAliasEntity() {}

    ModelAliasEntity(String modelName, String alias, int version, Instant updatedAt) {
        this.key = new Key(modelName, alias);
        this.version = version;
        this.updatedAt = updatedAt;
    }

    String modelName() {
        return key.modelName();
    }

    String alias() {
        return key.alias();
    }

    int version() {
        return version;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    void moveTo(int version, Instant now) {
        this.version = version;
        this.updatedAt = now;
    }
}
