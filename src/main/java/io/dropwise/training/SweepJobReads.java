package io.dropwise.training;

import io.dropwise.training.SweepJobs.Metrics;
import io.dropwise.training.SweepJobs.SweepJob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The reads a sweep coordinator pass makes, each one query whose answer does not grow with the epochs run: a sweep's
 * jobs with the metrics at their best epoch (one row per job), how far jobs got, and per job the best value of each
 * validation figure up to an epoch (aggregated in the database). They join the caller's transaction.
 */
@Component
class SweepJobReads {

    private static final String JOBS = "select j.id, j.trial, j.fold, j.status, j.epochs, j.current_epoch, "
            + "j.best_epoch, j.cancel_reason, j.model_name, j.model_version, j.error, j.created_at, j.started_at, "
            + "j.finished_at, m.epoch as metric_epoch, m.validation_loss, m.validation_accuracy, m.validation_rmse, "
            + "m.gap from training_job j left join epoch_metric m on m.job_id = j.id and m.epoch = j.best_epoch "
            + "where j.sweep_id = ? order by j.trial, j.fold, j.id";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    SweepJobReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    List<SweepJob> jobs(String sweepId) {
        return jdbc.query(JOBS, (rs, i) -> job(rs), sweepId);
    }

    /** The last epoch each of these jobs recorded; a job with none is absent. */
    Map<String, Integer> lastEpochs(Collection<String> jobIds) {
        Map<String, Integer> last = new HashMap<>();
        if (!jobIds.isEmpty()) {
            named.query(
                    "select job_id, max(epoch) as last_epoch from epoch_metric where job_id in (:ids) group by job_id",
                    new MapSqlParameterSource("ids", jobIds),
                    rs -> {
                        last.put(rs.getString("job_id"), rs.getInt("last_epoch"));
                    });
        }
        return last;
    }

    /**
     * Per fold job of the sweep that recorded an epoch up to {@code epoch}: the lowest validation loss, the highest
     * validation accuracy and the lowest validation RMSE over those epochs (a value that was not finite is stored as
     * null and so never counts). {@code gap} is null.
     */
    Map<String, Metrics> bestsUpTo(String sweepId, int epoch) {
        Map<String, Metrics> bests = new HashMap<>();
        jdbc.query(
                "select m.job_id, min(m.validation_loss) as best_loss, max(m.validation_accuracy) as best_accuracy, "
                        + "min(m.validation_rmse) as best_rmse from epoch_metric m join training_job j "
                        + "on j.id = m.job_id where j.sweep_id = ? and j.fold is not null and m.epoch <= ? "
                        + "group by m.job_id",
                rs -> {
                    bests.put(
                            rs.getString("job_id"),
                            new Metrics(
                                    doubleOrNull(rs, "best_loss"),
                                    doubleOrNull(rs, "best_accuracy"),
                                    doubleOrNull(rs, "best_rmse"),
                                    null));
                },
                sweepId,
                epoch);
        return bests;
    }

    private static SweepJob job(ResultSet rs) throws SQLException {
        Integer bestEpoch = intOrNull(rs, "best_epoch");
        Metrics best = bestEpoch != null && intOrNull(rs, "metric_epoch") != null
                ? new Metrics(
                        doubleOrNull(rs, "validation_loss"),
                        doubleOrNull(rs, "validation_accuracy"),
                        doubleOrNull(rs, "validation_rmse"),
                        doubleOrNull(rs, "gap"))
                : null;
        return new SweepJob(
                rs.getString("id"),
                rs.getInt("trial"),
                intOrNull(rs, "fold"),
                JobStatus.valueOf(rs.getString("status")),
                rs.getInt("epochs"),
                rs.getInt("current_epoch"),
                bestEpoch,
                rs.getString("cancel_reason"),
                rs.getString("model_name"),
                intOrNull(rs, "model_version"),
                rs.getString("error"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                best);
    }

    private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
