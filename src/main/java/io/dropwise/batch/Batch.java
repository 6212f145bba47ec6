package io.dropwise.batch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** A {@code batch_prediction} row. */
record Batch(
        String id,
        String status,
        String modelName,
        int modelVersion,
        Integer mcSamples,
        Long mcSeed,
        String inputHeader,
        String outputHeader,
        long inputBytes,
        long totalRows,
        int totalChunks,
        long rowsDone,
        int chunksDone,
        int attempts,
        String worker,
        boolean cancelRequested,
        String metrics,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant modelDeletedAt) {

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The row under {@code rs}'s cursor, selected with {@code BatchStore.COLUMNS}. */
    static Batch row(ResultSet rs, int n) throws SQLException {
        return new Batch(
                rs.getString("id"),
                rs.getString("status"),
                rs.getString("model_name"),
                rs.getInt("model_version"),
                (Integer) rs.getObject("mc_samples", Integer.class),
                (Long) rs.getObject("mc_seed", Long.class),
                rs.getString("input_header"),
                rs.getString("output_header"),
                rs.getLong("input_bytes"),
                rs.getLong("total_rows"),
                rs.getInt("total_chunks"),
                rs.getLong("rows_done"),
                rs.getInt("chunks_done"),
                rs.getInt("attempts"),
                rs.getString("worker"),
                rs.getBoolean("cancel_requested"),
                rs.getString("metrics"),
                rs.getString("error"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                instant(rs, "model_deleted_at"));
    }
}
