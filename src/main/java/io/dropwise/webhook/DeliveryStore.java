package io.dropwise.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The webhook tables ({@code V10__webhooks.sql}) through plain JDBC, inside the caller's transaction if any. */
@Repository
class DeliveryStore {

    static final String PENDING = "PENDING";
    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";

    private final JdbcTemplate jdbc;

    DeliveryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A target and its secret (null: the server's). */
    record Target(String url, String secret) {}

    /** A delivery taken for one attempt. */
    record Taken(String id, String type, String url, String secret, String payload, int attempt) {}

    void subscribe(String kind, String ownerId, Notify notify, Instant now) {
        jdbc.update(
                "insert into webhook_subscription (owner_kind, owner_id, url, secret, created_at) values (?, ?, ?, ?, ?)",
                kind,
                ownerId,
                notify.url(),
                notify.secret(),
                Timestamp.from(now));
    }

    Optional<Target> subscription(String kind, String ownerId) {
        return jdbc
                .query(
                        "select url, secret from webhook_subscription where owner_kind = ? and owner_id = ?",
                        (rs, i) -> new Target(rs.getString("url"), rs.getString("secret")),
                        kind,
                        ownerId)
                .stream()
                .findFirst();
    }

    void insert(String id, String kind, String ownerId, String type, Target target, String payload, Instant now) {
        jdbc.update(
                "insert into webhook_delivery (id, owner_kind, owner_id, event_type, url, secret, payload, status, "
                        + "attempts, created_at, next_attempt_at) values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                id,
                kind,
                ownerId,
                type,
                target.url(),
                target.secret(),
                payload,
                PENDING,
                Timestamp.from(now),
                Timestamp.from(now));
    }

    /**
     * Starts the next attempt of a PENDING delivery, committed before anything is sent: the log shows it in flight,
     * and an attempt left open by a killed instance is closed as interrupted. Empty when the delivery is over.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Optional<Taken> take(String id, Instant now) {
        int updated = jdbc.update(
                "update webhook_delivery set attempts = attempts + 1, next_attempt_at = null "
                        + "where id = ? and status = ?",
                id,
                PENDING);
        if (updated == 0) {
            return Optional.empty();
        }
        jdbc.update(
                "update webhook_attempt set finished_at = ?, error = ? where delivery_id = ? and finished_at is null",
                Timestamp.from(now),
                "interrupted: the instance stopped before the answer was recorded (the receiver may have it)",
                id);
        Taken taken = jdbc.queryForObject(
                "select id, event_type, url, secret, payload, attempts from webhook_delivery where id = ?",
                (rs, i) -> new Taken(
                        rs.getString("id"),
                        rs.getString("event_type"),
                        rs.getString("url"),
                        rs.getString("secret"),
                        rs.getString("payload"),
                        rs.getInt("attempts")),
                id);
        jdbc.update(
                "insert into webhook_attempt (delivery_id, attempt, started_at) values (?, ?, ?)",
                id,
                taken.attempt(),
                Timestamp.from(now));
        return Optional.of(taken);
    }

    /**
     * Records an attempt's outcome and the delivery's new status in one transaction: a recorded success is never
     * sent again, even if the instance dies before its scheduler removes the execution.
     *
     * @param next when the delivery is attempted again; null: it is over ({@code status} SUCCEEDED or FAILED)
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void finish(Taken taken, Instant now, Integer statusCode, String error, String status, Instant next) {
        jdbc.update(
                "update webhook_attempt set finished_at = ?, status_code = ?, error = ? "
                        + "where delivery_id = ? and attempt = ?",
                Timestamp.from(now),
                statusCode,
                clip(error),
                taken.id(),
                taken.attempt());
        jdbc.update(
                "update webhook_delivery set status = ?, next_attempt_at = ?, delivered_at = ?, last_error = ? "
                        + "where id = ?",
                status,
                next == null ? null : Timestamp.from(next),
                SUCCEEDED.equals(status) ? Timestamp.from(now) : null,
                clip(error),
                taken.id());
    }

    void forget(String kind, String ownerId) {
        jdbc.update(
                "delete from webhook_attempt where delivery_id in "
                        + "(select id from webhook_delivery where owner_kind = ? and owner_id = ?)",
                kind,
                ownerId);
        jdbc.update("delete from webhook_delivery where owner_kind = ? and owner_id = ?", kind, ownerId);
        jdbc.update("delete from webhook_subscription where owner_kind = ? and owner_id = ?", kind, ownerId);
    }

    List<DeliveryView> list(String kind, String ownerId) {
        List<DeliveryView> deliveries = jdbc.query(
                "select * from webhook_delivery where owner_kind = ? and owner_id = ? order by created_at, id",
                (rs, i) -> new DeliveryView(
                        rs.getString("id"),
                        rs.getString("event_type"),
                        rs.getString("url"),
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        instant(rs, "created_at"),
                        instant(rs, "next_attempt_at"),
                        instant(rs, "delivered_at"),
                        rs.getString("last_error"),
                        List.of()),
                kind,
                ownerId);
        return deliveries.stream()
                .map(d -> new DeliveryView(
                        d.id(),
                        d.type(),
                        d.url(),
                        d.status(),
                        d.attempts(),
                        d.createdAt(),
                        d.nextAttemptAt(),
                        d.deliveredAt(),
                        d.lastError(),
                        attempts(d.id())))
                .toList();
    }

    private List<DeliveryView.Attempt> attempts(String deliveryId) {
        return jdbc.query(
                "select * from webhook_attempt where delivery_id = ? order by attempt",
                (rs, i) -> new DeliveryView.Attempt(
                        rs.getInt("attempt"),
                        instant(rs, "started_at"),
                        instant(rs, "finished_at"),
                        (Integer) rs.getObject("status_code", Integer.class),
                        rs.getString("error")),
                deliveryId);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String clip(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 997) + "...";
    }
}
