package io.dropwise.sweep;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One trial of a sweep: its values (keyed by the search's paths) and its fold jobs' normalized spec. */
@Entity
@Table(name = "sweep_trial")
class SweepTrialEntity {

    @Embeddable
    record Key(String sweepId, int trial) implements Serializable {}

    @EmbeddedId
    private Key key;

    @Column(length = 20_000)
    private String paramsJson;

    @Column(length = 100_000)
    private String specJson;

    protected SweepTrialEntity() {}

    SweepTrialEntity(String sweepId, int trial, String paramsJson, String specJson) {
        this.key = new Key(sweepId, trial);
        this.paramsJson = paramsJson;
        this.specJson = specJson;
    }

    int trial() {
        return key.trial();
    }

    String paramsJson() {
        return paramsJson;
    }

    String specJson() {
        return specJson;
    }
}
