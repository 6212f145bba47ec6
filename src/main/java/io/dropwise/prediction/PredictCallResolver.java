package io.dropwise.prediction;

import io.dropwise.model.VersionSelector;
import io.dropwise.web.BufferedBodyRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Resolves {@link PredictCall}: path variables straight from the matched URI template, the body read by the
 * application's JSON mapper (same settings, same errors: a bad body is an {@link HttpMessageNotReadableException},
 * a non-JSON content type an {@link HttpMediaTypeNotSupportedException}, both rendered by the problem handler).
 * A UTF-8 body of known length that is already in memory (a larger one that {@code BodyPrefetchFilter} received
 * whole before dispatching it, such as a call of 1,024 rows), or else of up to {@value #NUMERIC_MAX_BYTES} bytes, read
 * whole first, is turned into rows without the general mapping when it has the common shape (straight from its bytes
 * by {@link DecimalRows}, or from the parser's tokens by {@link NumericInstances}); any other body is mapped from
 * those bytes as before. A larger body that was not received whole (the prefetch's memory budget was spent) is read
 * from the stream by the general mapping, as before: it is not copied into memory here.
 */
final class PredictCallResolver implements HandlerMethodArgumentResolver {

    /**
     * Bodies up to this size are read whole and tried as numeric rows even when they are not in memory yet
     * ({@code BodyPrefetchFilter}'s bound for a body that arrived with its headers).
     */
    static final int NUMERIC_MAX_BYTES = 64 * 1024;

    private final ObjectReader reader;
    private final boolean numeric;
    private final boolean decimal;

    PredictCallResolver(ObjectMapper json) {
        this.reader = json.readerFor(PredictRequest.class);
        this.numeric = NumericInstances.applies(reader);
        this.decimal = DecimalRows.applies(reader);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == PredictCall.class;
    }

    @Override
    public PredictCall resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory)
            throws Exception {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String name = variables.get("name");
        String version = variables.get("version");
        VersionSelector selector = version == null ? VersionSelector.LATEST : VersionSelector.parse(version, name);
        return new PredictCall(name, selector, body(request));
    }

    private PredictBody body(HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
        MediaType contentType = contentType(request);
        Charset charset = contentType.getCharset();
        long length = request.getContentLengthLong();
        boolean utf8 = charset == null || charset.equals(StandardCharsets.UTF_8);
        byte[] received = BufferedBodyRequest.received(request);
        boolean inMemory = received != null && received.length == length;
        if (numeric && utf8 && length > 0 && (length <= NUMERIC_MAX_BYTES || inMemory)) {
            byte[] bytes = inMemory ? received : whole(request, (int) length);
            float[][] rows = decimal ? DecimalRows.read(bytes) : null;
            if (rows == null) {
                rows = NumericInstances.read(reader, bytes);
            }
            return rows != null
                    ? PredictBody.numeric(rows, () -> map(bytes, request))
                    : PredictBody.of(map(bytes, request));
        }
        return PredictBody.of(map(request, charset));
    }

    /**
     * The body's bytes read from the stream (the caller takes a body the prefetch filter holds whole as it is); a
     * failed read is reported as the JSON reader reported it when it read the stream itself.
     */
    private static byte[] whole(HttpServletRequest request, int length) {
        try (InputStream in = request.getInputStream()) {
            return in.readNBytes(length);
        } catch (IOException e) {
            throw new HttpMessageNotReadableException(
                    "JSON parse error: " + JacksonIOException.construct(e).getOriginalMessage(),
                    JacksonIOException.construct(e),
                    new ServletServerHttpRequest(request));
        }
    }

    private PredictRequest map(byte[] bytes, HttpServletRequest request) {
        try {
            return reader.readValue(new ByteArrayInputStream(bytes));
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException(
                    "JSON parse error: " + e.getOriginalMessage(), e, new ServletServerHttpRequest(request));
        }
    }

    private PredictRequest map(HttpServletRequest request, Charset charset) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return charset == null || charset.equals(StandardCharsets.UTF_8)
                    ? reader.readValue(in)
                    : reader.readValue(new InputStreamReader(in, charset));
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException(
                    "JSON parse error: " + e.getOriginalMessage(), e, new ServletServerHttpRequest(request));
        }
    }

    private static MediaType contentType(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
        String header = request.getContentType();
        MediaType type = null;
        try {
            type = header == null ? null : MediaType.parseMediaType(header);
        } catch (IllegalArgumentException malformed) {
            // answered like a missing one below
        }
        boolean json = type != null
                && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
                        || "application".equals(type.getType()) && "json".equals(type.getSubtypeSuffix()));
        if (!json) {
            throw new HttpMediaTypeNotSupportedException(type, List.of(MediaType.APPLICATION_JSON), HttpMethod.POST);
        }
        return type;
    }
}
