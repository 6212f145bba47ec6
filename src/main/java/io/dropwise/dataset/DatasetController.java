package io.dropwise.dataset;

import io.dropwise.config.LimitsProperties;
import io.dropwise.engine.Task;
import io.dropwise.web.ApiException;
import io.dropwise.web.Names;
import io.dropwise.web.PageRequests;
import io.dropwise.web.PageView;
import io.dropwise.web.PayloadTooLargeException;
import io.dropwise.web.ProblemHandler.FieldProblem;
import io.dropwise.web.ValidationException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
 * {@code /datasets}: upload a CSV (raw {@code text/csv} body or multipart {@code file}), list, describe, delete.
 */
@RestController
@RequestMapping("/datasets")
class DatasetController {

    static final String TEXT_CSV = "text/csv";
    static final String APPLICATION_CSV = "application/csv";
    private static final String DEFAULT_NAME = "dataset";
    private static final String MAX_UPLOAD_SETTING = "dropwise.limits.max-upload-bytes";

    private final DatasetService datasets;
    private final LimitsProperties limits;

    DatasetController(DatasetService datasets, LimitsProperties limits) {
        this.datasets = datasets;
        this.limits = limits;
    }

    @PostMapping(consumes = {TEXT_CSV, APPLICATION_CSV})
    ResponseEntity<DatasetView> uploadCsv(
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String labelColumn,
            @RequestParam(required = false) String task,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
            HttpServletRequest request,
            InputStream body)
            throws IOException {
        DatasetService.UploadRequest upload = request(name == null ? DEFAULT_NAME : name, labelColumn, task);
        if (request.getContentLengthLong() > limits.maxUploadBytes()) {
            throw new PayloadTooLargeException(limits.maxUploadBytes(), MAX_UPLOAD_SETTING);
        }
        Charset charset = contentType.getCharset() != null ? contentType.getCharset() : StandardCharsets.UTF_8;
        return created(datasets.upload(upload, body, charset));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DatasetView> uploadMultipart(
            @RequestPart("file") MultipartFile file,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String labelColumn,
            @RequestParam(required = false) String task)
            throws IOException {
        DatasetService.UploadRequest upload =
                request(name == null ? nameFromFile(file.getOriginalFilename()) : name, labelColumn, task);
        if (file.getSize() > limits.maxUploadBytes()) {
            throw new PayloadTooLargeException(limits.maxUploadBytes(), MAX_UPLOAD_SETTING);
        }
        try (InputStream in = file.getInputStream()) {
            return created(datasets.upload(upload, in, StandardCharsets.UTF_8));
        }
    }

    @GetMapping
    PageView<DatasetSummaryView> list(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return datasets.list(PageRequests.of(page, size, Sort.by("createdAt", "id")));
    }

    @GetMapping("/{id}")
    DatasetView get(@PathVariable String id) {
        return datasets.view(id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        datasets.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** The parser speaks of rows and columns; here its refusal becomes a 400 problem with a stable type. */
    @ExceptionHandler(InvalidDatasetException.class)
    ResponseEntity<ProblemDetail> invalidDataset(InvalidDatasetException e) {
        ApiException problem = switch (e.kind()) {
            case INVALID_CSV -> new ApiException(HttpStatus.BAD_REQUEST, "invalid-csv", "Invalid CSV", e.getMessage());
            case UNUSABLE_DATASET ->
                new ApiException(HttpStatus.BAD_REQUEST, "invalid-dataset", "Unusable dataset", e.getMessage());
            case LIMIT_EXCEEDED ->
                new ApiException(HttpStatus.BAD_REQUEST, "dataset-limit-exceeded", "Dataset too large", e.getMessage());
            case UNKNOWN_LABEL_COLUMN ->
                new ApiException(HttpStatus.BAD_REQUEST, "validation", "Invalid request", e.getMessage())
                        .with("errors", List.of(new FieldProblem("labelColumn", "no such column")));
        };
        e.properties().forEach(problem::with);
        return ResponseEntity.status(problem.getStatusCode()).body(problem.getBody());
    }

    private static ResponseEntity<DatasetView> created(DatasetView view) {
        return ResponseEntity.created(URI.create("/datasets/" + view.id())).body(view);
    }

    private static DatasetService.UploadRequest request(String name, String labelColumn, String task) {
        List<FieldProblem> errors = new ArrayList<>();
        if (!Names.isValid(name)) {
            errors.add(new FieldProblem("name", Names.RULE));
        }
        Task parsedTask = null;
        if (task != null && !task.isBlank()) {
            try {
                parsedTask = Task.valueOf(task.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("task", "must be 'classification' or 'regression'"));
            }
        }
        ValidationException.throwIfAny(errors);
        return new DatasetService.UploadRequest(name, labelColumn, parsedTask);
    }

    /** The file name without its extension, reduced to the characters a dataset name may hold. */
    static String nameFromFile(String filename) {
        if (filename == null) {
            return DEFAULT_NAME;
        }
        String base = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        String cleaned = base.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "");
        cleaned = cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
        return cleaned.isEmpty() ? DEFAULT_NAME : cleaned;
    }
}
