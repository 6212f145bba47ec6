package io.dropwise.batch;

import io.dropwise.web.ApiException;
import io.dropwise.webhook.Webhooks;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code DELETE /batch-predictions/{id}} for a batch that has ended: in one transaction it is marked
 * {@value BatchStore#DELETING} (from then on it is gone for every route) and its webhook deliveries are forgotten;
 * then its chunk rows and its row are deleted, a few chunks per statement. A crash in between leaves a
 * {@value BatchStore#DELETING} batch that the next instance to start deletes ({@link BatchConfiguration}).
 */
@Component
class BatchDeletion {

    private static final Logger log = LoggerFactory.getLogger(BatchDeletion.class);

    private final BatchStore store;
    private final JdbcTemplate jdbc;
    private final Webhooks deliveries;

    BatchDeletion(BatchStore store, JdbcTemplate jdbc, Webhooks deliveries) {
        this.store = store;
        this.jdbc = jdbc;
        this.deliveries = deliveries;
    }

    /**
     * Deletes an ended batch: its result, its chunks, its webhook deliveries.
     *
     * @return false for an unknown batch
     * @throws ApiException 409 {@code batch-not-finished} for a queued or running batch
     */
    boolean delete(String id) {
        Boolean found = store.transactions().execute(tx -> {
            List<String> status =
                    jdbc.queryForList("select status from batch_prediction where id = ? for update", String.class, id);
            if (status.isEmpty() || BatchStore.HIDDEN.contains(status.get(0))) {
                return false;
            }
            if (!BatchStore.TERMINAL.contains(status.get(0))) {
                throw new ApiException(
                                HttpStatus.CONFLICT,
                                "batch-not-finished",
                                "Batch not finished",
                                "Batch " + id + " is " + status.get(0) + "; only a finished batch (SUCCEEDED, FAILED"
                                        + " or CANCELLED) can be deleted. Cancel it first: POST /batch-predictions/"
                                        + id + "/cancel.")
                        .with("batchStatus", status.get(0));
            }
            jdbc.update("update batch_prediction set status = ? where id = ?", BatchStore.DELETING, id);
            deliveries.forget(BatchWebhooks.KIND, id);
            return true;
        });
        if (!Boolean.TRUE.equals(found)) {
            return false;
        }
        store.discard(id);
        log.info("Batch {} deleted", id);
        return true;
    }

    /** Deletions a crash interrupted (any instance's): finished at startup. */
    void finishInterrupted() {
        for (String id : jdbc.queryForList(
                "select id from batch_prediction where status = ?", String.class, BatchStore.DELETING)) {
            log.info("Deleting batch {}: its deletion was interrupted", id);
            store.discard(id);
        }
    }
}
