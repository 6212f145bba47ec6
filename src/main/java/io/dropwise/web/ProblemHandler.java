package io.dropwise.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Renders every error as {@code application/problem+json}: a stable {@code type} per kind of problem, a human
 * {@code title}, a {@code detail} that says what to change, and {@code errors[]} ({@code field}, {@code message})
 * for validation. A 500 says nothing internal.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private static final Map<Integer, URI> TYPES_BY_STATUS = Map.of(
            400, ProblemTypes.MALFORMED_REQUEST,
            404, ProblemTypes.NOT_FOUND,
            405, ProblemTypes.METHOD_NOT_ALLOWED,
            406, ProblemTypes.NOT_ACCEPTABLE,
            413, ProblemTypes.PAYLOAD_TOO_LARGE,
            415, ProblemTypes.UNSUPPORTED_MEDIA_TYPE);

    private static final Pattern CHARSET_PARAMETER = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]*)");
    private static final Pattern REJECTED_HEADER = Pattern.compile("the header: \"([^\"]{1,100})\"");
    private static final Pattern ACCEPTED_ENUM_VALUES = Pattern.compile("accepted for Enum class: (\\[[^\\]]*\\])");

    /** One invalid field of a request. */
    public record FieldProblem(String field, String message) {}

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldProblem(e.getField(), message(e)))
                .toList();
        return validation(errors, headers, request, ex);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(e -> new FieldProblem(r.getMethodParameter().getParameterName(), e.getDefaultMessage())))
                .toList();
        return validation(errors, headers, request, ex);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // a chunked body cut off by RequestBodyLimitFilter reaches here wrapped by the JSON reader: still a 413
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return handleExceptionInternal(
                        tooLarge, tooLarge.getBody(), headers, tooLarge.getStatusCode(), request);
            }
        }
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setTitle("Malformed request");
        problem.setType(ProblemTypes.MALFORMED_REQUEST);
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            problem.setType(ProblemTypes.VALIDATION);
            problem.setTitle("Invalid request");
            String field = path(unknown);
            problem.setDetail("Unknown field '" + field + "'. Known fields here: " + unknown.getKnownPropertyIds());
            problem.setProperty("errors", List.of(new FieldProblem(field, "unknown field")));
        } else if (cause instanceof InvalidFormatException invalid) {
            problem.setType(ProblemTypes.VALIDATION);
            problem.setTitle("Invalid request");
            String field = path(invalid);
            String expected =
                    invalid.getTargetType() != null && invalid.getTargetType().isEnum()
                            ? "one of " + enumValues(invalid)
                            : "a value of type "
                                    + (invalid.getTargetType() == null
                                            ? "?"
                                            : invalid.getTargetType().getSimpleName());
            problem.setDetail("Field '" + field + "' has the value " + quote(invalid.getValue()) + "; expected "
                    + expected + ".");
            problem.setProperty("errors", List.of(new FieldProblem(field, "expected " + expected)));
        } else if (cause instanceof JacksonException json) {
            problem.setDetail("The body is not valid JSON for this request: " + json.getOriginalMessage());
        } else {
            problem.setDetail("The request body is missing or cannot be read.");
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "The upload is larger than the server accepts (dropwise.limits.max-upload-bytes). Send less.");
        problem.setTitle("Payload too large");
        problem.setType(ProblemTypes.PAYLOAD_TOO_LARGE);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getContentType() == null
                ? unreadableContentType(request.getHeader(HttpHeaders.CONTENT_TYPE))
                : "Content-Type '" + ex.getContentType() + "' is not accepted here.";
        if (!ex.getSupportedMediaTypes().isEmpty()) {
            detail += " Send one of: " + MediaType.toString(ex.getSupportedMediaTypes()) + ".";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail);
        problem.setTitle("Unsupported media type");
        problem.setType(ProblemTypes.UNSUPPORTED_MEDIA_TYPE);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse errorResponse) {
            // what the base class would do next; done here so the problem gets its type below
            body = errorResponse.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem && isBlank(problem.getType())) {
            problem.setType(TYPES_BY_STATUS.getOrDefault(statusCode.value(), ProblemTypes.MALFORMED_REQUEST));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    /** Spring could not parse the header at all (e.g. an unknown charset): say what was sent and why. */
    private static String unreadableContentType(String header) {
        if (header == null || header.isBlank()) {
            return "The request has no Content-Type.";
        }
        Matcher charset = CHARSET_PARAMETER.matcher(header);
        if (charset.find() && !isKnownCharset(charset.group(1))) {
            return "Content-Type '" + header + "' names charset '" + charset.group(1) + "', which this server does not"
                    + " know. Send UTF-8 (charset=UTF-8) or another standard charset such as ISO-8859-1.";
        }
        return "Content-Type '" + header + "' cannot be parsed as a media type.";
    }

    private static boolean isKnownCharset(String name) {
        try {
            return java.nio.charset.Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A header value Spring Security's firewall refuses (control or non-ASCII characters), found when a handler reads
     * the header: the client's mistake, so a 400 naming the header, not a 500.
     */
    @ExceptionHandler(RequestRejectedException.class)
    public ResponseEntity<Object> handleRejectedHeader(RequestRejectedException ex, WebRequest request) {
        Matcher header = REJECTED_HEADER.matcher(String.valueOf(ex.getMessage()));
        String field = header.find() ? header.group(1).trim() : "header";
        List<FieldProblem> errors = List.of(new FieldProblem(field, "must be visible ASCII characters"));
        return validation(errors, new HttpHeaders(), request, ex);
    }

    /** Anything unexpected: logged here with its stack trace, answered with nothing internal. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        log.error("Unhandled error on {}", request.getDescription(false), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "The server could not complete the request. It has been logged.");
        problem.setTitle("Internal error");
        problem.setType(ProblemTypes.INTERNAL);
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    private ResponseEntity<Object> validation(
            List<FieldProblem> errors, HttpHeaders headers, WebRequest request, Exception ex) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setType(ProblemTypes.VALIDATION);
        problem.setTitle("Invalid request");
        problem.setDetail(
                errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String message(FieldError e) {
        return e.getDefaultMessage() == null ? "is invalid" : e.getDefaultMessage();
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    /** The values Jackson accepts for the enum, as its own message lists them (they honor @JsonProperty etc.). */
    private static String enumValues(InvalidFormatException e) {
        Matcher accepted = ACCEPTED_ENUM_VALUES.matcher(String.valueOf(e.getOriginalMessage()));
        if (accepted.find()) {
            return accepted.group(1);
        }
        return java.util.Arrays.stream(e.getTargetType().getEnumConstants())
                .map(Object::toString)
                .toList()
                .toString();
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static boolean isBlank(URI type) {
        return type == null || "about:blank".equals(type.toString());
    }
}
