package io.dropwise.batch;

import io.dropwise.model.ModelVersionsDeleted;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A model version deleted (the event is published inside the deleting transaction): the finished batches scored with
 * it record when, so that their {@code model} no longer reads as a version that exists (after {@code DELETE
 * /models/{name}} and a new registration the same number names another model). They keep the name and number as
 * provenance. Unfinished batches cannot be affected: a version they pin is refused deletion ({@link PendingBatches}).
 */
@Component
class BatchModelLink {

    private final NamedParameterJdbcTemplate jdbc;

    BatchModelLink(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ModelVersionsDeleted event) {
        if (event.versions().isEmpty()) {
            return;
        }
        jdbc.update(
                "update batch_prediction set model_deleted_at = :now where model_name = :name "
                        + "and model_version in (:versions) and model_deleted_at is null",
                new MapSqlParameterSource("name", event.name())
                        .addValue("versions", event.versions())
                        .addValue("now", OffsetDateTime.now(ZoneOffset.UTC)));
    }
}
