package io.dropwise.batch;

import io.dropwise.web.ApiException;
import io.dropwise.web.PageRequests;
import io.dropwise.web.PageView;
import io.dropwise.webhook.DeliveriesView;
import io.dropwise.webhook.Notify;
import io.dropwise.webhook.Webhooks;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /batch-predictions}: submit a CSV (raw {@code text/csv} body or a multipart {@code file}) for a model, follow
 * it, download the result, cancel it, delete it once it has ended.
 */
@RestController
@RequestMapping("/batch-predictions")
class BatchController {

    private static final String TEXT_CSV = "text/csv";
    private static final String APPLICATION_CSV = "application/csv";

    private final BatchSubmission submission;
    private final BatchStore store;
    private final BatchDeletion deletion;
    private final BatchWebhooks webhooks;
    private final Webhooks deliveries;

    BatchController(
            BatchSubmission submission,
            BatchStore store,
            BatchDeletion deletion,
            BatchWebhooks webhooks,
            Webhooks deliveries) {
        this.submission = submission;
        this.store = store;
        this.deletion = deletion;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    @PostMapping(consumes = {TEXT_CSV, APPLICATION_CSV})
    ResponseEntity<BatchView> submit(
            @RequestParam(required = false) String model,
            @RequestParam(required = false) String version,
            @RequestParam(required = false) Integer mcSamples,
            @RequestParam(required = false) Long mcSeed,
            @RequestParam(required = false) String notifyUrl,
            @RequestHeader(name = BatchWebhooks.SECRET_HEADER, required = false) String secret,
            InputStream body) {
        return accepted(submission.submit(model, version, mcSamples, mcSeed, webhooks.target(notifyUrl, secret), body));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<BatchView> submitFile(
            @RequestParam(required = false) String model,
            @RequestParam(required = false) String version,
            @RequestParam(required = false) Integer mcSamples,
            @RequestParam(required = false) Long mcSeed,
            @RequestParam(required = false) String notifyUrl,
            @RequestHeader(name = BatchWebhooks.SECRET_HEADER, required = false) String secret,
            @RequestPart("file") MultipartFile file)
            throws IOException {
        Notify notify = webhooks.target(notifyUrl, secret);
        try (InputStream in = file.getInputStream()) {
            return accepted(submission.submit(model, version, mcSamples, mcSeed, notify, in));
        }
    }

    @GetMapping
    PageView<BatchView> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        PageRequest request = PageRequests.of(page, size, Sort.unsorted());
        long total = store.countVisible();
        return new PageView<>(
                store.page((int) request.getOffset(), size).stream()
                        .map(BatchView::of)
                        .toList(),
                page,
                size,
                total,
                (int) ((total + size - 1) / size));
    }

    @GetMapping("/{id}")
    BatchView get(@PathVariable String id) {
        return BatchView.of(find(id));
    }

    /** The result as CSV, streamed one stored chunk at a time. */
    @GetMapping("/{id}/result")
    void result(@PathVariable String id, HttpServletResponse response) throws IOException {
        Batch batch = find(id);
        if (BatchView.of(batch).result() == null) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "batch-result-not-ready",
                    "Result not ready",
                    "Batch " + id + " is " + batch.status() + "; its result is there once it has SUCCEEDED (or, for"
                            + " a cancelled batch, the rows done before it stopped).");
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + id + ".csv\"");
        OutputStream out = response.getOutputStream();
        out.write(ChunkCodec.headerLine(BatchJson.strings(batch.outputHeader())).getBytes(StandardCharsets.UTF_8));
        for (int seq = 0; seq < batch.chunksDone(); seq++) {
            byte[] chunk = store.outputChunk(id, seq);
            if (chunk == null) {
                throw new IllegalStateException("result chunk " + seq + " of batch " + id + " is missing");
            }
            try (InputStream in = ChunkCodec.readText(chunk)) {
                in.transferTo(out);
            }
        }
        out.flush();
    }

    /** The delivery log of the batch's completion webhook ({@code notifyUrl}). */
    @GetMapping("/{id}/deliveries")
    DeliveriesView deliveries(@PathVariable String id) {
        find(id);
        return deliveries.deliveries(BatchWebhooks.KIND, id);
    }

    @PostMapping("/{id}/cancel")
    ResponseEntity<BatchView> cancel(@PathVariable String id) {
        Batch before = find(id);
        if (BatchStore.TERMINAL.contains(before.status()) && !"CANCELLED".equals(before.status())) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "batch-finished",
                    "Batch finished",
                    "Batch " + id + " is " + before.status() + "; only a queued or running batch can be cancelled.");
        }
        Batch after = store.cancel(id).orElseThrow(() -> notFound(id));
        HttpStatus status = "RUNNING".equals(after.status()) ? HttpStatus.ACCEPTED : HttpStatus.OK;
        return ResponseEntity.status(status).location(location(id)).body(BatchView.of(after));
    }

    /** Deletes an ended batch: its result, its chunks and its webhook deliveries (409 while queued or running). */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!deletion.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private Batch find(String id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    private ResponseEntity<BatchView> accepted(String id) {
        return ResponseEntity.accepted().location(location(id)).body(BatchView.of(find(id)));
    }

    private static URI location(String id) {
        return URI.create("/batch-predictions/" + id);
    }

    private static ApiException notFound(String id) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                "batch-not-found",
                "Batch prediction not found",
                "No batch prediction with id '" + id + "'. GET /batch-predictions lists them.");
    }
}
