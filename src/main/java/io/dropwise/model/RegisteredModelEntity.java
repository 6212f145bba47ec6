package io.dropwise.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A model name and its newest version number. */
@Entity
@Table(name = "registered_model")
class RegisteredModelEntity {

    @Id
    @Column(name = "name", length = 128)
    private String name;

    @Column(name = "latest_version", nullable = false)
    private int latestVersion;

    /** The highest number ever handed out (numbers are not reused after a deletion). */
    @Column(name = "highest_version", nullable = false)
    private int highestVersion;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected RegisteredModelEntity() {}

    RegisteredModelEntity(String name, Instant createdAt) {
        this.name = name;
        this.latestVersion = 0;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    String name() {
        return name;
    }

    int latestVersion() {
        return latestVersion;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    /** Reserves the next version number. Callers hold the registry lock. */
    int nextVersion(Instant now) {
        highestVersion = Math.max(highestVersion, latestVersion) + 1;
        latestVersion = highestVersion;
        updatedAt = now;
        return latestVersion;
    }

    /** After versions were deleted: the newest one left (0 when none is), never reused by {@link #nextVersion}. */
    void versionsDeleted(int newestLeft, Instant now) {
        highestVersion = Math.max(highestVersion, latestVersion);
        latestVersion = newestLeft;
        updatedAt = now;
    }

    void touch(Instant now) {
        updatedAt = now;
    }
}
