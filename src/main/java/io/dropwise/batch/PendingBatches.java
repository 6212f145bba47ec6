package io.dropwise.batch;

import io.dropwise.model.ModelVersionUsers;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** For the model registry: the batch predictions being received, queued or running on a version they pinned. */
@Component
class PendingBatches implements ModelVersionUsers {

    private final NamedParameterJdbcTemplate jdbc;

    PendingBatches(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> pinning(String name, Collection<Integer> versions) {
        if (versions.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList(
                "select id from batch_prediction where model_name = :name and model_version in (:versions) "
                        + "and status in ('RECEIVING', 'QUEUED', 'RUNNING') order by created_at, id",
                new MapSqlParameterSource("name", name).addValue("versions", versions),
                String.class);
    }
}
