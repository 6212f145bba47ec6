package io.dropwise.training;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A checkpoint's bytes as rows of {@link #CHUNK_BYTES} in {@code checkpoint_chunk}, streamed both ways: a writer
 * fills one chunk at a time and commits every {@link #CHUNKS_PER_TRANSACTION}; a reader fetches one chunk at a
 * time. Neither JPA, the JDBC driver (PgJDBC materializes a {@code bytea} on read) nor H2's row store ever holds
 * more than a few chunks, whatever the size of the checkpoint.
 */
@Component
class CheckpointChunks {

    static final int CHUNK_BYTES = 256 * 1024;
    /** 2 MiB per commit: short transactions, a small undo log. */
    static final int CHUNKS_PER_TRANSACTION = 8;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    CheckpointChunks(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** How many chunk rows and bytes a write produced. */
    record Written(int chunks, long bytes) {}

    /** Something that writes the bytes to store. */
    interface Source {
        void writeTo(OutputStream out) throws IOException;
    }

    Written write(long checkpointId, Source source) {
        try (ChunkOutput out = new ChunkOutput(checkpointId)) {
            source.writeTo(out);
            out.close();
            return new Written(out.seq, out.bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + checkpointId + " failed", e);
        }
    }

    /** The bytes of a checkpoint of {@code chunks} rows; 0 chunks: one written before chunking, in its own row. */
    InputStream open(long checkpointId, int chunks) {
        return new ChunkInput(checkpointId, chunks);
    }

    /** Deletes the chunk rows, a few per transaction, then the checkpoint row. */
    void delete(long checkpointId) {
        Integer last = jdbc.queryForObject(
                "select max(seq) from checkpoint_chunk where checkpoint_id = ?", Integer.class, checkpointId);
        for (int from = last == null ? 0 : last + 1; from > 0; from -= CHUNKS_PER_TRANSACTION) {
            jdbc.update(
                    "delete from checkpoint_chunk where checkpoint_id = ? and seq >= ?",
                    checkpointId,
                    Math.max(0, from - CHUNKS_PER_TRANSACTION));
        }
        jdbc.update("delete from checkpoint where id = ?", checkpointId);
    }

    /** Chunk rows whose checkpoint row is gone (a write fenced or killed after its row was removed). */
    List<Long> orphans() {
        return jdbc.queryForList(
                "select distinct k.checkpoint_id from checkpoint_chunk k where not exists "
                        + "(select 1 from checkpoint c where c.id = k.checkpoint_id)",
                Long.class);
    }

    private final class ChunkOutput extends OutputStream {

        private final long checkpointId;
        private final List<byte[]> pending = new ArrayList<>();
        private byte[] chunk = new byte[CHUNK_BYTES];
        private int used;
        private int seq;
        private long bytes;
        private boolean closed;

        ChunkOutput(long checkpointId) {
            this.checkpointId = checkpointId;
        }

        @Override
        public void write(int b) {
            if (used == chunk.length) {
                next();
            }
            chunk[used++] = (byte) b;
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (used == chunk.length) {
                    next();
                }
                int n = Math.min(len, chunk.length - used);
                System.arraycopy(b, off, chunk, used, n);
                used += n;
                off += n;
                len -= n;
                bytes += n;
            }
        }

        private void next() {
            pending.add(chunk);
            chunk = new byte[CHUNK_BYTES];
            used = 0;
            if (pending.size() == CHUNKS_PER_TRANSACTION) {
                insertPending();
            }
        }

        private void insertPending() {
            List<Object[]> rows = new ArrayList<>(pending.size());
            for (byte[] data : pending) {
                rows.add(new Object[] {checkpointId, seq++, data});
            }
            transactions.executeWithoutResult(tx ->
                    jdbc.batchUpdate("insert into checkpoint_chunk (checkpoint_id, seq, data) values (?, ?, ?)", rows));
            pending.clear();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (used > 0) {
                pending.add(used == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, used));
            }
            if (!pending.isEmpty()) {
                insertPending();
            }
            chunk = null;
        }
    }

    private final class ChunkInput extends InputStream {

        private final long checkpointId;
        private final int chunks;
        private byte[] chunk = new byte[0];
        private int pos;
        private int next;

        ChunkInput(long checkpointId, int chunks) {
            this.checkpointId = checkpointId;
            this.chunks = chunks;
        }

        private boolean fill() throws IOException {
            while (pos == chunk.length) {
                if (chunks == 0 && next == 0) {
                    chunk = jdbc.queryForObject("select data from checkpoint where id = ?", byte[].class, checkpointId);
                } else if (next >= Math.max(chunks, 1)) {
                    return false;
                } else {
                    List<byte[]> found = jdbc.queryForList(
                            "select data from checkpoint_chunk where checkpoint_id = ? and seq = ?",
                            byte[].class,
                            checkpointId,
                            next);
                    if (found.isEmpty()) {
                        throw new EOFException("chunk " + next + " of checkpoint " + checkpointId + " is missing");
                    }
                    chunk = found.get(0);
                }
                next++;
                pos = 0;
                if (chunk == null) {
                    chunk = new byte[0];
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
